import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../errors.js';
import { sendProblem } from '../problem.js';

/** Where `vite build` puts the web app: apps/web/dist, from apps/server/{src,dist}/http/plugins. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/**
 * The page's Content Security Policy. Stricter than the API's default (no inline styles, no other
 * origins): the built app loads only its own hashed files, talks only to this origin (fetch, SSE,
 * WebSocket), and shows PDFs and downloads through blob: URLs.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|image\/svg|application\/json)/;

interface BuiltFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Vite names assets by content hash, so they never change under the same URL. */
  immutable: boolean;
}

/**
 * Reads the whole build into memory once (a few hundred KB), gzipped ahead: serving is a map lookup,
 * and only files that exist in the build can ever be served (no path from the URL touches the disk).
 */
async function loadBuild(dir: string): Promise<Map<string, BuiltFile>> {
  const files = new Map<string, BuiltFile>();
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return files;
  }
  for (const file of entries) {
    const urlPath = `/${path.relative(dir, file).split(path.sep).join('/')}`;
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const body = await readFile(file);
    const gzip = COMPRESSIBLE.test(type) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    files.set(urlPath, { body, gzip, type, etag, immutable: urlPath.startsWith('/assets/') });
  }
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: BuiltFile) {
  reply
    .header('content-type', file.type)
    .header('etag', file.etag)
    .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  if (file.gzip && acceptsGzip) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * Serves the built web app: its files at their paths, and `index.html` at `/`, under `/app/` (the
 * app's own routes) and for any other unknown GET a browser navigates to. API routes keep their
 * paths (a more specific route always wins over the `/*` fallback); an API client asking for an
 * unknown path still gets the usual 404 problem.
 */
/** The router's maxParamLength (http/app.ts). */
const MAX_PARAM_LENGTH = 200;

export async function registerWebApp(app: FastifyInstance, dir: string = DEFAULT_WEB_DIR): Promise<void> {
  const files = await loadBuild(dir);
  const index = files.get('/index.html');
  const route = { config: { rateLimit: false }, schema: { hide: true } } as const;
  if (!index) {
    app.log.warn({ dir }, 'web app not built: run `npm run build` to serve it at /');
    app.get('/', route, (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('Ledgerflow API. The web app is not built: run `npm run build`, then restart. API docs: /docs'),
    );
    return;
  }
  const page = (request: FastifyRequest, reply: FastifyReply) =>
    send(request, reply.header('content-security-policy', WEB_APP_CSP), index);

  for (const [urlPath, file] of files) {
    if (urlPath === '/index.html') continue;
    app.get(urlPath, route, (request, reply) => send(request, reply, file));
  }
  app.get('/', route, page);
  app.get('/app', route, page);
  app.get('/app/*', route, page);
  app.get('/*', route, (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A segment longer than the router's maxParamLength missed its API route and fell through to here:
    // answer as the router does without the web app.
    if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
      return sendProblem(request, reply, 414, 'URI_TOO_LONG', 'A path segment is too long.');
    }
    if (wantsHtml(request)) return page(request, reply);
    return sendProblem(
      request,
      reply,
      404,
      ErrorCode.NOT_FOUND,
      `No route for GET ${request.url.split('?')[0]}`,
    );
  });
}
