import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, expectProblem, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, BACKENDS, isFinished, submitSleep, waitForTask } from '../support/tasks.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// Issue #22, items 2 (first half) and 7: PostgreSQL dying under a running process. The app reaches
// PostgreSQL through a proxy this file can cut, so the server other test files share stays up.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BACKENDS)('PostgreSQL going away, %s queue backend', (backend) => {
  let proxy: TcpProxy;
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    proxy = await startTcpProxy(inject('postgresServerUrl'));
    ctx = await createWorkerTestContext(
      backendEnv(backend, { TASK_RETRY_DELAY: '0.5', PROGRESS_THROTTLE_MS: '0' }),
      {},
      (url) => proxy.rewrite(url),
    );
    user = await registerUser(ctx.app, `outage-${backend}`);
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    proxy?.restore();
    await ctx?.close();
    await proxy?.close();
  });

  it('a query in flight when the connection drops fails; the process lives on', async () => {
    // Every repository query runs on a client checked out of the pool, as this one does.
    const inFlight = sql`select pg_sleep(20)`.execute(ctx.container.database.db);
    const outcome = inFlight.then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await sleep(300);
    proxy.cut();
    expect(await outcome).toMatch(/Connection terminated/);
    proxy.restore();
    const me = await as(ctx.app, user)({ method: 'GET', url: '/me' });
    expect(me.statusCode, me.body).toBe(200);
  });

  it('data routes answer 503 with Retry-After while PostgreSQL is down, and readiness says so', async () => {
    proxy.cut();
    const res = await as(ctx.app, user)({ method: 'GET', url: '/transactions' });
    expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', checks: { database: 'failing' } });
    proxy.restore();
    const again = await as(ctx.app, user)({ method: 'GET', url: '/transactions' });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('a job whose database drops mid-run is retried and finishes once PostgreSQL is back', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 3, steps: 30 });
    await waitForTask(ctx.app, user, id, (view) => view.status === 'PROCESSING' && view.progress_percent > 0);
    proxy.cut();
    await sleep(1500);
    proxy.restore();
    const { last } = await waitForTask(ctx.app, user, id, isFinished, 60_000);
    expect(last.status, JSON.stringify(last.error)).toBe('SUCCESS');
    expect(last.attempt).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
