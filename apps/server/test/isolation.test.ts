import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, multipart, registerUser, type TestUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

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
let aliceReportId: string;
let aliceScheduleId: string;

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
  // A report as a finished generate_report task leaves it (no worker runs in this file).
  const report = await ctx.container.repos.reports.createForTask({
    organizationId: alice.organizationId,
    createdBy: alice.userId,
    taskId: null,
    scheduleId: null,
    storageKey: `${alice.organizationId}/reports/isolation.csv`,
    fileName: 'isolation.csv',
    contentType: 'text/csv; charset=utf-8',
    format: 'csv',
    title: 'Isolation',
    scope: JSON.stringify({ date_from: '2024-01-01', date_to: '2024-01-31' }),
    periodStart: '2024-01-01',
    periodEnd: '2024-01-31',
    rowCount: 0,
    sizeBytes: 0,
    expiresAt: null,
  });
  aliceReportId = report.id;
  const schedule = await as(
    ctx.app,
    alice,
  )({ method: 'POST', url: '/report_schedules', payload: { frequency: 'monthly' } });
  aliceScheduleId = schedule.json<{ id: string }>().id;
});
afterAll(() => ctx?.close());

type Case = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  url: () => string;
  payload?: object;
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
  { method: 'GET', route: '/reports/{id}', url: () => `/reports/${aliceReportId}`, expect: 'not_found' },
  {
    method: 'GET',
    route: '/reports/{id}/download',
    url: () => `/reports/${aliceReportId}/download`,
    expect: 'not_found',
  },
  {
    method: 'POST',
    route: '/reports/{id}/keep',
    url: () => `/reports/${aliceReportId}/keep`,
    expect: 'not_found',
  },
  { method: 'DELETE', route: '/reports/{id}', url: () => `/reports/${aliceReportId}`, expect: 'not_found' },
  { method: 'GET', route: '/reports', url: () => '/reports', expect: 'own_only' },
  {
    method: 'DELETE',
    route: '/report_schedules/{id}',
    url: () => `/report_schedules/${aliceScheduleId}`,
    expect: 'not_found',
  },
  { method: 'GET', route: '/report_schedules', url: () => '/report_schedules', expect: 'own_only' },
];

describe('organization isolation', () => {
  it.each(cases)("$method $route: another organization's data is invisible", async (c) => {
    const res = await as(
      ctx.app,
      bob,
    )({ method: c.method, url: c.url(), ...(c.payload ? { payload: c.payload } : {}) });
    if (c.expect === 'not_found') {
      expectProblem(res, 404, 'NOT_FOUND');
    } else {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(alice.organizationId);
      expect(res.body).not.toContain(alice.userId);
      expect(res.body).not.toContain(aliceFileId);
      expect(res.body).not.toContain(aliceTaskId);
      expect(res.body).not.toContain(aliceReportId);
      expect(res.body).not.toContain(aliceScheduleId);
    }
  });

  it("alice's data is intact after bob's attempts", async () => {
    expect((await as(ctx.app, alice)({ method: 'GET', url: `/files/${aliceFileId}` })).statusCode).toBe(200);
    const task = await as(ctx.app, alice)({ method: 'GET', url: `/tasks/${aliceTaskId}/status` });
    expect(task.json<{ status: string }>().status).toBe('PENDING'); // no worker here; bob's DELETE did not cancel it
    const report = await as(ctx.app, alice)({ method: 'GET', url: `/reports/${aliceReportId}` });
    expect(report.json<{ kept: boolean }>().kept).toBe(false); // bob's keep and delete did nothing
    const schedules = await as(ctx.app, alice)({ method: 'GET', url: '/report_schedules' });
    expect(schedules.json<{ total: number }>().total).toBe(1);
    const members = await as(ctx.app, alice)({ method: 'GET', url: '/organization/members' });
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
      // A statement of another organization is a 404 here too (test/reports/reports.test.ts).
      'POST /reports/generate_async',
      'POST /report_schedules',
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
