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

  it('/docs serves the interactive page', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger-ui');
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
  it('is not served without OPERATOR_PASSWORD', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(404);
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
