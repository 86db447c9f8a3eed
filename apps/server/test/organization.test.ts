import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, joinOrganization, PASSWORD, registerUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

interface InviteResult {
  status: string;
  invitation?: { token: string; email: string; role: string };
  member?: { user_id: string; role: string };
}

describe('members and invitations', () => {
  it('an existing account is invited, not added: same answer as an unknown email, joins only by accepting', async () => {
    const owner = await registerUser(ctx.app, 'owner');
    const other = await registerUser(ctx.app, 'other');
    const res = await as(
      ctx.app,
      owner,
    )({ method: 'POST', url: '/organization/members', payload: { email: other.email, role: 'member' } });
    expect(res.statusCode, res.body).toBe(201);
    const unknown = await as(
      ctx.app,
      owner,
    )({
      method: 'POST',
      url: '/organization/members',
      payload: { email: `nobody-${Date.now()}@example.com` },
    });
    // Neither answer tells whether the email has an account (no name, no user id, same keys).
    for (const answer of [res, unknown]) {
      expect(Object.keys(answer.json<object>()).sort()).toEqual(['invitation', 'status']);
      expect(Object.keys(answer.json<{ invitation: object }>().invitation).sort()).toEqual([
        'email',
        'expires_at',
        'id',
        'role',
        'token',
      ]);
      expect(answer.json<InviteResult>().status).toBe('invited');
    }
    expect(res.body).not.toContain(other.userId);

    // Not a member until they accept: signing in to that organization fails.
    expect(
      await ctx.container.repos.organizations.findMembership(owner.organizationId, other.userId),
    ).toBeUndefined();
    const early = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: other.email, password: PASSWORD, organization_id: owner.organizationId },
    });
    expectProblem(early, 401, 'INVALID_CREDENTIALS');

    // Accepting needs the account's password.
    const token = res.json<InviteResult>().invitation!.token;
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/auth/accept-invite',
      payload: { token, password: 'not the password of it' },
    });
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    const accept = await ctx.app.inject({
      method: 'POST',
      url: '/auth/accept-invite',
      payload: { token, password: PASSWORD },
    });
    expect(accept.statusCode, accept.body).toBe(200);

    const login = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: other.email, password: PASSWORD, organization_id: owner.organizationId },
    });
    expect(login.statusCode).toBe(200);
    const me = await as(
      ctx.app,
      login.json<{ access_token: string }>().access_token,
    )({ method: 'GET', url: '/me' });
    expect(me.json<{ organization: { id: string }; role: string }>()).toMatchObject({
      organization: { id: owner.organizationId },
      role: 'member',
    });
    expect(me.json<{ organizations: unknown[] }>().organizations).toHaveLength(2);

    const again = await as(
      ctx.app,
      owner,
    )({ method: 'POST', url: '/organization/members', payload: { email: other.email } });
    expectProblem(again, 409, 'ALREADY_MEMBER');
  });

  it('invites an unknown email; the one-time token creates the account and membership', async () => {
    const owner = await registerUser(ctx.app, 'inviter');
    const email = `new-${Date.now()}@example.com`;
    const res = await as(
      ctx.app,
      owner,
    )({ method: 'POST', url: '/organization/members', payload: { email, role: 'admin' } });
    expect(res.statusCode).toBe(201);
    const invite = res.json<InviteResult>();
    expect(invite.status).toBe('invited');
    const token = invite.invitation!.token;

    const missing = await ctx.app.inject({ method: 'POST', url: '/auth/accept-invite', payload: { token } });
    expectProblem(missing, 422, 'VALIDATION_FAILED');

    const accept = await ctx.app.inject({
      method: 'POST',
      url: '/auth/accept-invite',
      payload: { token, name: 'New', password: PASSWORD },
    });
    // The first attempt (without name/password) consumed nothing: the transaction rolled back.
    expect(accept.statusCode, accept.body).toBe(200);
    const me = await as(
      ctx.app,
      accept.json<{ access_token: string }>().access_token,
    )({ method: 'GET', url: '/me' });
    expect(me.json<{ organization: { id: string }; role: string }>()).toMatchObject({
      organization: { id: owner.organizationId },
      role: 'admin',
    });

    const reuse = await ctx.app.inject({
      method: 'POST',
      url: '/auth/accept-invite',
      payload: { token, name: 'New', password: PASSWORD },
    });
    expectProblem(reuse, 400, 'INVITATION_INVALID');
  });

  it('members cannot manage members; admins change roles; the last owner cannot leave', async () => {
    const owner = await registerUser(ctx.app, 'boss');
    const member = await registerUser(ctx.app, 'staff');
    const memberToken = await joinOrganization(ctx.app, owner, member);

    const forbidden = await as(
      ctx.app,
      memberToken,
    )({ method: 'POST', url: '/organization/members', payload: { email: 'x@example.com' } });
    expectProblem(forbidden, 403, 'FORBIDDEN');
    expectProblem(await as(ctx.app, memberToken)({ method: 'GET', url: '/audit' }), 403, 'FORBIDDEN');

    const promote = await as(
      ctx.app,
      owner,
    )({ method: 'PATCH', url: `/organization/members/${member.userId}`, payload: { role: 'admin' } });
    expect(promote.json<{ role: string }>().role).toBe('admin');

    const leave = await as(
      ctx.app,
      owner,
    )({ method: 'DELETE', url: `/organization/members/${owner.userId}` });
    expectProblem(leave, 409, 'LAST_OWNER');

    const remove = await as(
      ctx.app,
      owner,
    )({ method: 'DELETE', url: `/organization/members/${member.userId}` });
    expect(remove.statusCode).toBe(204);
    // The removed member's token for this organization stops working at once.
    expectProblem(await as(ctx.app, memberToken)({ method: 'GET', url: '/me' }), 401, 'TOKEN_INVALID');

    const audit = await as(ctx.app, owner)({ method: 'GET', url: '/audit' });
    const actions = audit.json<{ items: Array<{ action: string }> }>().items.map((i) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['member.invited', 'member.role_changed', 'member.removed']),
    );
  });
});
