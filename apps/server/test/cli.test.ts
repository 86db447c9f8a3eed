import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrations } from '../src/db/migrations/index.js';
import { databaseUrl, dropDatabase, uniqueName } from './support/postgres.js';
import {
  freePort,
  getJson,
  processesMentioning,
  runLedgerflow,
  waitFor,
  type RunningProcess,
} from './support/process.js';

/** The `ledgerflow` command as an operator runs it: real processes, real PostgreSQL. */
// Whole processes with a database each: slow on a loaded 2-core machine, so generous timeouts.
describe('ledgerflow start with the embedded PostgreSQL', { timeout: 120_000 }, () => {
  let dataDir: string;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-cli-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    // Stop any embedded server a killed process left behind before removing its files.
    const pid = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
    const postmaster = Number(pid.split('\n')[0]);
    if (postmaster > 0) {
      try {
        process.kill(postmaster, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (port: number) => {
    const proc = runLedgerflow(['start'], { DATA_DIR: dataDir, PORT: String(port) });
    running.push(proc);
    await waitFor(
      async () => ((await getJson(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined),
      60_000,
      () => `readyz on ${port}\n${proc.output()}`,
    );
    return proc;
  };

  it('serves /healthz with no configuration, keeps its secrets, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const first = await start(port);
    expect((await getJson(`http://127.0.0.1:${port}/healthz`)).body).toEqual({ status: 'ok' });
    const secrets = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as {
      jwtSecret: string;
    };
    expect(secrets.jwtSecret.length).toBeGreaterThanOrEqual(48);
    expect(first.output()).not.toContain(secrets.jwtSecret);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');
    // The database is stopped last, after the workers: nothing loses its connection on the way out.
    expect(first.output()).not.toContain('"level":50');
  });

  it('a second start on the same data directory joins the running database', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await start(portA);
    const register = await fetch(`http://127.0.0.1:${portA}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'shared@example.com',
        password: 'correct horse battery',
        name: 'S',
        organization_name: 'S',
      }),
    });
    expect(register.status).toBe(201);
    const b = await start(portB);
    expect(b.output()).toContain('joining the embedded PostgreSQL');
    const login = await fetch(`http://127.0.0.1:${portB}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'shared@example.com', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    b.child.kill('SIGTERM');
    a.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(await a.exited).toBe(0);
  });

  it('recovers after a crash that killed both the service and its database', async () => {
    const port = await freePort();
    const proc = await start(port);
    const pid = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    proc.child.kill('SIGKILL');
    process.kill(pid, 'SIGKILL');
    await proc.exited;
    // The killed server's backends notice their postmaster died and exit within moments; a restart
    // while they still hold its shared memory is refused by PostgreSQL itself.
    const cluster = path.join(dataDir, 'postgres');
    await waitFor(
      async () => ((await processesMentioning(cluster)).length === 0 ? true : undefined),
      30_000,
      () => 'the killed cluster to exit',
    );
    const again = await start(port);
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'shared@example.com', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});

describe('ledgerflow migrate', { timeout: 60_000 }, () => {
  it('two processes migrating one new database at once: one applies, both succeed', async () => {
    const server = inject('postgresServerUrl');
    const name = uniqueName('lf_migrate');
    const url = databaseUrl(server, name);
    try {
      const runs = [
        runLedgerflow(['migrate'], {
          DATABASE_URL: url,
          JWT_SECRET: 'x'.repeat(8) + 'abcdefghijklmnopqrstuvwxyz',
        }),
        runLedgerflow(['migrate'], {
          DATABASE_URL: url,
          JWT_SECRET: 'y'.repeat(8) + 'abcdefghijklmnopqrstuvwxyz',
        }),
      ];
      const codes = await Promise.all(runs.map((r) => r.exited));
      expect(codes, runs.map((r) => r.output()).join('\n')).toEqual([0, 0]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ name: string }>(
        'select name from ledgerflow_migrations order by name',
      );
      await client.end();
      expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    } finally {
      await dropDatabase(server, name);
    }
  });

  it('refuses bad configuration with every problem listed and exit code 78', async () => {
    const run = runLedgerflow(['migrate'], {
      PORT: 'abc',
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://nope',
    });
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain('PORT');
    expect(run.output()).toContain('DATABASE_URL');
  });

  it('rejects an unknown command with usage', async () => {
    const run = runLedgerflow(['frobnicate'], {});
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('Usage: ledgerflow');
  });
});
