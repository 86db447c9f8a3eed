import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocumentText } from '../src/adapters/pdf/index.js';
import { extractInvoice } from '../src/domain/invoices/index.js';
import { generateInvoice } from './generators/invoices/index.js';
import {
  as,
  expectProblem,
  joinOrganization,
  multipart,
  registerUser,
  type TestUser,
} from './support/api.js';
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
const ruleBody = {
  name: 'Coffee',
  conditions: { match: 'all', conditions: [{ field: 'description', op: 'contains', value: 'coffee' }] },
  actions: [{ type: 'add_tags', tags: ['coffee'] }],
};
let aliceStatementId: string;
let aliceTransactionId: string;
let aliceAccountId: string;
let aliceInvoiceId: string;
let aliceReportId: string;
let aliceScheduleId: string;
let aliceWebhookId: string;
let aliceDeliveryId: string;

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
  await joinOrganization(ctx.app, alice, colleague);
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
  // An imported statement, written straight through the repositories (no worker runs here).
  const seeded = await seedStatement(
    ctx.container,
    alice.organizationId,
    [{ date: '2024-03-01', description: 'ALICE SECRET PURCHASE', amountMinor: -1234 }],
    { bankSource: 'generic', accountNumber: '12345678' },
  );
  aliceAccountId = seeded.accountId;
  aliceStatementId = seeded.statementId;
  aliceTransactionId = seeded.ids[0]!;
  // An invoice through the real upload route; with no worker here, the extraction is saved directly.
  const generated = await generateInvoice({ layout: 'classic', language: 'en', seed: 5 });
  const submitted = await as(
    ctx.app,
    alice,
  )({
    method: 'POST',
    url: '/invoices/extract_async',
    ...multipart({ file: { filename: 'inv.pdf', content: Buffer.from(generated.pdf) } }),
  });
  const invoiceTaskId = submitted.json<{ task_id: string }>().task_id;
  const { invoice } = extractInvoice(await extractDocumentText(generated.pdf));
  const { files } = ctx.container.services;
  const list = await files.list(
    { organizationId: alice.organizationId, userId: alice.userId, role: 'owner' },
    { purpose: 'invoice', limit: 1, offset: 0 },
  );
  const row = await ctx.container.services.invoices.saveExtraction({
    organizationId: alice.organizationId,
    taskId: invoiceTaskId,
    userId: alice.userId,
    file: list.items[0]!,
    invoice: invoice!,
  });
  aliceInvoiceId = row.id;
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
  // A webhook endpoint on a (public) documentation address, and a delivery of it as a task event leaves.
  const webhook = await ctx.container.repos.webhooks.createEndpoint({
    organizationId: alice.organizationId,
    url: 'https://example.com/alice-hook',
    description: 'ALICE SECRET hook',
    eventTypes: ['task.succeeded'],
    active: true,
    secretSealed: ctx.container.sealer.seal('whsec_alice'),
    createdBy: alice.userId,
  });
  aliceWebhookId = webhook.id;
  const { rows } = await ctx.container.database.pool.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_type, payload, status, next_attempt_at)
     VALUES ($1, $2, 'task.succeeded', '{}', 'succeeded', NULL) RETURNING id`,
    [alice.organizationId, aliceWebhookId],
  );
  aliceDeliveryId = rows[0]!.id;
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
  { method: 'POST', route: '/rules/starter', url: () => '/rules/starter', expect: 'own_only' },
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
  { method: 'GET', route: '/statements', url: () => '/statements', expect: 'own_only' },
  {
    method: 'GET',
    route: '/statements/{id}',
    url: () => `/statements/${aliceStatementId}`,
    expect: 'not_found',
  },
  {
    method: 'GET',
    route: '/statements/{id}/transactions',
    url: () => `/statements/${aliceStatementId}/transactions`,
    expect: 'not_found',
  },
  {
    method: 'DELETE',
    route: '/statements/{id}',
    url: () => `/statements/${aliceStatementId}`,
    expect: 'not_found',
  },
  { method: 'GET', route: '/accounts', url: () => '/accounts', expect: 'own_only' },
  { method: 'GET', route: '/transactions', url: () => '/transactions', expect: 'own_only' },
  {
    method: 'GET',
    route: '/transactions',
    url: () => `/transactions?statement_id=${aliceStatementId}`,
    expect: 'not_found',
  },
  {
    method: 'GET',
    route: '/transactions/{id}',
    url: () => `/transactions/${aliceTransactionId}`,
    expect: 'not_found',
  },
  {
    method: 'PATCH',
    route: '/transactions/{id}',
    url: () => `/transactions/${aliceTransactionId}`,
    payload: { note: 'bob was here' },
    expect: 'not_found',
  },
  { method: 'GET', route: '/invoices/{id}', url: () => `/invoices/${aliceInvoiceId}`, expect: 'not_found' },
  {
    method: 'PATCH',
    route: '/invoices/{id}',
    url: () => `/invoices/${aliceInvoiceId}`,
    payload: { invoice_number: 'STOLEN-1' },
    expect: 'not_found',
  },
  {
    method: 'DELETE',
    route: '/invoices/{id}',
    url: () => `/invoices/${aliceInvoiceId}`,
    expect: 'not_found',
  },
  { method: 'GET', route: '/invoices', url: () => '/invoices', expect: 'own_only' },
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
  { method: 'GET', route: '/webhooks', url: () => '/webhooks', expect: 'own_only' },
  { method: 'GET', route: '/webhooks/{id}', url: () => `/webhooks/${aliceWebhookId}`, expect: 'not_found' },
  {
    method: 'PATCH',
    route: '/webhooks/{id}',
    url: () => `/webhooks/${aliceWebhookId}`,
    payload: { active: false },
    expect: 'not_found',
  },
  {
    method: 'DELETE',
    route: '/webhooks/{id}',
    url: () => `/webhooks/${aliceWebhookId}`,
    expect: 'not_found',
  },
  {
    method: 'POST',
    route: '/webhooks/{id}/rotate_secret',
    url: () => `/webhooks/${aliceWebhookId}/rotate_secret`,
    expect: 'not_found',
  },
  {
    method: 'GET',
    route: '/webhooks/{id}/deliveries',
    url: () => `/webhooks/${aliceWebhookId}/deliveries`,
    expect: 'not_found',
  },
  {
    method: 'POST',
    route: '/webhooks/{id}/deliveries/{delivery_id}/replay',
    url: () => `/webhooks/${aliceWebhookId}/deliveries/${aliceDeliveryId}/replay`,
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
      expect(res.body).not.toContain('ALICE SECRET');
      expect(res.body).not.toContain(aliceAccountId);
      expect(res.body).not.toContain(aliceStatementId);
    }
  });

  it("refuses an import into another organization's account", async () => {
    for (const url of ['/upload_pdf_async', '/statements/import_async']) {
      const res = await as(
        ctx.app,
        bob,
      )({
        method: 'POST',
        url,
        ...multipart({
          account_id: aliceAccountId,
          file: { filename: 'b.csv', content: Buffer.from('Date,Description,Amount\n2024-03-01,X,1.00\n') },
        }),
      });
      expectProblem(res, 422, 'VALIDATION_FAILED');
      expect(res.body).not.toContain(aliceInvoiceId);
      expect(res.body).not.toContain(aliceReportId);
      expect(res.body).not.toContain(aliceScheduleId);
    }
  });

  it("alice's data is intact after bob's attempts", async () => {
    const tx = await as(ctx.app, alice)({ method: 'GET', url: `/transactions/${aliceTransactionId}` });
    expect(tx.json<{ note: string | null }>().note).toBeNull();
    expect(
      (await as(ctx.app, alice)({ method: 'GET', url: `/statements/${aliceStatementId}` })).statusCode,
    ).toBe(200);
    expect((await as(ctx.app, alice)({ method: 'GET', url: `/files/${aliceFileId}` })).statusCode).toBe(200);
    const task = await as(ctx.app, alice)({ method: 'GET', url: `/tasks/${aliceTaskId}/status` });
    expect(task.json<{ status: string }>().status).toBe('PENDING'); // no worker here; bob's DELETE did not cancel it
    const invoice = await as(ctx.app, alice)({ method: 'GET', url: `/invoices/${aliceInvoiceId}` });
    expect(invoice.statusCode).toBe(200);
    expect(invoice.json<{ corrected_fields: string[] }>().corrected_fields).toEqual([]);
    const report = await as(ctx.app, alice)({ method: 'GET', url: `/reports/${aliceReportId}` });
    expect(report.json<{ kept: boolean }>().kept).toBe(false); // bob's keep and delete did nothing
    const schedules = await as(ctx.app, alice)({ method: 'GET', url: '/report_schedules' });
    expect(schedules.json<{ total: number }>().total).toBe(1);
    const hook = await as(ctx.app, alice)({ method: 'GET', url: `/webhooks/${aliceWebhookId}` });
    expect(hook.json<{ active: boolean }>().active).toBe(true); // bob's PATCH and DELETE did nothing
    const hookDeliveries = await as(
      ctx.app,
      alice,
    )({
      method: 'GET',
      url: `/webhooks/${aliceWebhookId}/deliveries`,
    });
    expect(hookDeliveries.json<{ total: number }>().total).toBe(1); // bob's replay added none
    const members = await as(ctx.app, alice)({ method: 'GET', url: '/organization/members' });
    expect(
      (await as(ctx.app, alice)({ method: 'GET', url: `/categories/${aliceCategoryId}` })).statusCode,
    ).toBe(200);
    expect((await as(ctx.app, alice)({ method: 'GET', url: `/rules/${aliceRuleId}` })).statusCode).toBe(200);
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
      'POST /upload_pdf_async', // account_id of another organization: see the test below
      'POST /statements/import_async',
      'POST /statements/preview', // stores nothing
      'POST /invoices/extract_async',
      // A statement of another organization is a 404 here too (test/reports/reports.test.ts).
      'POST /reports/generate_async',
      'POST /report_schedules',
      'POST /webhooks',
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
