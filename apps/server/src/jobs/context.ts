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
 * table becoming the bottleneck. The throttle keeps the trailing report: one made inside the window is
 * written when the window ends, unless a newer one replaced it or the attempt ended first, so the status
 * never lags behind by more than one window. A task that finishes within the window writes no progress at
 * all: its SUCCESS row says 100 % "Completed" (a no-op task: 2 writes and 2 broadcasts, not 4).
 */
export function createJobContext(input: {
  row: TaskRow;
  attempt: number;
  controller: AbortController;
  lifecycle: TaskLifecycleService;
  children: ChildPool;
  throttleMs: number;
  /** Aborted when the attempt has ended: a report still waiting for its window is dropped. */
  finished: AbortSignal;
  logger: Logger;
  onChildRun(run: ChildRun<unknown>): void;
}): JobContext {
  const { row, controller, lifecycle, throttleMs } = input;
  let lastWrite = Date.now(); // the attempt's start was just written
  let pending: { percent: number; message: string } | undefined;
  let timer: NodeJS.Timeout | undefined;

  // Writes run one after another in the order they were asked for: a child's report (not awaited, it
  // arrives over IPC) and the handler's next one must not overtake each other, or the status would show
  // 75 % and then 50 %.
  let writes: Promise<void> = Promise.resolve();
  const write = (percent: number, message: string): Promise<void> => {
    lastWrite = Date.now();
    const clamped = Math.max(0, Math.min(100, Math.round(percent)));
    const next = writes.then(async () => {
      // The write also tells whether a cancel was requested: the fallback if the broadcast was missed.
      const { cancelRequested } = await lifecycle.progress(row, clamped, message);
      if (cancelRequested && !controller.signal.aborted) controller.abort(new CancelledError());
    });
    writes = next.catch(() => undefined);
    return next;
  };
  const flushLater = (delayMs: number) => {
    timer ??= setTimeout(() => {
      timer = undefined;
      const latest = pending;
      pending = undefined;
      if (latest && !input.finished.aborted)
        void write(latest.percent, latest.message).catch(() => undefined);
    }, delayMs);
  };
  input.finished.addEventListener('abort', () => clearTimeout(timer), { once: true });

  // Throttled on the trailing edge: a report inside the window is kept and written when the window
  // ends (unless a newer one replaces it), so the latest state always reaches the status endpoint.
  const progress = async (percent: number, message: string) => {
    const wait = throttleMs - (Date.now() - lastWrite);
    if (wait > 0) {
      pending = { percent, message };
      flushLater(wait);
      return;
    }
    pending = undefined;
    await write(percent, message);
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
      // The child's reports are written one after another: two writes in flight at once could land (and
      // be broadcast) in the wrong order under load ("page 3 of 3" after "Converting...").
      let reported = Promise.resolve();
      const run = input.children.run<T>(fn, payload, {
        signal: controller.signal,
        onProgress: (percent, message) => {
          reported = reported.then(() => progress(percent, message)).catch(() => undefined);
        },
      });
      input.onChildRun(run);
      return run.result;
    },
  };
}
