import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, PASSWORD, registerUser, type TestUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

let ctx: TestContext;
let user: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  user = await registerUser(ctx.app, 'careful');
});
afterAll(() => ctx?.close());

const json = { 'content-type': 'application/json' };

describe('bad input gets a clear 4xx problem, never a 500', () => {
  it('malformed JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: json,
      payload: '{"email": "a@b.co", ',
    });
    expectProblem(res, 400, 'MALFORMED_BODY');
  });

  it('an empty JSON body', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/auth/login', headers: json, payload: '' });
    expectProblem(res, 400);
  });

  it('wrong types and missing fields, each named', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: 42, password: ['x'] },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const paths = res.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/body/email', '/body/password', '/body/name', '/body/organization_name']),
    );
  });

  it('an invalid email, a short password, a too-long name', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: 'not-an-email', password: 'short', name: 'x'.repeat(201), organization_name: 'Org' },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.json<{ errors: unknown[] }>().errors).toHaveLength(3);
  });

  it('a body over the limit', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: json,
      payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'text/xml' },
      payload: '<a/>',
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a prototype-pollution payload', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: json,
      payload: '{"email":"a@b.co","password":"xxxxxxxxxxxx","__proto__":{"admin":true}}',
    });
    expectProblem(res, 400);
  });

  it('unknown fields are stripped: they cannot change what the request does', async () => {
    const other = await registerUser(ctx.app, 'target');
    const invitee = await registerUser(ctx.app, 'invitee');
    // organization_id and role "owner" are not part of the schema; the member joins the caller's own
    // organization, as a member.
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/organization/members',
      payload: { email: invitee.email, organization_id: other.organizationId, is_owner: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ invitation: { role: string } }>().invitation.role).toBe('member');
    const accepted = await ctx.app.inject({
      method: 'POST',
      url: '/auth/accept-invite',
      payload: { token: res.json<{ invitation: { token: string } }>().invitation.token, password: PASSWORD },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(
      await ctx.container.repos.organizations.findMembership(other.organizationId, invitee.userId),
    ).toBeUndefined();
    expect(
      await ctx.container.repos.organizations.findMembership(user.organizationId, invitee.userId),
    ).toMatchObject({ role: 'member' });
  });

  it('a malformed id in the path', async () => {
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: '/files/not-a-uuid' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/files/${'9'.repeat(300)}` }),
      414,
      'URI_TOO_LONG',
    );
  });

  it('bad query parameters', async () => {
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: '/audit?limit=100000' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: '/audit?since=yesterday' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('an unknown route and an unknown method', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/nope' }), 404, 'NOT_FOUND');
    expectProblem(await ctx.app.inject({ method: 'PUT', url: '/auth/login', payload: {} }), 404, 'NOT_FOUND');
  });

  it('a token that is far too long, or has odd characters', async () => {
    expectProblem(await as(ctx.app, 'a'.repeat(5000))({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');
    expectProblem(
      await ctx.app.inject({ method: 'GET', url: '/me', headers: { authorization: 'Bearer a b c' } }),
      401,
      'TOKEN_INVALID',
    );
  });

  it('responses carry a request id and security headers; a sane client request id is echoed', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'client-trace-123' },
    });
    expect(res.headers['x-request-id']).toBe('client-trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    const odd = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a login with the correct password still works after all of the above', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
  });
});
