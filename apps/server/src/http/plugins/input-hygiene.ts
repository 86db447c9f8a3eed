import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode, type FieldProblem } from '../../errors.js';

/** Paths of the strings in `value` (a parsed body, query or params) that contain a NUL character. */
export function nulBytePaths(value: unknown, path: string, found: FieldProblem[] = []): FieldProblem[] {
  if (found.length >= 10) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path, message: 'must not contain a NUL character' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulBytePaths(item, `${path}/${index}`, found));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000'))
        found.push({ path: `${path}/${key}`, message: 'must not contain a NUL character' });
      nulBytePaths(item, `${path}/${key}`, found);
    }
  }
  return found;
}

export const nulByteProblem = (fields: FieldProblem[]) =>
  new AppError(ErrorCode.VALIDATION_FAILED, 400, 'Text must not contain NUL characters', fields);

/**
 * PostgreSQL text cannot hold U+0000 (SQLSTATE 22021), so a NUL in any string reached the database as a
 * 500. Every route's params, query and JSON body are checked before schema validation (multipart fields
 * in `validFields`): a 400 naming the fields, the same for every route.
 */
export function rejectNulBytes(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const found = nulBytePaths(request.params, '/params');
    nulBytePaths(request.query, '/query', found);
    nulBytePaths(request.body, '/body', found);
    if (found.length > 0) throw nulByteProblem(found);
  });
}
