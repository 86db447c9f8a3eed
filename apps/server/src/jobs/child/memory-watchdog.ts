import { Worker } from 'node:worker_threads';

/** How often the watchdog samples: a runaway parser allocates ~100 MB/s at most, so 50 ms overshoots little. */
const SAMPLE_MS = 50;

// Plain CommonJS so it runs the same from sources (tsx) and compiled. It writes its reason straight to
// file descriptor 2: a worker's process.stderr goes through the main thread, which is the one stuck.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss <= workerData.limitBytes) return;
  try {
    writeSync(2, 'ledgerflow child ' + process.pid + ': ' + Math.round(rss / 1048576) + ' MB resident, ' +
      workerData.limitMb + ' MB (CHILD_MEMORY_MB) over the ' + workerData.baselineMb + ' MB it started with; stopping it\\n');
  } catch {}
  process.kill(process.pid, 'SIGKILL');
}, workerData.sampleMs);
`;

/**
 * Stops this process the moment its resident memory grows more than `limitMb` above what it holds now,
 * its start-up garbage collected (the runtime and the parsers' code: about 100 MB compiled, 230 MB under
 * tsx). `--max-old-space-size` alone does not hold a hostile file: it caps only the JavaScript heap (a Flate bomb inflates into buffers outside
 * it: 3.2 GB resident under a 256 MB heap cap), and V8 enforces it slowly — near the cap it collects
 * garbage again and again until four collections in a row free too little, so a PDF of 1.6 million text
 * operators kept a 256 MB child alive for 50–56 s on Node 20 and 24 with its event loop blocked. A
 * worker thread keeps sampling while the main thread is stuck, and SIGKILL needs nobody's cooperation;
 * the parent sees the child die and fails the task (`FILE_TOO_COMPLEX`).
 */
export function startMemoryWatchdog(limitMb: number): void {
  collectGarbage();
  const baseline = process.memoryUsage.rss();
  reclaimAbove = baseline + (limitMb * 1024 * 1024) / 4;
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    // Not the parent's `--import tsx` or heap flags: the watchdog needs neither.
    execArgv: [],
    workerData: {
      limitMb,
      baselineMb: Math.round(baseline / 1024 / 1024),
      limitBytes: baseline + limitMb * 1024 * 1024,
      sampleMs: SAMPLE_MS,
    },
    stdout: false,
    stderr: false,
  });
  // It never keeps the process alive; the IPC channel does that while the parent is there.
  worker.unref();
}

let reclaimAbove = Infinity;

/**
 * Called between jobs: when the last one left more than a quarter of the cap resident, collects it now,
 * so the garbage of one job never counts against the next.
 */
export function reclaimMemory(): void {
  if (process.memoryUsage.rss() > reclaimAbove) collectGarbage();
}

// `--expose-gc` (the pool sets it). 'last-resort' also hands the freed heap back to the system: under tsx
// on Node 24, 460 → 226 MB resident after loading; Node 20's V8 only collects.
function collectGarbage(): void {
  (globalThis as { gc?: (options?: object) => void }).gc?.({
    type: 'major',
    execution: 'sync',
    flavor: 'last-resort',
  });
}
