import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { Value } from 'typebox/value';
import type { Metrics } from '../adapters/metrics.js';
import type { QueueBackend } from '../adapters/queue/index.js';
import { isDatabaseUnavailable } from '../db/database.js';
import { retryDelayMs, TaskErrorCode, type QueueName } from '../domain/tasks.js';
import { PermanentJobError } from '../errors.js';
import type { TaskLifecycleService } from '../services/task-lifecycle.service.js';
import { TaskChannel, type TaskQueuePort } from '../services/task-queue.port.js';
import { ChildCrashedError, ChildPool, type ChildRun } from './child/pool.js';
import { CancelledError, createJobContext } from './context.js';
import type { JobRegistry } from './registry.js';

export interface WorkerSettings {
  queues: readonly QueueName[];
  concurrency: number;
  retryDelayMs: number;
  softTimeLimitMs: number;
  hardTimeLimitMs: number;
  progressThrottleMs: number;
  lockDurationMs: number;
  maxTasksPerChild: number;
  childMemoryMb: number;
}

/** The process is stopping and the grace period ran out: the job goes back to the queue as stalled. */
export class ShutdownError extends Error {
  constructor() {
    super('The worker stopped before the task finished; it will run again');
    this.name = 'ShutdownError';
  }
}

export class TimeLimitError extends Error {
  constructor(
    readonly kind: 'soft' | 'hard',
    limitMs: number,
  ) {
    super(`The task exceeded its ${kind} time limit of ${Math.round(limitMs / 1000)} s`);
    this.name = 'TimeLimitError';
  }
}

/** How long a finished attempt waits for an unreachable database to record its outcome. */
const DATABASE_WAIT_MS = 5 * 60_000;

type AnyWorker = InstanceType<QueueBackend['classes']['Worker']>;
interface JobData {
  taskId?: string;
  /** A job of a job scheduler, with no task row; the rest of the data is its handler's payload. */
  system?: boolean;
  [field: string]: unknown;
}

/**
 * Runs task jobs from the given queues: each job's task row goes PENDING → PROCESSING → SUCCESS | FAILED
 * | CANCELLED, with progress, retries (transient errors only), soft and hard time limits, and cancels
 * that reach the worker running the job, whichever machine it is on.
 */
export class TaskWorker {
  private readonly workers: AnyWorker[] = [];
  private readonly children: ChildPool;
  private unsubscribe: (() => void) | undefined;
  private readonly shutdown = new AbortController();
  /** Jobs being processed now, to know when a stopping worker has drained. */
  private running = 0;
  private stopping = false;

  constructor(
    private readonly deps: {
      backend: QueueBackend;
      queue: TaskQueuePort;
      registry: JobRegistry;
      lifecycle: TaskLifecycleService;
      metrics: Metrics;
      logger: Logger;
    },
    private readonly settings: WorkerSettings,
  ) {
    deps.registry.assertComplete();
    this.children = new ChildPool({
      maxTasksPerChild: settings.maxTasksPerChild,
      memoryMb: settings.childMemoryMb,
      preloadPdf: true,
    });
  }

