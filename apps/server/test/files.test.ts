import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, multipart, registerUser, type TestUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ UPLOAD_MAX_BYTES: String(64 * 1024) });
});
afterAll(() => ctx?.close());

async function upload(app: FastifyInstance, user: TestUser, filename: string, content: Buffer) {
  const body = multipart({ file: { filename, content, type: 'application/pdf' } });
  return as(app, user)({ method: 'POST', url: '/files', ...body });
}

describe('files', () => {
  it('stores an upload under a generated key, keeps the name as metadata, and downloads it intact', async () => {
    const user = await registerUser(ctx.app, 'uploader');
    const content = Buffer.from('%PDF-1.7 fake but byte-exact \u0000\u00ff content');
    const res = await upload(ctx.app, user, '..\\..\\etc/passwd évil;.pdf', content);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json<{ id: string; original_name: string; size_bytes: number; sha256: string }>();
    expect(file.original_name).toBe('passwd évil;.pdf');
    expect(file.size_bytes).toBe(content.length);
    expect(file.sha256).toBe(createHash('sha256').update(content).digest('hex'));

    // On disk the object lives under the organization's folder with a generated name only.
    const dir = path.join(ctx.dataDir, 'files', user.organizationId, 'upload');
    const stored = await readdir(dir);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f-]{36}$/);

    const download = await as(ctx.app, user)({ method: 'GET', url: `/files/${file.id}/download` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="passwd evil_.pdf"; filename*=UTF-8''passwd%20%C3%A9vil%3B.pdf`,
    );

    const list = await as(ctx.app, user)({ method: 'GET', url: '/files' });
    expect(list.json<{ total: number; items: Array<{ id: string }> }>()).toMatchObject({
      total: 1,
      items: [{ id: file.id }],
    });

    const del = await as(ctx.app, user)({ method: 'DELETE', url: `/files/${file.id}` });
    expect(del.statusCode).toBe(204);
    expect(await readdir(dir)).toHaveLength(0);
    expectProblem(await as(ctx.app, user)({ method: 'GET', url: `/files/${file.id}` }), 404, 'NOT_FOUND');

    const audit = await as(ctx.app, user)({ method: 'GET', url: '/audit' });
    const entries = audit
      .json<{ items: Array<{ action: string; target_id: string }> }>()
      .items.filter((e) => e.target_id === file.id);
    expect(entries.map((e) => e.action)).toEqual(['file.deleted', 'file.downloaded', 'file.uploaded']);
  });

  it('refuses a file over the upload limit with 413 and stores nothing', async () => {
    const user = await registerUser(ctx.app, 'big');
    const res = await upload(ctx.app, user, 'big.pdf', Buffer.alloc(65 * 1024, 1));
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    const list = await as(ctx.app, user)({ method: 'GET', url: '/files' });
    expect(list.json<{ total: number }>().total).toBe(0);
    const tmp = await readdir(path.join(ctx.dataDir, 'tmp')).catch(() => []);
    expect(tmp).toEqual([]);
  });

  it('refuses a request without a file part, or not multipart at all', async () => {
    const user = await registerUser(ctx.app, 'nofile');
    const noFile = await as(
      ctx.app,
      user,
    )({ method: 'POST', url: '/files', ...multipart({ note: 'hello' }) });
    expectProblem(noFile, 400, 'VALIDATION_FAILED');
    const json = await as(ctx.app, user)({ method: 'POST', url: '/files', payload: { file: 'x' } });
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
