import type { Logger } from 'pino';
import type { TaskRow } from '../db/types.js';
import type { Repositories } from '../repositories/index.js';
import type { TaskQueuePort } from './task-queue.port.js';
import type { TaskService } from './task.service.js';

export interface TaskLifecycleDeps {
  repos: Pick<Repositories, 'tasks'>;
  queue: TaskQueuePort;
  tasks: TaskService;
  resultTtlSeconds: number;
  logger: Logger;
}

/**
 * The worker's side of a task's life: every state change is a guarded write to the tasks table
 * followed by a broadcast, so the API, SSE clients and other workers see the same truth.
 */
export class TaskLifecycleService {
  constructor(private readonly deps: TaskLifecycleDeps) {}

  private expiry(): Date {
    return new Date(Date.now() + this.deps.resultTtlSeconds * 1000);
  }

  private async changed(row: TaskRow | undefined): Promise<TaskRow | undefined> {
    if (row) await this.deps.tasks.publish(row);
    return row;
  }

  /** Marks the attempt started; undefined when the task must not run (cancelled or finished). */
  async begin(taskId: string, attempt: number): Promise<TaskRow | undefined> {
    return this.changed(await this.deps.repos.tasks.start(taskId, attempt));
  }

  async find(taskId: string): Promise<TaskRow | undefined> {
    return this.deps.repos.tasks.findById(taskId);
  }

  /** Writes progress and broadcasts it; tells the caller whether a cancel was requested meanwhile. */
  async progress(row: TaskRow, percent: number, message: string): Promise<{ cancelRequested: boolean }> {
    const state = await this.deps.repos.tasks.progress(row.id, percent, message);
    if (!state) return { cancelRequested: true }; // no longer PROCESSING: stop
    const now = new Date();
    await this.deps.tasks.publish({
      ...row,
      progressPercent: percent,
      progressMessage: message,
      updatedAt: now,
    });
    return state;
  }

  async succeed(taskId: string, result: unknown): Promise<TaskRow | undefined> {
    return this.changed(await this.deps.repos.tasks.succeed(taskId, result, this.expiry()));
  }

  async fail(taskId: string, code: string, message: string): Promise<TaskRow | undefined> {
    return this.changed(
      await this.deps.repos.tasks.finish(taskId, 'FAILED', { code, message }, this.expiry()),
    );
  }

  async cancelled(taskId: string): Promise<TaskRow | undefined> {
    return this.changed(
      await this.deps.repos.tasks.finish(
        taskId,
        'CANCELLED',
        { code: 'CANCELLED', message: 'Cancelled by the user' },
        this.expiry(),
      ),
    );
  }

  async retryLater(
    taskId: string,
    nextRetryAt: Date,
    code: string,
    message: string,
  ): Promise<TaskRow | undefined> {
    return this.changed(await this.deps.repos.tasks.scheduleRetry(taskId, nextRetryAt, { code, message }));
  }

  /**
   * Re-enqueues PENDING tasks whose job is missing (the process died between writing the row and adding
   * the job, or the queue lost it). Adding is idempotent (jobId = task id), so a race does no harm.
   */
  async sweep(olderThanMs: number): Promise<number> {
    const stale = await this.deps.repos.tasks.listStalePending(new Date(Date.now() - olderThanMs), 500);
    let repaired = 0;
    for (const row of stale) {
      if (await this.deps.queue.exists(row.queue, row.id)) continue;
      if (await this.deps.tasks.enqueue(row)) repaired++;
    }
    if (repaired > 0) this.deps.logger.warn({ repaired }, 'sweeper re-enqueued tasks whose job was missing');
    return repaired;
  }

  /** Removes expired results (the daily `cleanup_expired_results` task). */
  async expireResults(): Promise<{ expired_results: number }> {
    return { expired_results: await this.deps.repos.tasks.expireResults(new Date()) };
  }
}
