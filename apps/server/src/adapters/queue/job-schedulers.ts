import type { BullTaskQueue } from './task-queue.js';

/**
 * Recurring jobs through BullMQ's job schedulers (the same API on both backends). Scheduled jobs are
 * system jobs: no task row of their own; their handler decides what to do (e.g. submit a task).
 */
export class BullJobSchedulers {
  constructor(private readonly taskQueue: BullTaskQueue) {}

  async upsert(
    queue: string,
    schedulerId: string,
    cron: string,
    job: { name: string; data: Record<string, unknown> },
  ): Promise<void> {
    await this.taskQueue
      .queue(queue)
      .upsertJobScheduler(
        schedulerId,
        { pattern: cron, tz: 'UTC' },
        { name: job.name, data: job.data, opts: { removeOnComplete: 50, removeOnFail: 50 } },
      );
  }

  async remove(queue: string, schedulerId: string): Promise<void> {
    await this.taskQueue.queue(queue).removeJobScheduler(schedulerId);
  }
}
