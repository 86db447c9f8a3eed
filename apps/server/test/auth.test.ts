import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, PASSWORD, registerUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('register, login, me', () => {
  it('registers a user with their organization as owner and returns a token pair', async () => {
    const user = await registerUser(ctx.app, 'alice');
    const me = await as(ctx.app, user)({ method: 'GET', url: '/me' });
    expect(me.statusCode).toBe(200);
    const body = me.json<{
      user: { email: string };
      organization: { id: string };
      role: string;
      organizations: unknown[];
    }>();
    expect(body.user.email).toBe(user.email);
    expect(body.organization.id).toBe(user.organizationId);
    expect(body.role).toBe('owner');
    expect(body.organizations).toHaveLength(1);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const user = await registerUser(ctx.app, 'bob');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: {
        email: user.email.toUpperCase(),
        password: PASSWORD,
        name: 'Bob 2',
        organization_name: 'Other',
      },
    });
    expectProblem(res, 409, 'EMAIL_TAKEN');
  });

  it('logs in with the right password and refuses a wrong one or an unknown email alike', async () => {
    const user = await registerUser(ctx.app, 'carol');
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ token_type: string }>().token_type).toBe('Bearer');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: 'not the password' },
    });
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'nobody@example.com', password: 'whatever it is' },
    });
    expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expect(unknown.json<{ detail: string }>().detail).toBe(wrong.json<{ detail: string }>().detail);
  });

  it('does not store the password in clear', async () => {
    const user = await registerUser(ctx.app, 'dave');
    const row = await ctx.container.repos.users.findById(user.userId);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
  });
});

describe('refresh token rotation', () => {
  it('rotates: a refresh token works once and yields a new pair', async () => {
    const user = await registerUser(ctx.app, 'erin');
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: user.refreshToken },
    });
    expect(first.statusCode).toBe(200);
    const pair = first.json<{ access_token: string; refresh_token: string }>();
    expect(pair.refresh_token).not.toBe(user.refreshToken);
    expect((await as(ctx.app, pair.access_token)({ method: 'GET', url: '/me' })).statusCode).toBe(200);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: pair.refresh_token },
    });
    expect(again.statusCode).toBe(200);
  });

  it('revokes the whole family when a spent refresh token is presented again', async () => {
    const user = await registerUser(ctx.app, 'frank');
    const rotated = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: user.refreshToken },
    });
    const descendant = rotated.json<{ refresh_token: string }>().refresh_token;
    const replay = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: user.refreshToken },
    });
    expectProblem(replay, 401, 'REFRESH_TOKEN_REUSED');
    const afterTheft = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: descendant },
    });
    expectProblem(afterTheft, 401);
  });

  it('logout ends the session: its refresh token no longer works', async () => {
    const user = await registerUser(ctx.app, 'gina');
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/auth/logout',
      payload: { refresh_token: user.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: user.refreshToken },
    });
    expectProblem(res, 401, 'REFRESH_TOKEN_INVALID');
  });

  it('refuses an unknown refresh token', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: 'made-up' },
    });
    expectProblem(res, 401, 'REFRESH_TOKEN_INVALID');
  });
});

describe('access tokens', () => {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses a missing token, a malformed header and garbage', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/me' }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await ctx.app.inject({ method: 'GET', url: '/me', headers: { authorization: 'Basic abc' } }),
      401,
      'TOKEN_INVALID',
    );
    expectProblem(await as(ctx.app, 'not.a.jwt')({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
  });

  it('refuses a tampered token', async () => {
    const user = await registerUser(ctx.app, 'hank');
    const [header, , signature] = user.accessToken.split('.');
    const payload = encode({
      sub: user.userId,
      org: user.organizationId,
      iss: 'ledgerflow',
      aud: 'ledgerflow-api',
      iat: 1,
      exp: 9_999_999_999,
    });
    expectProblem(
      await as(ctx.app, `${header}.${payload}.${signature}`)({ method: 'GET', url: '/me' }),
      401,
      'TOKEN_INVALID',
    );
  });

  it('refuses alg:none and a token signed with another key or algorithm', async () => {
    const user = await registerUser(ctx.app, 'ivy');
    const claims = {
      sub: user.userId,
      org: user.organizationId,
      iss: 'ledgerflow',
      aud: 'ledgerflow-api',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    expectProblem(await as(ctx.app, none)({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(48)));
    expectProblem(await as(ctx.app, otherKey)({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
    const secret = new TextEncoder().encode(ctx.config.jwtSecret);
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(secret);
    expectProblem(await as(ctx.app, hs512)({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
    // The same claims with our key and algorithm are accepted, so the refusals above are about the token.
    const good = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    expect((await as(ctx.app, good)({ method: 'GET', url: '/me' })).statusCode).toBe(200);
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const user = await registerUser(ctx.app, 'jack');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ org: user.organizationId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer('ledgerflow')
      .setAudience('ledgerflow-api')
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode(ctx.config.jwtSecret));
    expectProblem(await as(ctx.app, expired)({ method: 'GET', url: '/me' }), 401, 'TOKEN_EXPIRED');
  });

  it('refuses the tokens of a disabled user and of a deleted user at once', async () => {
    const disabled = await registerUser(ctx.app, 'kim');
    expect((await as(ctx.app, disabled)({ method: 'GET', url: '/me' })).statusCode).toBe(200); // cached now
    await ctx.container.services.auth.setUserDisabled(disabled.userId, true);
    expectProblem(await as(ctx.app, disabled)({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: disabled.email, password: PASSWORD },
    });
    expectProblem(login, 401, 'INVALID_CREDENTIALS');
    const refresh = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: disabled.refreshToken },
    });
    expectProblem(refresh, 401);

    const deleted = await registerUser(ctx.app, 'lee');
    expect((await as(ctx.app, deleted)({ method: 'GET', url: '/me' })).statusCode).toBe(200);
    await ctx.container.services.auth.deleteUser(deleted.userId);
    expectProblem(await as(ctx.app, deleted)({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
  });
});

describe('audit of sign-ins', () => {
  it('records successful and failed sign-ins with IP and user agent, visible to the owner', async () => {
    const user = await registerUser(ctx.app, 'mia');
    await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: 'wrong password!' },
      headers: { 'user-agent': 'test-agent/1.0' },
    });
    await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: PASSWORD },
      headers: { 'user-agent': 'test-agent/1.0' },
    });
    const res = await as(ctx.app, user)({ method: 'GET', url: '/audit?action=auth.login.failed' });
    expect(res.statusCode).toBe(200);
    const failed = res.json<{
      items: Array<{ action: string; user_agent: string; ip: string; user_id: string }>;
    }>().items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      action: 'auth.login.failed',
      user_agent: 'test-agent/1.0',
      ip: '127.0.0.1',
      user_id: user.userId,
    });
    const all = await as(ctx.app, user)({ method: 'GET', url: '/audit' });
    expect(all.json<{ items: Array<{ action: string }> }>().items.map((i) => i.action)).toEqual([
      'auth.login.succeeded',
      'auth.login.failed',
    ]);
  });
});
