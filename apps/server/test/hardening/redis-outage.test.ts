import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { as, registerUser, type TestUser } from '../support/api.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { isFinished, waitForTask } from '../support/tasks.js';
import { startWorkers } from '../../src/jobs/index.js';

// Issue #22, item 7: Redis frozen or gone. Rate limits count in Redis; an outage there must not take
// unrelated routes down (they fail open) nor stall them, and /readyz must answer within its own check
// timeout. The app reaches Redis through a proxy this file controls, so other files' Redis stays up.
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The request's answer, or 'no answer' once `ms` pass: an outage may slow a request, never hang it. */
async function answerWithin<T>(ms: number, request: Promise<T>): Promise<T | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'no answer'>(
    (resolve) => (timer = setTimeout(() => resolve('no answer'), ms)),
  );
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('Redis going away (rate limits in Redis)', () => {
  let proxy: TcpProxy;
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    proxy = await startTcpProxy(redisUrl);
    // The PostgreSQL queue backend: Redis holds only the rate-limit counters here.
    ctx = await createTestContext({
      REDIS_URL: proxy.rewrite(redisUrl),
      QUEUE_PREFIX: `lfredis-${Date.now()}`,
    });
    user = await registerUser(ctx.app, 'redis-outage');
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    proxy?.restore();
    await ctx?.close();
    await proxy?.close();
  });

  for (const outage of ['freeze', 'cut'] as const) {
    it(`${outage === 'freeze' ? 'frozen' : 'down'}: /me and data routes still answer 200; readiness answers`, async () => {
      const before = await as(ctx.app, user)({ method: 'GET', url: '/me' });
      expect(before.headers['x-ratelimit-remaining']).toBeDefined(); // counted in Redis
      proxy[outage]();
      for (const url of ['/me', '/transactions', '/tasks']) {
        const res = await answerWithin(5_000, as(ctx.app, user)({ method: 'GET', url }));
        expect(res === 'no answer' ? res : res.statusCode, url).toBe(200);
      }
      const ready = await answerWithin(5_000, ctx.app.inject({ method: 'GET', url: '/readyz' }));
      expect(ready === 'no answer' ? ready : ready.statusCode).toBe(200);
      proxy.restore();
    }, 60_000);
  }

  it('limits apply again once Redis is back', async () => {
    proxy.cut();
    await as(ctx.app, user)({ method: 'GET', url: '/me' });
    proxy.restore();
    await expect
      .poll(
        async () => (await as(ctx.app, user)({ method: 'GET', url: '/me' })).headers['x-ratelimit-remaining'],
        {
          timeout: 20_000,
        },
      )
      .toBeDefined();
  }, 30_000);
});

describe('Redis going away (Redis queue backend)', () => {
  let proxy: TcpProxy;
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    proxy = await startTcpProxy(redisUrl);
    ctx = await createTestContext({
      QUEUE_BACKEND: 'redis',
      REDIS_URL: proxy.rewrite(redisUrl),
      QUEUE_PREFIX: `lfredisq-${Date.now()}`,
    });
    user = await registerUser(ctx.app, 'redis-queue-outage');
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    proxy?.restore();
    await ctx?.close();
    await proxy?.close();
  });

  it('frozen: /me answers; readiness says the queue is failing; a submit is accepted and runs once Redis is back', async () => {
    proxy.freeze();
    const me = await answerWithin(5_000, as(ctx.app, user)({ method: 'GET', url: '/me' }));
    expect(me === 'no answer' ? me : me.statusCode).toBe(200);
    const ready = await answerWithin(5_000, ctx.app.inject({ method: 'GET', url: '/readyz' }));
    expect(ready === 'no answer' ? ready : ready.statusCode).toBe(503);
    if (ready !== 'no answer')
      expect(ready.json()).toMatchObject({ checks: { queue: 'failing', database: 'ok' } });
    // The task row is written first; the job is the sweeper's to add when the queue does not answer.
    const submit = await answerWithin(
      10_000,
      as(ctx.app, user)({ method: 'POST', url: '/tasks/sleep_demo_async', payload: { seconds: 0 } }),
    );
    expect(submit === 'no answer' ? submit : submit.statusCode).toBe(202);
    proxy.restore();
    if (submit === 'no answer') return;
    const taskId = submit.json<{ task_id: string }>().task_id;
    const stop = await startWorkers(ctx.container, { sweepIntervalMs: 500 });
    try {
      const { last } = await waitForTask(ctx.app, user, taskId, isFinished, 30_000);
      expect(last.status).toBe('SUCCESS');
    } finally {
      await stop(1000);
    }
  }, 60_000);
});
