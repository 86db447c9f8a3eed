import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, multipart, registerUser, type TestUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';
import { seedStatement } from './support/transactions.js';

/**
 * Organization isolation, route by route: a user of organization B never sees or touches anything of
 * organization A; another organization's object is a plain 404, indistinguishable from a missing one.
 * The last test fails when a route is added without being listed here.
 */
let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let aliceFileId: string;
let aliceMemberId: string;
let aliceTaskId: string;
let aliceCategoryId: string;
let aliceRuleId: string;
let aliceStatementId: string;
let aliceTransactionId: string;
const ruleBody = {
  name: 'Coffee',
  conditions: { match: 'all', conditions: [{ field: 'description', op: 'contains', value: 'coffee' }] },
  actions: [{ type: 'add_tags', tags: ['coffee'] }],
};

beforeAll(async () => {
  ctx = await createTestContext();
  alice = await registerUser(ctx.app, 'alice');
  bob = await registerUser(ctx.app, 'bob');
  const up = await as(
    ctx.app,
    alice,
  )({
    method: 'POST',
    url: '/files',
    ...multipart({ file: { filename: 'a.pdf', content: Buffer.from('secret') } }),
  });
  aliceFileId = up.json<{ id: string }>().id;
  const colleague = await registerUser(ctx.app, 'colleague');
  await as(
    ctx.app,
    alice,
  )({ method: 'POST', url: '/organization/members', payload: { email: colleague.email } });
  aliceMemberId = colleague.userId;
  const task = await as(
    ctx.app,
    alice,
  )({ method: 'POST', url: '/tasks/sleep_demo_async', payload: { seconds: 0 } });
  aliceTaskId = task.json<{ task_id: string }>().task_id;
  const category = await as(
    ctx.app,
    alice,
  )({ method: 'POST', url: '/categories', payload: { name: 'Secret projects', kind: 'expense' } });
  aliceCategoryId = category.json<{ id: string }>().id;
  const rule = await as(ctx.app, alice)({ method: 'POST', url: '/rules', payload: ruleBody });
  aliceRuleId = rule.json<{ id: string }>().id;
  const seeded = await seedStatement(ctx.container, alice.organizationId, [
    { description: 'Coffee', amountMinor: -100 },
  ]);
  aliceStatementId = seeded.statementId;
  aliceTransactionId = seeded.ids[0]!;
});
afterAll(() => ctx?.close());

type Case = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  route: string;
  url: () => string;
  /** A function when the payload names ids created in beforeAll. */
  payload?: Record<string, unknown> | (() => Record<string, unknown>);
  expect: 'not_found' | 'own_only';
};

