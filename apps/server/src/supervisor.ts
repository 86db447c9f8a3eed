import { fork, type ChildProcess } from 'node:child_process';
import process from 'node:process';
import type { Logger } from 'pino';

/** What a supervised worker process tells its supervisor over IPC. */
type FromWorker = { type: 'ready' };

export interface SupervisorOptions {
  /** Worker processes to keep running. */
  count: number;
  /** The `ledgerflow` entry point and the arguments that make it a worker. */
  script: string;
  args: readonly string[];
  /**
   * The environment of every worker: the parent's, plus what only the parent knew after boot (the
   * embedded database's URL, the generated JWT secret), so no worker starts a database of its own.
   */
  env: NodeJS.ProcessEnv;
  /** How long a stopping worker may drain its jobs (SHUTDOWN_GRACE_SECONDS) before it is killed. */
  graceMs: number;
  logger: Logger;
}

interface Slot {
  index: number;
  child: ChildProcess | undefined;
  /** Start times of the recent crashes: the restart delay doubles with each one in the last minute. */
  crashes: number[];
  restartTimer: NodeJS.Timeout | undefined;
}

/** First restart after 0.5 s; doubled per crash in the last minute, at most 30 s (a crash loop backs off). */
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;
const CRASH_WINDOW_MS = 60_000;
/** Beyond the grace period, how long a worker gets to close its connections before SIGKILL. */
const EXIT_SLACK_MS = 5_000;

/**
 * Keeps `count` worker processes (`ledgerflow worker`) running beside the API process, so the jobs use
 * every core while the user still runs one command. A worker that dies is restarted (with a backoff if it
 * keeps dying); `stop()` sends SIGTERM to each, which drains its jobs for the grace period, and kills
 * what is left after that.
 *
 * Workers run in their own process group (`detached`), so a terminal's Ctrl-C reaches the supervisor
 * alone and the shutdown order stays: API, then workers, then the database. If the supervisor dies
 * without stopping them, their IPC channel closes and they shut down on their own.
 */
export class WorkerSupervisor {
  private readonly slots: Slot[];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      child: undefined,
      crashes: [],
      restartTimer: undefined,
    }));
  }

  /** Starts every worker; resolves when each has reported that its queues are served. */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.spawn(slot)));
    this.options.logger.info({ workers: this.slots.map((s) => s.child?.pid) }, 'worker processes ready');
  }

  private spawn(slot: Slot): Promise<void> {
    const { logger } = this.options;
    const child = fork(this.options.script, [...this.options.args], {
      env: { ...this.options.env, LEDGERFLOW_SUPERVISED: '1' },
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    slot.child = child;
    return new Promise((resolve) => {
      child.on('message', (message: FromWorker) => {
        if (message.type !== 'ready') return;
        logger.info({ worker: slot.index, workerPid: child.pid }, 'worker process ready');
        resolve();
      });
      child.once('exit', (code, signal) => {
        resolve(); // never leave start() waiting on a worker that died while starting
        if (slot.child === child) slot.child = undefined;
        if (this.stopping) return;
        const now = Date.now();
        slot.crashes = [...slot.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
        const delay = Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (slot.crashes.length - 1));
        logger.error(
          { worker: slot.index, workerPid: child.pid, code, signal, restartInMs: delay },
          'worker process exited; restarting it',
        );
        slot.restartTimer = setTimeout(() => {
          slot.restartTimer = undefined;
          if (!this.stopping) void this.spawn(slot);
        }, delay);
      });
    });
  }

  /**
   * Stops every worker: SIGTERM (each stops taking jobs and lets running ones finish for the grace
   * period), then SIGKILL for any still alive after the grace period and a little slack.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const exits = this.slots.map((slot) => {
      clearTimeout(slot.restartTimer);
      const child = slot.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const killer = setTimeout(() => {
          this.options.logger.warn(
            { worker: slot.index, workerPid: child.pid },
            'worker did not stop; killing it',
          );
          child.kill('SIGKILL');
        }, this.options.graceMs + EXIT_SLACK_MS);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    });
    await Promise.all(exits);
    this.options.logger.info('worker processes stopped');
  }
}

/**
 * The worker side: when this process was started by a supervisor, report readiness, and shut down the
 * way SIGTERM does (draining its jobs) if the supervisor goes away.
 */
export function reportToSupervisor(): void {
  if (process.env.LEDGERFLOW_SUPERVISED !== '1' || !process.send) return;
  process.send({ type: 'ready' } satisfies FromWorker);
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
