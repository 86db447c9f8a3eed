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
 * Builds a handler's context. Progress is throttled: at most one write (and broadcast) per
 * `throttleMs`, always the first and the 100 % one, and the latest skipped report is flushed at the end,
 * so a handler may report on every row without the tasks table becoming the bottleneck.
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
}): JobContext & { flush(): Promise<void> } {
  const { row, controller, lifecycle, throttleMs } = input;
  let lastWrite = 0;
  let pending: { percent: number; message: string } | undefined;

  const write = async (percent: number, message: string) => {
    lastWrite = Date.now();
    pending = undefined;
    const { cancelRequested } = await lifecycle.progress(row, percent, message);
    if (cancelRequested && !controller.signal.aborted) controller.abort(new CancelledError());
  };

  const progress = async (percent: number, message: string) => {
    const clamped = Math.max(0, Math.min(100, Math.round(percent)));
    if (lastWrite === 0 || clamped === 100 || Date.now() - lastWrite >= throttleMs)
      return write(clamped, message);
    pending = { percent: clamped, message };
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
      input.onChildRun(run as ChildRun<unknown>);
      return run.result;
    },
    flush: async () => {
      if (pending) await write(pending.percent, pending.message);
    },
  };
}
