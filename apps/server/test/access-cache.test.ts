import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../src/container.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { as, expectProblem, joinOrganization, registerUser, type TestUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';
import { BACKENDS, backendEnv } from './support/tasks.js';

// Issue #14: the membership check of every request is cached for ACCESS_CACHE_SECONDS. Access taken
// away must still end at once — in this process, and in another API process sharing the database
// (through the broadcast, well before a long TTL would let it lapse).
describe.each(BACKENDS)('access cache, %s broadcast', (backend) => {
  let ctx: TestContext;
  let other: { container: Container; app: FastifyInstance };
  let owner: TestUser;

  beforeAll(async () => {
    // A long TTL: only revocation, never expiry, can explain a 401 within this test.
    ctx = await createTestContext(backendEnv(backend, { ACCESS_CACHE_SECONDS: '60' }));
    const container = createContainer(ctx.config, createLogger('silent', 'second-api'));
    other = { container, app: await buildApp(container) };
    await other.app.ready();
    owner = await registerUser(ctx.app, `cache-owner-${backend}`);
  });
  afterAll(async () => {
    await other?.app.close();
    await other?.container.close();
    await ctx?.close();
  });

  const me = (app: FastifyInstance, token: string) => as(app, token)({ method: 'GET', url: '/me' });

  it('a removed member loses access at once here, and in the other process once the broadcast lands', async () => {
    const member = await registerUser(ctx.app, 'cached-member');
    const token = await joinOrganization(ctx.app, owner, member);
    for (const app of [ctx.app, other.app]) {
      expect((await me(app, token)).statusCode).toBe(200);
      expect((await me(app, token)).statusCode).toBe(200); // now served from the cache
    }
    const removed = await as(
      ctx.app,
      owner,
    )({ method: 'DELETE', url: `/organization/members/${member.userId}` });
    expect(removed.statusCode).toBe(204);
    expectProblem(await me(ctx.app, token), 401, 'TOKEN_INVALID');
    await expect.poll(async () => (await me(other.app, token)).statusCode, { timeout: 15_000 }).toBe(401);
  }, 30_000);

  it('a role change applies to the next request', async () => {
    const admin = await registerUser(ctx.app, 'cached-admin');
    const token = await joinOrganization(ctx.app, owner, admin, 'admin');
    expect((await as(ctx.app, token)({ method: 'GET', url: '/audit' })).statusCode).toBe(200);
    const demoted = await as(
      ctx.app,
      owner,
    )({ method: 'PATCH', url: `/organization/members/${admin.userId}`, payload: { role: 'member' } });
    expect(demoted.statusCode).toBe(200);
    expectProblem(await as(ctx.app, token)({ method: 'GET', url: '/audit' }), 403, 'FORBIDDEN');
    await expect
      .poll(async () => (await as(other.app, token)({ method: 'GET', url: '/audit' })).statusCode, {
        timeout: 15_000,
      })
      .toBe(403);
  }, 30_000);

  it('a disabled user loses access in both processes', async () => {
    const user = await registerUser(ctx.app, 'cached-disabled');
    for (const app of [ctx.app, other.app]) expect((await me(app, user.accessToken)).statusCode).toBe(200);
    await ctx.container.services.auth.setUserDisabled(user.userId, true);
    expectProblem(await me(ctx.app, user.accessToken), 401, 'TOKEN_INVALID');
    await expect
      .poll(async () => (await me(other.app, user.accessToken)).statusCode, { timeout: 15_000 })
      .toBe(401);
  }, 30_000);
});
