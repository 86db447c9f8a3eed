import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl, dropDatabase, uniqueName } from './support/postgres.js';
import {
  freePort,
  getJson,
  processesMentioning,
  runLedgerflow,
  waitFor,
  type RunningProcess,
} from './support/process.js';

/** What a person sees starting and stopping `ledgerflow start`: real processes, real PostgreSQL. */

const STACK_FRAME = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function waitReady(proc: RunningProcess, port: number): Promise<void> {
  await waitFor(
    async () => ((await getJson(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined),
    90_000,
    () => `readyz on ${port}\n${proc.output()}`,
  );
}

async function register(port: number, email: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery', name: 'N', organization_name: 'O' }),
  });
  return res.status;
}

async function stopLeftovers(dataDirOrCluster: string): Promise<void> {
  for (const pid of await processesMentioning(dataDirOrCluster)) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
  }
}

describe('start and stop with the embedded PostgreSQL', { timeout: 180_000 }, () => {
  let dataDir: string;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-startstop-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await stopLeftovers(dataDir);
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says where it is ready, and Ctrl-C (SIGINT to the whole process group, twice) stops cleanly', async () => {
    const port = await freePort();
    // As a terminal runs it: its own process group, readable logs.
    const proc = runLedgerflow(
      ['start'],
      { DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'pretty' },
      { detached: true },
    );
    running.push(proc);
    await waitReady(proc, port);
    expect(proc.output()).toContain(`Ledgerflow is ready on http://127.0.0.1:${port} — docs at /docs`);

    // The terminal's Ctrl-C reaches every process of the group; `npm start` forwards it once more.
    process.kill(-proc.child.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    process.kill(-proc.child.pid!, 'SIGINT');
    expect(await proc.exited).toBe(0);
    const output = proc.output();
    expect(output).toContain('stopped');
    expect(output).not.toMatch(STACK_FRAME);
    expect(output).not.toContain('terminating connection');
    expect(output).not.toMatch(/ (ERROR|WARN|FATAL):/);
    // The database was stopped too, in order, not left running.
    await waitFor(
      async () =>
        (await processesMentioning(path.join(dataDir, 'postgres'))).length === 0 ? true : undefined,
      30_000,
      () => 'the embedded PostgreSQL to stop',
    );
  });

  it('restarts the embedded PostgreSQL when it dies, and keeps serving', async () => {
    const port = await freePort();
    const proc = runLedgerflow(['start'], { DATA_DIR: dataDir, PORT: String(port) });
    running.push(proc);
    await waitReady(proc, port);
    expect(await register(port, 'before@example.com')).toBe(201);

    const postmaster = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    process.kill(postmaster, 'SIGKILL');
    await waitFor(
      async () => (proc.output().includes('embedded PostgreSQL restarted') ? true : undefined),
      90_000,
      () => `the restart\n${proc.output()}`,
    );
    await waitReady(proc, port);
    expect(await register(port, 'after@example.com')).toBe(201);
    expect(proc.child.exitCode).toBeNull();

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });
});

describe('start refuses clearly', { timeout: 60_000 }, () => {
  it('a busy port names the variable to change, without a stack trace', async () => {
    const server = inject('postgresServerUrl');
    const name = uniqueName('lf_busy');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const proc = runLedgerflow(['api'], {
        DATABASE_URL: databaseUrl(server, name),
        JWT_SECRET: 'kq0V1f8yQ2vB9sT4wL7mN3pR6xZ5cJ1hG8dK2eA0',
        PORT: String(port),
      });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(proc.output()).toContain('PORT');
      expect(proc.output()).not.toMatch(STACK_FRAME);
    } finally {
      busy.close();
      await dropDatabase(server, name);
    }
  });
});

/**
 * `npm ci && npm start` as root from a clone in a private folder (mode 700, as /root is): PostgreSQL runs
 * as `postgres`, which cannot enter it. The installation is linked (hard links, instant) into a private
 * folder and started from there. Not root, there is no `postgres` user to switch to, and it simply starts.
 */
describe('ledgerflow start from a private (mode 700) folder', { timeout: 240_000 }, () => {
  let privateDir: string;
  let sharedDir: string;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    // Inside the checkout, so hard links stay on one file system.
    await mkdir(path.join(ROOT, '.scratch'), { recursive: true });
    privateDir = await mkdtemp(path.join(ROOT, '.scratch', 'private-'));
    await chmod(privateDir, 0o700);
    sharedDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-shared-'));
    await chmod(sharedDir, 0o755);
    const app = path.join(privateDir, 'app');
    const link = (from: string) =>
      promisify(execFile)('cp', ['-al', path.join(ROOT, from), path.join(app, from)]);
    await mkdir(path.join(app, 'apps', 'server'), { recursive: true });
    await mkdir(path.join(app, 'packages'), { recursive: true });
    await link('node_modules');
    await link('package.json');
    await link('apps/server/dist');
    await link('apps/server/package.json');
    await link('packages/contracts');
  });
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await stopLeftovers(sharedDir);
    await stopLeftovers(privateDir);
    await new Promise((r) => setTimeout(r, 500));
    await rm(privateDir, { recursive: true, force: true });
    await rm(sharedDir, { recursive: true, force: true });
  });

  const start = async () => {
    const port = await freePort();
    const app = path.join(privateDir, 'app');
    const proc = runLedgerflow(
      ['start'],
      { PORT: String(port), EMBEDDED_POSTGRES_DIR: sharedDir },
      { cwd: app, main: path.join(app, 'apps/server/dist/main.js') },
    );
    running.push(proc);
    await waitReady(proc, port);
    const ready = (await getJson(`http://127.0.0.1:${port}/readyz`)).body as {
      status: string;
      checks: Record<string, string>;
    };
    expect(ready.status).toBe('ready');
    expect(Object.values(ready.checks).every((c) => c === 'ok')).toBe(true);
    return { proc, port };
  };

  it('serves /readyz, says where it put the database, and keeps it across restarts', async () => {
    const first = await start();
    expect(await register(first.port, 'private@example.com')).toBe(201);
    const isRoot = userInfo().uid === 0;
    if (isRoot) {
      expect(first.proc.output()).toContain('cannot enter');
      expect(first.proc.output()).toContain(sharedDir);
      // The cluster belongs to `postgres`, outside the private folder; DATA_DIR stays root's own.
      const location = (
        await readFile(path.join(privateDir, 'app', 'data', 'postgres-location'), 'utf8')
      ).trim();
      expect(location.startsWith(sharedDir)).toBe(true);
      expect((await stat(location)).uid).not.toBe(0);
    } else {
      expect(first.proc.output()).not.toContain('cannot enter');
    }
    first.proc.child.kill('SIGTERM');
    expect(await first.proc.exited).toBe(0);

    const second = await start();
    // Same data: the account made before the restart signs in; nothing is placed or copied again.
    const login = await fetch(`http://127.0.0.1:${second.port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'private@example.com', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    expect(second.proc.output()).not.toContain('initialising');
    expect(second.proc.output()).not.toContain('cannot enter');
    second.proc.child.kill('SIGTERM');
    expect(await second.proc.exited).toBe(0);
  });
});
