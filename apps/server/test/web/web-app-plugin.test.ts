import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/plugins/errors.js';
import { registerWebApp, WEB_APP_CSP } from '../../src/http/plugins/web-app.js';

/** The static plugin on its own, over a small build written to a temporary folder. */
describe('web app plugin', () => {
  let dir: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-web-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Ledgerflow</title>');
    await writeFile(path.join(dir, 'assets', 'index-abc123.js'), script);
    await writeFile(path.join(dir, 'favicon.svg'), '<svg/>');
    app = Fastify();
    registerErrorHandling(app);
    app.get('/statements/:id', () => ({ api: true }));
    await registerWebApp(app, dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at /, under /app/ and to browsers on unknown paths, with the strict CSP', async () => {
    for (const url of ['/', '/app', '/app/statements/123', '/somewhere']) {
      const res = await app.inject({ url, headers: { accept: 'text/html,*/*' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>Ledgerflow</title>');
    }
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).not.toContain('unsafe-inline');
  });

  it('leaves API routes alone, and answers API clients on unknown paths with a 404 problem', async () => {
    const api = await app.inject({ url: '/statements/1', headers: { accept: 'text/html' } });
    expect(api.json()).toEqual({ api: true });
    const unknown = await app.inject({ url: '/nope', headers: { accept: 'application/json' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    const post = await app.inject({ method: 'POST', url: '/app/x', headers: { accept: 'text/html' } });
    expect(post.statusCode).toBe(404);
  });

  it('serves hashed assets for a year, gzipped when asked, and 304 on a matching ETag', async () => {
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(script);
    const zipped = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(script);
    expect(zipped.rawPayload.length).toBeLessThan(script.length / 10);
    const again = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('serves only files of the build: no path reaches the disk', async () => {
    for (const url of [
      '/assets/../../../etc/passwd',
      '/assets/%2e%2e/%2e%2e/etc/passwd',
      '/assets/missing.js',
    ]) {
      const res = await app.inject({ url, headers: { accept: 'application/json' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('root:');
    }
  });

  it('without a build, / says how to build it and the API still works', async () => {
    const bare = Fastify();
    registerErrorHandling(bare);
    await registerWebApp(bare, path.join(dir, 'does-not-exist'));
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
    await bare.close();
  });
});
