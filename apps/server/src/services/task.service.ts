import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { TaskPriority, TaskRow } from '../db/types.js';
import { FINISHED_STATUSES, TASK_TYPES, type TaskStatus, type TaskType } from '../domain/tasks.js';
import { AppError, notFound } from '../errors.js';
import type { Repositories, TaskFilter } from '../repositories/index.js';
import { isAdmin, type Principal } from './principal.js';
import { TaskChannel, type TaskQueuePort } from './task-queue.port.js';
import { taskEvent, type TaskView } from './task-view.js';

export interface TaskPolicy {
  maxRetries: number;
  retryDelayMs: number;
}

export interface TaskServiceDeps {
  repos: Pick<Repositories, 'tasks'>;
  queue: TaskQueuePort;
  policy: TaskPolicy;
  logger: Logger;
}

export type TaskResult =
  { kind: 'finished'; row: TaskRow; result: unknown } | { kind: 'failed'; row: TaskRow };

export type CancelOutcome =
  | { kind: 'cancelled'; row: TaskRow }
  | { kind: 'cancelling'; row: TaskRow }
  | { kind: 'result_deleted'; row: TaskRow };

const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

/** How long a submit waits for the queue before leaving the job to the sweeper (and answering 202). */
const ENQUEUE_WAIT_MS = 2_000;

/** Submitting, reading and cancelling tasks on behalf of users. */
export class TaskService {
  constructor(private readonly deps: TaskServiceDeps) {}

  /**
   * Writes the task row first, then adds the job with jobId = task id. If the process dies in between,
   * the sweeper finds the PENDING row without a job and enqueues it. With an idempotency key, the same
   * key and payload return the first task; a different payload with that key is refused. `fingerprint`
   * stands in for the payload in that comparison when the payload differs on every request for the same
   * input (an upload is stored under a new file id each time).
   */
  async submit(
    principal: Principal,
    type: TaskType,
    payload: unknown,
    idempotencyKey?: string,
    /** What makes two requests the same, when not the payload itself (an upload: its content hash). */
    sameRequestAs: unknown = payload,
    priority: TaskPriority = 'normal',
  ): Promise<TaskRow> {
    const requestHash = idempotencyKey
      ? createHash('sha256')
          .update(`${type}\n${canonicalJson(sameRequestAs)}`)
          .digest('hex')
      : undefined;
    const { row, created } = await this.deps.repos.tasks.create({
      organizationId: principal.organizationId,
      userId: principal.userId,
      type,
      queue: TASK_TYPES[type].queue,
      payload,
      maxAttempts: this.deps.policy.maxRetries + 1,
      idempotencyKey,
      requestHash,
      priority,
    });
    if (!created && row.requestHash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        422,
        'This Idempotency-Key was used for a different request',
      );
    }
    if (row.status === 'PENDING') await this.enqueue(row);
    return row;
  }

  /**
   * Adds the task's job (a no-op when it exists). Failures are left to the sweeper, not the client, and
   * so is a queue that does not answer within ENQUEUE_WAIT_MS (a frozen Redis would otherwise hold the
   * submit request forever; the add may still land later, harmlessly: the job id is the task id).
   */
  async enqueue(row: TaskRow): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const added = this.deps.queue.enqueue({
        queue: row.queue,
        taskId: row.id,
        type: row.type,
        attempts: row.maxAttempts,
        backoffMs: this.deps.policy.retryDelayMs,
        priority: row.priority,
      });
      added.catch(() => undefined); // after a timeout nobody awaits it
      await Promise.race([
        added,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`queue did not answer in ${ENQUEUE_WAIT_MS} ms`)),
            ENQUEUE_WAIT_MS,
          );
        }),
      ]);
      return true;
    } catch (err) {
      this.deps.logger.warn({ err, taskId: row.id }, 'could not enqueue the task; the sweeper will retry');
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async get(principal: Principal, taskId: string): Promise<TaskRow> {
    const row = await this.deps.repos.tasks.findVisible(
      principal.organizationId,
      taskId,
      isAdmin(principal) ? null : principal.userId,
    );
    if (!row) throw notFound('Task');
    return row;
  }

  async result(principal: Principal, taskId: string): Promise<TaskResult> {
    const row = await this.get(principal, taskId);
    if (!FINISHED_STATUSES.includes(row.status)) {
      throw new AppError('TASK_NOT_FINISHED', 409, `The task is ${row.status}; its result is not ready`);
    }
    if (row.status !== 'SUCCESS') return { kind: 'failed', row };
    if (row.resultExpiresAt !== null && row.resultExpiresAt.getTime() <= Date.now()) {
      throw new AppError(
        'RESULT_EXPIRED',
        410,
        `The result expired at ${row.resultExpiresAt.toISOString()} and was removed`,
      );
    }
    if (row.resultDeletedAt !== null) throw new AppError('RESULT_DELETED', 410, 'The result was deleted');
    return { kind: 'finished', row, result: row.result };
  }

  async list(principal: Principal, filter: Omit<TaskFilter, 'userId'> & { all?: boolean | undefined }) {
    const userId = filter.all && isAdmin(principal) ? undefined : principal.userId;
    return this.deps.repos.tasks.list(principal.organizationId, { ...filter, userId });
  }

  /**
   * PENDING: the job is removed and the task ends CANCELLED now. PROCESSING: the cancel is broadcast to
   * whichever worker runs it, which aborts the handler and ends the task CANCELLED. Finished: the
   * stored result is deleted.
   */
  async cancel(principal: Principal, taskId: string): Promise<CancelOutcome> {
    const visible = await this.get(principal, taskId);
    if (FINISHED_STATUSES.includes(visible.status)) {
      await this.deps.repos.tasks.deleteResult(visible.id);
      return { kind: 'result_deleted', row: visible };
    }
    const row = await this.deps.repos.tasks.requestCancel(visible.id);
    if (!row) return this.cancel(principal, taskId); // it finished meanwhile
    if (row.status === 'PENDING') {
      await this.deps.queue.remove(row.queue, row.id);
      const ended = await this.deps.repos.tasks.finish(
        row.id,
        'CANCELLED',
        { code: 'CANCELLED', message: 'Cancelled by the user' },
        new Date(),
      );
      if (ended) {
        await this.publish(ended);
        return { kind: 'cancelled', row: ended };
      }
    }
    await this.deps.queue.publish(TaskChannel.cancel, { taskId: row.id });
    return { kind: 'cancelling', row };
  }

  async publish(row: TaskRow): Promise<void> {
    try {
      await this.deps.queue.publish(TaskChannel.updated, taskEvent(row));
    } catch (err) {
      this.deps.logger.warn({ err, taskId: row.id }, 'could not publish a task update');
    }
  }

  /** Whether `principal` may watch this task's events (same rule as reading it). */
  canSee(principal: Principal, event: { organizationId: string; userId: string | null }): boolean {
    return (
      event.organizationId === principal.organizationId &&
      (isAdmin(principal) || event.userId === principal.userId)
    );
  }
}

export type { TaskView, TaskStatus };
