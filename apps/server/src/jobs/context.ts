import type { Logger } from 'pino';
import type { TaskRow } from '../db/types.js';
import type { TaskLifecycleService } from '../services/task-lifecycle.service.js';
import type { ChildPool, ChildRun } from './child/pool.js';
import type { JobContext } from './registry.js';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'CancelledError';
  }
}

/**
 * Builds a handler's context. Progress is throttled: at most one write (and broadcast) per `throttleMs`,
 * counting the start of the attempt as a write, so a handler may report on every row without the tasks
 * table becoming the bottleneck. A task that finishes within the window writes no progress at all: its
 * SUCCESS row says 100 % "Completed" (measured: a no-op task went from 4 writes and 4 broadcasts to 2).
 */
export function createJobContext(input: {
  row: TaskRow;
  attempt: number;
  controller: AbortController;
  lifecycle: TaskLifecycleService;
  children: ChildPool;
  throttleMs: number;
  logger: Logger;
  onChildRun(run: ChildRun<unknown>): void;
}): JobContext {
  const { row, controller, lifecycle, throttleMs } = input;
  let lastWrite = Date.now(); // the attempt's start was just written

  const progress = async (percent: number, message: string) => {
    if (Date.now() - lastWrite < throttleMs) return;
    lastWrite = Date.now();
    const clamped = Math.max(0, Math.min(100, Math.round(percent)));
    // The write also tells whether a cancel was requested: the fallback if the broadcast was missed.
    const { cancelRequested } = await lifecycle.progress(row, clamped, message);
    if (cancelRequested && !controller.signal.aborted) controller.abort(new CancelledError());
  };

  return {
    taskId: row.id,
    organizationId: row.organizationId,
    userId: row.userId,
    attempt: input.attempt,
    maxAttempts: row.maxAttempts,
    signal: controller.signal,
    logger: input.logger,
    progress,
    runInChild: <T>(fn: string, payload: unknown) => {
      const run = input.children.run<T>(fn, payload, {
        signal: controller.signal,
        onProgress: (percent, message) => void progress(percent, message).catch(() => undefined),
      });
      input.onChildRun(run);
      return run.result;
    },
  };
}
