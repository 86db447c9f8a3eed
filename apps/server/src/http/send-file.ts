import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../adapters/storage/index.js';

/**
 * Streams a stored file as a download: its type and length, a safe attachment name, no sniffing and no
 * caching by shared proxies. Used by every route that hands out a stored file.
 */
export function sendFile(
  reply: FastifyReply,
  file: { contentType: string; sizeBytes: number; fileName: string },
  body: Readable,
): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.sizeBytes)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}
