import { fork, type ChildProcess } from 'node:child_process';
import { PermanentJobError } from '../../errors.js';
import type { FromChild, ToChild } from './protocol.js';

export class ChildCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChildCrashedError';
  }
}

interface Slot {
  child: ChildProcess;
  runs: number;
  busy: boolean;
}

export interface ChildPoolOptions {
  maxTasksPerChild: number;
  /** A child is stopped once its resident memory (heap, buffers, code) passes this. */
  memoryMb: number;
}

export interface ChildRun<T> {
  result: Promise<T>;
  /** Kills the process doing the work (the hard time limit). */
  kill(): void;
}

// Compiled, the entry is entry.js beside this file; under the test runner (TypeScript sources) it is
// entry.ts, loaded through tsx.
const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = new URL(fromSource ? './entry.ts' : './entry.js', import.meta.url);

/**
 * Child processes for CPU-heavy work, so the worker's event loop keeps renewing job locks and a hostile
 * input cannot take the worker down. Each child has a memory cap (`memory-watchdog.ts`), runs one job at a time, and is replaced
 * after `maxTasksPerChild` jobs (a leak cannot grow forever) or when it is killed.
 */
export class ChildPool {
  private readonly slots = new Set<Slot>();
  private nextId = 1;

  constructor(private readonly options: ChildPoolOptions) {}

  run<T>(
    fn: string,
    input: unknown,
    handlers: { signal: AbortSignal; onProgress?: (percent: number, message: string) => void },
  ): ChildRun<T> {
    const slot = this.acquire();
    const id = this.nextId++;
    let settled = false;
    const result = new Promise<T>((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        if (message.id !== id) return;
        if (message.type === 'progress') return handlers.onProgress?.(message.percent, message.message);
        finish();
        if (message.ok) return resolve(message.output as T);
        const { error } = message;
        reject(
          error.permanent
            ? new PermanentJobError(error.code ?? 'TASK_FAILED', error.message)
            : Object.assign(new Error(error.message), { name: error.name, code: error.code }),
        );
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        finish(true);
        reject(
          new ChildCrashedError(
            `The child process ended (${signal ?? `exit code ${code}`}) before finishing`,
          ),
        );
      };
      const onAbort = () => slot.child.send({ type: 'abort', id } satisfies ToChild);
      const finish = (dead = false) => {
        settled = true;
        slot.child.off('message', onMessage);
        slot.child.off('exit', onExit);
        handlers.signal.removeEventListener('abort', onAbort);
        this.release(slot, dead);
      };
      slot.child.on('message', onMessage);
      slot.child.once('exit', onExit);
      handlers.signal.addEventListener('abort', onAbort, { once: true });
      slot.child.send({ type: 'run', id, fn, input } satisfies ToChild);
    });
    return {
      result,
      kill: () => {
        if (!settled) slot.child.kill('SIGKILL');
      },
    };
  }

  private acquire(): Slot {
    for (const slot of this.slots) {
      if (!slot.busy && slot.child.connected) {
        slot.busy = true;
        return slot;
      }
    }
    // The watchdog (argv[2]) holds the cap; V8's heap limit, 1 GB above it, is only a backstop.
    const child = fork(ENTRY, [String(this.options.memoryMb)], {
      execArgv: [
        `--max-old-space-size=${this.options.memoryMb + 1024}`,
        // So the child can collect its start-up garbage before the watchdog measures it.
        '--expose-gc',
        ...(fromSource ? ['--import', 'tsx'] : []),
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const slot: Slot = { child, runs: 0, busy: true };
    child.on('exit', () => this.slots.delete(slot));
    child.on('error', () => this.slots.delete(slot));
    this.slots.add(slot);
    return slot;
  }

  private release(slot: Slot, dead: boolean): void {
    slot.busy = false;
    slot.runs++;
    if (dead || slot.runs >= this.options.maxTasksPerChild) {
      this.slots.delete(slot);
      if (slot.child.exitCode === null) slot.child.kill();
    }
  }

  /** Child processes alive now (for tests and metrics). */
  get size(): number {
    return this.slots.size;
  }

  async close(): Promise<void> {
    const exits = [...this.slots].map(
      (slot) =>
        new Promise((resolve) => {
          if (slot.child.exitCode !== null) return resolve(undefined);
          slot.child.once('exit', resolve);
          slot.child.kill();
        }),
    );
    this.slots.clear();
    await Promise.all(exits);
  }
}
