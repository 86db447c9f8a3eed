import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cloneTemplate, databaseUrl, dropDatabase } from './support/postgres.js';
import { freePort, getJson, runLedgerflow, waitFor, type RunningProcess } from './support/process.js';

interface LogLine {
  msg?: string;
  workerPid?: number;
  worker?: number;
}

const logLines = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/** Pids of the worker processes that reported ready, in order. */
const readyWorkers = (output: string) =>
  logLines(output)
    .filter((l) => l.msg === 'worker process ready')
    .map((l) => l.workerPid!);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `ledgerflow start` with worker processes, as an operator runs it: the supervisor restarts a worker that
 * dies and drains them on SIGTERM; tasks submitted through the API run in the workers, exactly once.
 */
describe('ledgerflow start supervising worker processes', { timeout: 120_000 }, () => {
  const server = inject('postgresServerUrl');
  let database: string;
  let url: string;
  let proc: RunningProcess | undefined;

  beforeAll(async () => {
    database = await cloneTemplate(server, inject('templateDatabase'));
    url = databaseUrl(server, database);
  });
  afterAll(async () => {
    if (proc) {
      for (const pid of readyWorkers(proc.output())) if (alive(pid)) process.kill(pid, 'SIGKILL');
      proc.child.kill('SIGKILL');
    }
    await dropDatabase(server, database);
  });

  it('restarts a killed worker, runs tasks in the workers, and drains them on SIGTERM', async () => {
    const port = await freePort();
    proc = runLedgerflow(['start'], {
      DATABASE_URL: url,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      PORT: String(port),
      WORKERS: '2',
      SHUTDOWN_GRACE_SECONDS: '20',
      PROGRESS_THROTTLE_MS: '0',
    });
    const running = proc;
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (readyWorkers(running.output()).length >= 2 ? true : undefined),
      60_000,
      () => `two worker processes\n${running.output()}`,
    );
    await waitFor(
      async () => ((await getJson(`${base}/readyz`)).status === 200 ? true : undefined),
      30_000,
      () => `readyz\n${running.output()}`,
    );
    const [first, second] = readyWorkers(running.output());
    expect(first).not.toBe(second);
    expect(first).not.toBe(running.child.pid);

    // A worker that dies is replaced.
    process.kill(first!, 'SIGKILL');
    await waitFor(
      async () => (readyWorkers(running.output()).length >= 3 ? true : undefined),
      30_000,
      () => `a replacement worker\n${running.output()}`,
    );
    const replacement = readyWorkers(running.output())[2]!;
    expect([first, second]).not.toContain(replacement);
    expect(running.output()).toContain('worker process exited; restarting it');
    expect(alive(replacement)).toBe(true);

    const register = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'supervised@example.com',
        password: 'correct horse battery',
        name: 'S',
        organization_name: 'S',
      }),
    });
    expect(register.status).toBe(201);
    const { access_token: token } = (await register.json()) as { access_token: string };
    const submit = async (seconds: number) => {
      const res = await fetch(`${base}/tasks/sleep_demo_async`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ seconds, steps: 4 }),
      });
      expect(res.status).toBe(202);
      return ((await res.json()) as { task_id: string }).task_id;
    };
    const status = async (id: string) =>
      (await (
        await fetch(`${base}/tasks/${id}/status`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { status: string; progress_percent: number };

    const quick = await submit(0);
    await waitFor(
      async () => ((await status(quick)).status === 'SUCCESS' ? true : undefined),
      30_000,
      () => `task ${quick} to succeed\n${running.output()}`,
    );

    // SIGTERM: the API stops, the workers finish the running task within the grace period, then exit.
    const slow = await submit(2);
    await waitFor(
      async () => {
        const view = await status(slow);
        return view.status === 'PROCESSING' && view.progress_percent > 0 ? true : undefined;
      },
      30_000,
      () => `task ${slow} to run\n${running.output()}`,
    );
    running.child.kill('SIGTERM');
    expect(await running.exited, running.output()).toBe(0);
    expect(running.output()).toContain('worker processes stopped');
    for (const pid of [second!, replacement]) expect(alive(pid)).toBe(false);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; attempt: number }>(
        'select status, attempt from tasks where id = $1',
        [slow],
      );
      expect(rows).toEqual([{ status: 'SUCCESS', attempt: 1 }]);
    } finally {
      await client.end();
    }
  });
});
