import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, PASSWORD, registerUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ LOGIN_RATE_LIMIT_MAX: '3', RATE_LIMIT_MAX: '40' });
});
afterAll(() => ctx?.close());

describe('rate limits', () => {
  it('stops password guessing on one account with 429 and Retry-After, even with the right password', async () => {
    const user = await registerUser(ctx.app, 'victim');
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: user.email, password: `guess-${i}-xxxxxx` },
      });
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
    }
    const blocked = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    expectProblem(blocked, 429, 'RATE_LIMITED');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(blocked.json<{ retry_after_seconds: number }>().retry_after_seconds).toBe(retryAfter);
  });

  it('limits requests per IP across all routes', async () => {
    const user = await registerUser(ctx.app, 'busy');
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) {
      statuses.push(
        (await as(ctx.app, user)({ method: 'GET', url: '/me', remoteAddress: '10.9.9.9' })).statusCode,
      );
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    expect(statuses.at(-1)).toBe(429);
    // Health checks are never limited, so orchestrators keep seeing the truth.
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.9' })).statusCode,
    ).toBe(200);
  });
});
