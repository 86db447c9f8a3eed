/**
 * Issue 22, items 6 and 8: hostile input answered as a client error, never a 500, and the small holes a
 * probe found (query-string tokens, weak passwords, CORS methods, other organizations' ids in reports).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, multipart, registerUser, type TestUser } from '../support/api.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { seedStatement } from '../support/transactions.js';

let ctx: TestContext;
let user: TestUser;
let stranger: TestUser;
let transactionId: string;
let strangerAccountId: string;
let strangerCategoryId: string;
let base: string;
beforeAll(async () => {
  ctx = await createTestContext({ CORS_ORIGINS: 'https://app.example.com' });
  user = await registerUser(ctx.app, 'nul');
  stranger = await registerUser(ctx.app, 'stranger');
  const seeded = await seedStatement(ctx.container, user.organizationId, [
    { description: 'Coffee', amountMinor: -3000 },
  ]);
  transactionId = seeded.ids[0]!;
  strangerAccountId = (await seedStatement(ctx.container, stranger.organizationId, [])).accountId;
  strangerCategoryId = (await ctx.container.repos.categories.list(stranger.organizationId))[0]!.id;
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx?.close());

describe('a NUL character in any string is a 400, never a database error', () => {
  const cases: Array<[string, () => Parameters<ReturnType<typeof as>>[0]]> = [
    ['transaction search', () => ({ method: 'GET', url: '/transactions?q=a%00b' })],
    ['transaction filter date', () => ({ method: 'GET', url: '/transactions?date_from=2024%0001-01' })],
    [
      'transaction note',
      () => ({ method: 'PATCH', url: `/transactions/${transactionId}`, payload: { note: 'a\u0000b' } }),
    ],
    [
      'transaction tags',
      () => ({ method: 'PATCH', url: `/transactions/${transactionId}`, payload: { tags: ['x\u0000'] } }),
    ],
    [
      'transaction payee',
      () => ({ method: 'PATCH', url: `/transactions/${transactionId}`, payload: { payee: '\u0000' } }),
    ],
    [
      'bulk edit note',
      () => ({ method: 'PATCH', url: '/transactions', payload: { ids: [transactionId], note: 'n\u0000' } }),
    ],
    [
      'category name',
      () => ({ method: 'POST', url: '/categories', payload: { name: 'Food\u0000', kind: 'expense' } }),
    ],
    [
      'report title',
      () => ({
        method: 'POST',
        url: '/reports/generate_async',
        payload: { date_from: '2024-01-01', date_to: '2024-12-31', title: 'T\u0000' },
      }),
    ],
    [
      'schedule title',
      () => ({ method: 'POST', url: '/report_schedules', payload: { frequency: 'daily', title: 'T\u0000' } }),
    ],
    [
      'a key of the body',
      () => ({ method: 'PATCH', url: `/transactions/${transactionId}`, payload: { ['no\u0000te']: 'x' } }),
    ],
  ];
  it.each(cases)('%s', async (_name, request) => {
    const res = await as(ctx.app, user)(request());
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.json())).toContain('NUL');
  });

  it('in sign-up and sign-in fields (no token needed to try)', async () => {
    const register = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: {
        email: 'n@example.com',
        password: 'a long passphrase',
        name: 'N\u0000',
        organization_name: 'O',
      },
    });
    expectProblem(register, 400, 'VALIDATION_FAILED');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'n@example.com', password: 'pass\u0000word' },
    });
    expectProblem(login, 400, 'VALIDATION_FAILED');
  });

  it('in a multipart form field', async () => {
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/import_async',
      ...multipart({
        bank: 'standard\u0000bank',
        file: {
          filename: 's.csv',
          content: Buffer.from('Date,Description,Amount\n2024-01-02,Coffee,-30.00\n'),
        },
      }),
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('the transaction is unchanged', async () => {
    const res = await as(ctx.app, user)({ method: 'GET', url: `/transactions/${transactionId}` });
    expect(res.json<{ note: string | null; tags: string[] }>()).toMatchObject({ note: null, tags: [] });
  });
});

describe('malformed multipart is a 400', () => {
  const boundary = '----ledgerflowtest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\nDate,Amount\n`;
  it.each([
    ['no boundary', 'multipart/form-data', Buffer.from(head)],
    ['a truncated body', `multipart/form-data; boundary=${boundary}`, Buffer.from(head)],
    ['garbage', `multipart/form-data; boundary=${boundary}`, Buffer.from('not a multipart body at all')],
  ])('%s', async (_name, contentType, payload) => {
    for (const url of [
      '/statements/import_async',
      '/statements/preview',
      '/files',
      '/invoices/extract_async',
    ]) {
      const res = await as(
        ctx.app,
        user,
      )({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('query-string tokens only on the stream routes', () => {
  it('/me does not take ?access_token=, however the URL is dressed', async () => {
    for (const url of [
      `/me?access_token=${user.accessToken}&x=/events?`,
      `/me?x=/events?&access_token=${user.accessToken}`,
      `/me?access_token=${user.accessToken}`,
    ]) {
      expectProblem(await ctx.app.inject({ method: 'GET', url }), 401, 'UNAUTHENTICATED');
    }
  });

  it('the SSE route still does', async () => {
    const task = await as(
      ctx.app,
      user,
    )({ method: 'POST', url: '/tasks/sleep_demo_async', payload: { seconds: 0 } });
    const taskId = task.json<{ task_id: string }>().task_id;
    const controller = new AbortController();
    const res = await fetch(`${base}/tasks/${taskId}/events?access_token=${user.accessToken}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });
});

describe('new passwords', () => {
  it.each([
    ['twelve spaces', ' '.repeat(12)],
    ['a common one', 'password1234'],
    ['a common one, capitalized and spaced', 'Password 1234'],
    ['one character repeated', 'aaaaaaaaaaaaaaaa'],
    ['keyboard row', 'qwerty123456'],
  ])('refuses %s at sign-up and when accepting an invitation', async (_name, password) => {
    const register = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: `weak-${Date.now()}@example.com`, password, name: 'W', organization_name: 'W' },
    });
    expectProblem(register, 422, 'PASSWORD_TOO_WEAK');
    const invited = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/organization/members',
      payload: { email: `invitee-${Date.now()}@example.com` },
    });
    const token = invited.json<{ invitation: { token: string } }>().invitation.token;
    const accept = await ctx.app.inject({
      method: 'POST',
      url: '/auth/accept-invite',
      payload: { token, name: 'W', password },
    });
    expectProblem(accept, 422, 'PASSWORD_TOO_WEAK');
  });

  it('accepts a long passphrase', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: {
        email: `ok-${Date.now()}@example.com`,
        password: 'tram lantern 1987 ochre',
        name: 'O',
        organization_name: 'O',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('CORS', () => {
  it.each(['PATCH', 'DELETE', 'PUT'])('a preflight from an allowed origin allows %s', async (method) => {
    const res = await ctx.app.inject({
      method: 'OPTIONS',
      url: `/transactions/${transactionId}`,
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(res.headers['access-control-allow-methods'])).toContain(method);
  });

  it('another origin gets no CORS headers', async () => {
    const res = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/me',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'DELETE' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe("another organization's account or category in a report scope is a 404", () => {
  const range = { date_from: '2024-01-01', date_to: '2024-12-31' };
  it.each([
    ['/reports/generate_async', () => ({ ...range, account_id: [strangerAccountId] }), 'Account'],
    ['/reports/generate_async', () => ({ ...range, category_id: [strangerCategoryId] }), 'Category'],
    ['/report_schedules', () => ({ frequency: 'daily', account_id: [strangerAccountId] }), 'Account'],
    ['/report_schedules', () => ({ frequency: 'weekly', category_id: [strangerCategoryId] }), 'Category'],
  ])('%s %#', async (url, payload, what) => {
    const res = await as(ctx.app, user)({ method: 'POST', url, payload: payload() });
    expectProblem(res, 404, 'NOT_FOUND');
    expect(res.json<{ detail: string }>().detail).toContain(what);
  });

  it('its own account and categories (and "none") are accepted', async () => {
    const own = await seedStatement(ctx.container, user.organizationId, []);
    const category = (await ctx.container.repos.categories.list(user.organizationId))[0]!.id;
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/reports/generate_async',
      payload: { ...range, account_id: [own.accountId], category_id: [category, 'none'] },
    });
    expect(res.statusCode, res.body).toBe(202);
  });
});