  async start(): Promise<void> {
    // Cancels are broadcast; the worker holding the job aborts it, the others ignore it.
    this.unsubscribe = this.deps.queue.subscribe(TaskChannel.cancel, (data) => {
      const taskId = (data as { taskId?: unknown }).taskId;
      if (typeof taskId === 'string')
        for (const worker of this.workers) worker.cancelJob(taskId, 'cancelled');
    });
    for (const name of this.settings.queues) {
      const worker = new this.deps.backend.classes.Worker<JobData>(
        name,
        (job: Job<JobData>, _token?: string, signal?: AbortSignal) => this.process(job, signal),
        {
          ...this.deps.backend.baseOptions(),
          concurrency: this.settings.concurrency,
          lockDuration: this.settings.lockDurationMs,
          stalledInterval: this.settings.lockDurationMs,
          // A job whose worker died twice in a row is failed rather than looping forever.
          maxStalledCount: 2,
          autorun: false,
        },
      );
      // Once stopping, connections closing under the worker are expected, not errors.
      worker.on('error', (err) =>
        this.stopping
          ? this.deps.logger.debug({ err, queue: name }, 'worker connection closed while stopping')
          : this.deps.logger.error({ err, queue: name }, 'worker error'),
      );
      this.workers.push(worker as unknown as AnyWorker);
      void worker.run();
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    this.deps.logger.info(
      { queues: this.settings.queues, concurrency: this.settings.concurrency },
      'workers started',
    );
  }

  private async process(job: Job<JobData>, bullSignal: AbortSignal | undefined): Promise<unknown> {
    this.running++;
    try {
      return await this.runJob(job, bullSignal);
    } finally {
      this.running--;
    }
  }

  private async runJob(job: Job<JobData>, bullSignal: AbortSignal | undefined): Promise<unknown> {
    if (job.data.system) return this.runSystemJob(job);
    const taskId = job.data.taskId ?? job.id;
    if (!taskId) throw new UnrecoverableError('job without a task id');
    const attempt = job.attemptsMade + 1;
    const row = await this.deps.lifecycle.begin(taskId, attempt);
    if (!row) {
      // Cancelled before it started (or already finished): make sure the row says so, do no work.
      const current = await this.deps.lifecycle.find(taskId);
      if (
        current &&
        current.cancelRequestedAt &&
        (current.status === 'PENDING' || current.status === 'PROCESSING')
      ) {
        await this.deps.lifecycle.cancelled(taskId);
      }
      return { skipped: true };
    }
    const startedAt = performance.now();
    const logger = this.deps.logger.child({ taskId, type: row.type, attempt });
    const definition = this.deps.registry.get(row.type);
    const controller = new AbortController();
    // Listeners on long-lived signals are removed when the job ends (the `signal` option), or every
    // job would leave one behind on the worker's shutdown signal.
    const done = new AbortController();
    const forward = (source: AbortSignal | undefined, reason: () => Error) =>
      source?.addEventListener('abort', () => controller.abort(reason()), {
        once: true,
        signal: done.signal,
      });
    forward(bullSignal, () => new CancelledError());
    forward(this.shutdown.signal, () => new ShutdownError());
    const soft = setTimeout(
      () => controller.abort(new TimeLimitError('soft', this.settings.softTimeLimitMs)),
      this.settings.softTimeLimitMs,
    );
    const childRuns: ChildRun<unknown>[] = [];
    let hard: NodeJS.Timeout | undefined;
    const hardLimit = new Promise<never>((_, reject) => {
      hard = setTimeout(() => {
        for (const run of childRuns) run.kill();
        reject(new TimeLimitError('hard', this.settings.hardTimeLimitMs));
      }, this.settings.hardTimeLimitMs);
    });
    try {
      if (!definition)
        throw new PermanentJobError(TaskErrorCode.INTERNAL_ERROR, `No handler for ${row.type}`);
      // Defaults fill fields added to a payload schema after the task was submitted.
      const payload = Value.Default(definition.payload, structuredClone(row.payload));
      if (!Value.Check(definition.payload, payload))
        throw new PermanentJobError(TaskErrorCode.INVALID_PAYLOAD, 'The task payload is invalid');
      const ctx = createJobContext({
        row,
        attempt,
        controller,
        lifecycle: this.deps.lifecycle,
        children: this.children,
        throttleMs: this.settings.progressThrottleMs,
        finished: done.signal,
        logger,
        onChildRun: (run) => childRuns.push(run),
      });
      const result = await Promise.race([definition.handler(payload as never, ctx), hardLimit]);
      await this.deps.lifecycle.succeed(taskId, result);
      this.record(row.type, 'SUCCESS', startedAt);
      return { done: true };
    } catch (error) {
      const outcome = await this.settleDurably(() =>
        this.settle(taskId, attempt, row.maxAttempts, controller.signal, error, logger),
      );
      this.record(row.type, outcome.status, startedAt);
      throw outcome.error;
    } finally {
      done.abort();
      clearTimeout(soft);
      clearTimeout(hard);
      hardLimit.catch(() => undefined);
    }
  }

  /**
   * Records how an attempt ended even when the database dropped mid-job (a job that failed *because* the
   * database went away cannot record that until it is back): waits for it, once a second, while the
   * process runs. Without this the task row stayed PROCESSING while the queue had lost track of the
   * attempt. After `DATABASE_WAIT_MS` it gives up; BullMQ then treats the job as stalled or failed.
   */
  private async settleDurably<T>(settle: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + DATABASE_WAIT_MS;
    for (;;) {
      try {
        return await settle();
      } catch (error) {
        if (!isDatabaseUnavailable(error) || this.shutdown.signal.aborted || Date.now() > deadline)
          throw error;
        this.deps.logger.warn(
          { err: error },
          'database unavailable; recording the task outcome when it is back',
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Records how an attempt ended and returns what to throw to BullMQ (retry or not). */
  private async settle(
    taskId: string,
    attempt: number,
    maxAttempts: number,
    signal: AbortSignal,
    error: unknown,
    logger: Logger,
  ): Promise<{ error: Error; status: 'FAILED' | 'CANCELLED' | 'RETRY' | 'HANDED_BACK' }> {
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof ShutdownError) {
      logger.warn('handed back at shutdown; the task stays PROCESSING until another worker picks it up');
      return { error: reason, status: 'HANDED_BACK' };
    }
    if (error instanceof CancelledError || reason instanceof CancelledError) {
      await this.deps.lifecycle.cancelled(taskId);
      logger.info('task cancelled');
      return { error: new UnrecoverableError('cancelled'), status: 'CANCELLED' };
    }
    if (error instanceof TimeLimitError || reason instanceof TimeLimitError) {
      const limit = error instanceof TimeLimitError ? error : (reason as TimeLimitError);
      await this.deps.lifecycle.fail(taskId, TaskErrorCode.TIME_LIMIT_EXCEEDED, limit.message);
      logger.warn({ limit: limit.kind }, 'task exceeded its time limit');
      return { error: new UnrecoverableError(limit.message), status: 'FAILED' };
    }
    if (error instanceof PermanentJobError) {
      await this.deps.lifecycle.fail(taskId, error.code, error.message);
      logger.info({ code: error.code }, 'task failed permanently');
      return { error: new UnrecoverableError(error.message), status: 'FAILED' };
    }
    const err = error instanceof Error ? error : new Error(String(error));
    const code = isDatabaseUnavailable(err)
      ? 'DATABASE_UNAVAILABLE'
      : typeof (err as { code?: unknown }).code === 'string'
        ? (err as unknown as { code: string }).code
        : err instanceof ChildCrashedError
          ? 'WORKER_PROCESS_CRASHED'
          : 'TASK_FAILED';
    if (attempt >= maxAttempts) {
      await this.deps.lifecycle.fail(taskId, code, `${err.message} (after ${attempt} attempts)`);
      logger.warn({ err }, 'task failed after its last attempt');
      return { error: new UnrecoverableError(err.message), status: 'FAILED' };
    }
    const nextRetryAt = new Date(Date.now() + retryDelayMs(this.settings.retryDelayMs, attempt));
    await this.deps.lifecycle.retryLater(taskId, nextRetryAt, code, err.message);
    logger.info({ err, nextRetryAt }, 'task failed; will retry');
    return { error: err, status: 'RETRY' };
  }

  private record(type: string, status: string, startedAt: number): void {
    const { metrics } = this.deps;
    metrics.duration.observe({ type, outcome: status }, (performance.now() - startedAt) / 1000);
    if (status === 'RETRY') metrics.retries.inc({ type });
    else if (status !== 'HANDED_BACK') metrics.finished.inc({ type, status });
  }

  private async runSystemJob(job: Job<JobData>): Promise<unknown> {
    const definition = this.deps.registry.get(job.name);
    if (!definition) throw new UnrecoverableError(`No handler for ${job.name}`);
    const logger = this.deps.logger.child({ job: job.name });
    const ctx = {
      taskId: job.id ?? job.name,
      organizationId: '',
      userId: null,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      signal: this.shutdown.signal,
      logger,
      progress: () => Promise.resolve(),
      runInChild: () => Promise.reject(new Error('system jobs run inline')),
    };
    const { system: _system, ...payload } = job.data;
    if (!Value.Check(definition.payload, payload))
      throw new UnrecoverableError(`Invalid payload for system job ${job.name}`);
    const result = await definition.handler(payload, ctx);
    logger.info({ result }, 'system job done');
    return result;
  }

  /**
   * Stops taking jobs and lets running ones finish for up to `graceMs`. Then it closes without them
   * (their locks lapse, so another worker takes them over as stalled, without spending an attempt) and
   * aborts their handlers.
   */
  async close(graceMs: number): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    // Stop fetching first; a close() already in progress would ignore a later forced close.
    await Promise.all(this.workers.map((w) => w.pause(true)));
    const drained = await this.whenIdle(graceMs);
    if (drained) {
      await Promise.all(this.workers.map((w) => w.close()));
    } else {
      await Promise.all(this.workers.map((w) => w.close(true)));
      this.shutdown.abort();
    }
    await this.children.close();
  }

  /** Resolves true once no job is running, or false when `ms` pass first. */
  private async whenIdle(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.running > 0) {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, Math.min(100, deadline - Date.now())));
    }
    return true;
  }
}
