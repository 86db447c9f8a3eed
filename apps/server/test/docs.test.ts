import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('API documentation', () => {
  it('/openapi.json is a valid OpenAPI 3 document that names every route', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/me', '/files/{id}/download', '/audit', '/healthz']),
    );
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('declares every upload as multipart/form-data with its fields, downloads by media type, errors as problems', async () => {
    type Op = {
      requestBody?: {
        content: Record<
          string,
          { schema: { properties: Record<string, { format?: string }>; required: string[] } }
        >;
      };
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      info: { title: string };
      paths: Record<string, Record<string, Op>>;
    }>();
    expect(doc.info.title).toBe('Ledgerflow');
    const uploads: Record<string, string[]> = {
      '/upload_pdf_async': ['file', 'password', 'bank', 'account_id', 'strict', 'delimiter', 'mapping'],
      '/statements/import_async': ['file', 'password', 'strict', 'date_order'],
      '/statements/preview': ['file', 'delimiter', 'header_line'],
      '/invoices/extract_async': ['file', 'password'],
      '/files': ['file'],
    };
    for (const [path, fields] of Object.entries(uploads)) {
      const body = doc.paths[path]?.post?.requestBody?.content['multipart/form-data']?.schema;
      expect(body, path).toBeDefined();
      expect(body!.required).toEqual(['file']);
      expect(body!.properties.file?.format, path).toBe('binary');
      expect(Object.keys(body!.properties), path).toEqual(expect.arrayContaining(fields));
    }
    const reportDownload = doc.paths['/reports/{id}/download']!.get!.responses['200']!;
    expect(Object.keys(reportDownload.content!).sort()).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
    expect(Object.keys(doc.paths['/files/{id}/download']!.get!.responses['200']!.content!)).toEqual(['*/*']);
    // Every documented error of every operation is application/problem+json.
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          // /readyz answers 503 with its readiness document (which checks fail), not a problem.
          if (!/^[45]/.test(status) || (path === '/readyz' && status === '503')) continue;
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
            'application/problem+json',
          ]);
        }
      }
    }
  });

  it('errors are sent as application/problem+json', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json<{ status: number; code: string }>().status).toBe(401);
  });

  it('sends upgrade-insecure-requests only for requests that came over TLS', async () => {
    for (const url of ['/docs/', '/docs/static/swagger-ui-bundle.js', '/healthz']) {
      const plain = await ctx.app.inject({ method: 'GET', url, headers: { host: 'books.lan:8000' } });
      expect(plain.headers['content-security-policy'], url).toBeDefined();
      expect(plain.headers['content-security-policy'], url).not.toContain('upgrade-insecure-requests');
    }
    const behindTls = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      const res = await behindTls.app.inject({
        method: 'GET',
        url: '/docs/',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      const plain = await behindTls.app.inject({ method: 'GET', url: '/docs/' });
      expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    } finally {
      await behindTls.close();
    }
  });

  it('/docs serves the interactive page', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger-ui');
    expect(res.body).toContain('<title>Ledgerflow — API docs</title>');
  });
});

describe('health', () => {
  it('/healthz and /readyz report ok when the database, storage and queue answer', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', storage: 'ok', queue: 'ok' } });
  });
});

describe('metrics access', () => {
  it('is open in development, and off in production until METRICS_TOKEN is set', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const production = await createTestContext({ NODE_ENV: 'production' });
    try {
      const res = await production.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
      expect(res.json<{ detail: string }>().detail).toContain('METRICS_TOKEN');
    } finally {
      await production.close();
    }
  });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    const guarded = await createTestContext({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      expect((await guarded.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const wrong = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer metrics-token-0123456780' },
      });
      expect(wrong.statusCode).toBe(401);
      const ok = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('ledgerflow_process_cpu_seconds_total');
    } finally {
      await guarded.close();
    }
  });
});

describe('queue dashboard', () => {
  it('is not served without OPERATOR_PASSWORD, and the 404 says how to enable it', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json<{ detail: string }>().detail).toContain('Set OPERATOR_PASSWORD');
    }
  });

  it('opens to the operator credential only, and lists the four queues', async () => {
    const guarded = await createTestContext({ OPERATOR_PASSWORD: 'operator-password-123' });
    try {
      const basic = (user: string, pass: string) =>
        `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      const anonymous = await guarded.app.inject({ method: 'GET', url: '/admin/queues' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toContain('Basic');
      const wrong = await guarded.app.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { authorization: basic('operator', 'guess') },
      });
      expect(wrong.statusCode).toBe(401);
      const auth = { authorization: basic('operator', 'operator-password-123') };
      const page = await guarded.app.inject({ method: 'GET', url: '/admin/queues', headers: auth });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await guarded.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: auth });
      expect(api.statusCode, api.body).toBe(200);
      const names = api
        .json<{ queues: Array<{ name: string }> }>()
        .queues.map((q) => q.name)
        .sort();
      expect(names).toEqual(['bulk_operations', 'default', 'pdf_processing', 'reports']);
    } finally {
      await guarded.close();
    }
  });
});
