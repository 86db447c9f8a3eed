import process from 'node:process';
import { loadPdfWorker } from '../../adapters/pdf/index.js';
import { PermanentJobError } from '../../errors.js';
import { childFunctions } from './functions.js';
import { reclaimMemory, startMemoryWatchdog } from './memory-watchdog.js';
import type { FromChild, ToChild } from './protocol.js';

/** A child process of the worker's pool: runs one named function at a time, within its memory cap. */
const memoryMb = Number(process.argv[2]);
// The watchdog measures the memory held at start (after collecting the garbage of loading), so the parsers
// are loaded first (pdf.js's worker code alone adds ~30 MB compiled, ~130 MB under tsx); jobs received
// meanwhile wait for it.
const ready = loadPdfWorker().then(() => {
  if (Number.isFinite(memoryMb) && memoryMb > 0) startMemoryWatchdog(memoryMb);
});
const send = (message: FromChild) => process.send?.(message);
const controllers = new Map<number, AbortController>();

process.on('message', (message: ToChild) => {
  if (message.type === 'abort') {
    controllers.get(message.id)?.abort();
    return;
  }
  const fn = childFunctions[message.fn];
  const controller = new AbortController();
  controllers.set(message.id, controller);
  const ctx = {
    signal: controller.signal,
    progress: (percent: number, text: string) =>
      send({ type: 'progress', id: message.id, percent, message: text }),
  };
  const run = ready.then(() =>
    fn ? fn(message.input as never, ctx) : Promise.reject(new Error(`Unknown child function ${message.fn}`)),
  );
  // Garbage is reclaimed before the answer, so the parent's next job starts in a clean child.
  run
    .then(
      (output) => {
        reclaimMemory();
        send({ type: 'done', id: message.id, ok: true, output });
      },
      (error: unknown) => {
        reclaimMemory();
        const e = error instanceof Error ? error : new Error(String(error));
        send({
          type: 'done',
          id: message.id,
          ok: false,
          error: {
            name: e.name,
            code: (e as { code?: string }).code,
            message: e.message,
            permanent: e instanceof PermanentJobError,
          },
        });
      },
    )
    .finally(() => controllers.delete(message.id));
});

// The parent going away leaves nobody to report to.
process.on('disconnect', () => process.exit(0));
// A terminal's Ctrl-C reaches the whole process group, children included; the parent stops us in order
// (aborting or finishing the running job) rather than each child dying mid-task on its own.
process.on('SIGINT', () => undefined);