const cases: Case[] = [
  { method: 'GET', route: '/files/{id}', url: () => `/files/${aliceFileId}`, expect: 'not_found' },
  {
    method: 'GET',
    route: '/files/{id}/download',
    url: () => `/files/${aliceFileId}/download`,
    expect: 'not_found',
  },
  { method: 'DELETE', route: '/files/{id}', url: () => `/files/${aliceFileId}`, expect: 'not_found' },
  { method: 'GET', route: '/files', url: () => '/files', expect: 'own_only' },
  {
    method: 'PATCH',
    route: '/organization/members/{userId}',
    url: () => `/organization/members/${aliceMemberId}`,
    payload: { role: 'admin' },
    expect: 'not_found',
  },
  {
    method: 'DELETE',
    route: '/organization/members/{userId}',
    url: () => `/organization/members/${aliceMemberId}`,
    expect: 'not_found',
  },
  { method: 'GET', route: '/organization/members', url: () => '/organization/members', expect: 'own_only' },
  { method: 'GET', route: '/audit', url: () => '/audit', expect: 'own_only' },
  { method: 'GET', route: '/me', url: () => '/me', expect: 'own_only' },
  {
    method: 'GET',
    route: '/tasks/{task_id}/status',
    url: () => `/tasks/${aliceTaskId}/status`,
    expect: 'not_found',
  },
  {
    method: 'GET',
    route: '/tasks/{task_id}/result',
    url: () => `/tasks/${aliceTaskId}/result`,
    expect: 'not_found',
  },
  {
    method: 'GET',
    route: '/tasks/{task_id}/events',
    url: () => `/tasks/${aliceTaskId}/events`,
    expect: 'not_found',
  },
  { method: 'DELETE', route: '/tasks/{task_id}', url: () => `/tasks/${aliceTaskId}`, expect: 'not_found' },
  { method: 'GET', route: '/tasks', url: () => '/tasks', expect: 'own_only' },
  { method: 'GET', route: '/categories', url: () => '/categories', expect: 'own_only' },
  {
    method: 'GET',
    route: '/categories/{id}',
    url: () => `/categories/${aliceCategoryId}`,
    expect: 'not_found',
  },
  {
    method: 'PATCH',
    route: '/categories/{id}',
    url: () => `/categories/${aliceCategoryId}`,
    payload: { name: 'Mine now' },
    expect: 'not_found',
  },
  {
    method: 'DELETE',
    route: '/categories/{id}',
    url: () => `/categories/${aliceCategoryId}?uncategorize=true`,
    expect: 'not_found',
  },
  { method: 'GET', route: '/rules', url: () => '/rules', expect: 'own_only' },
  { method: 'GET', route: '/rules/{id}', url: () => `/rules/${aliceRuleId}`, expect: 'not_found' },
  {
    method: 'PUT',
    route: '/rules/{id}',
    url: () => `/rules/${aliceRuleId}`,
    payload: ruleBody,
    expect: 'not_found',
  },
  { method: 'DELETE', route: '/rules/{id}', url: () => `/rules/${aliceRuleId}`, expect: 'not_found' },
  {
    method: 'POST',
    route: '/rules/reorder',
    url: () => '/rules/reorder',
    payload: () => ({ ids: [aliceRuleId] }),
    expect: 'not_found',
  },
  {
    method: 'POST',
    route: '/rules/preview',
    url: () => '/rules/preview',
    payload: () => ({ rule_id: aliceRuleId }),
    expect: 'not_found',
  },
  {
    method: 'POST',
    route: '/bulk_categorize_async',
    url: () => '/bulk_categorize_async',
    payload: () => ({ statement_id: aliceStatementId }),
    expect: 'not_found',
  },
  {
    method: 'POST',
    route: '/tasks/{task_id}/undo',
    url: () => `/tasks/${aliceTaskId}/undo`,
    expect: 'not_found',
  },
  {
    method: 'PATCH',
    route: '/transactions',
    url: () => '/transactions',
    payload: () => ({ ids: [aliceTransactionId], note: 'mine now' }),
    expect: 'not_found',
  },
];

describe('organization isolation', () => {
  it.each(cases)("$method $route: another organization's data is invisible", async (c) => {
    const res = await as(
      ctx.app,
      bob,
    )({
      method: c.method,
      url: c.url(),
      ...(c.payload ? { payload: typeof c.payload === 'function' ? c.payload() : c.payload } : {}),
    });
    if (c.expect === 'not_found') {
      expectProblem(res, 404, 'NOT_FOUND');
    } else {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(alice.organizationId);
      expect(res.body).not.toContain(alice.userId);
      expect(res.body).not.toContain(aliceFileId);
      expect(res.body).not.toContain(aliceTaskId);
      expect(res.body).not.toContain(aliceCategoryId);
      expect(res.body).not.toContain(aliceRuleId);
    }
  });

  it("alice's data is intact after bob's attempts", async () => {
    expect((await as(ctx.app, alice)({ method: 'GET', url: `/files/${aliceFileId}` })).statusCode).toBe(200);
    const task = await as(ctx.app, alice)({ method: 'GET', url: `/tasks/${aliceTaskId}/status` });
    expect(task.json<{ status: string }>().status).toBe('PENDING'); // no worker here; bob's DELETE did not cancel it
    const members = await as(ctx.app, alice)({ method: 'GET', url: '/organization/members' });
    expect(
      (await as(ctx.app, alice)({ method: 'GET', url: `/categories/${aliceCategoryId}` })).statusCode,
    ).toBe(200);
    expect((await as(ctx.app, alice)({ method: 'GET', url: `/rules/${aliceRuleId}` })).statusCode).toBe(200);
    const transaction = await ctx.container.repos.transactions.findById(
      alice.organizationId,
      aliceTransactionId,
    );
    expect(transaction?.note).toBeNull();
    expect(members.json<{ items: Array<{ user_id: string; role: string }> }>().items).toContainEqual(
      expect.objectContaining({ user_id: aliceMemberId, role: 'member' }),
    );
  });

  it('every authenticated route refuses a request without a token', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApi>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        if (!op.security) continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await ctx.app.inject({ method: method.toUpperCase() as 'GET', url });
        expect(res.statusCode, `${method} ${path}`).toBe(401);
      }
    }
  });

  it('lists every route that reads or changes organization data (add new routes to the cases above)', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApi>();
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    // These create in the caller's own organization.
    const exempt = new Set([
      'POST /files',
      'POST /organization/members',
      'POST /tasks/sleep_demo_async',
      'POST /categories',
      'POST /rules',
    ]);
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (op.security && !covered.has(key) && !exempt.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}
