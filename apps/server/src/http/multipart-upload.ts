import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { SpooledFile } from '../adapters/storage/index.js';
import { AppError, ErrorCode } from '../errors.js';
import type { FileService } from '../services/file.service.js';
import { nulByteProblem, nulBytePaths } from './plugins/input-hygiene.js';

/** Multipart parsing for the routes of one plugin: one file, a few small text fields. */
export async function registerUploads(app: FastifyInstance, maxBytes: number): Promise<void> {
  await app.register(multipart, {
    // One byte over the limit reaches the spooler, which refuses it (busboy alone truncates silently).
    limits: {
      fileSize: maxBytes + 1,
      files: 1,
      fields: 20,
      parts: 22,
      fieldSize: 4096,
      headerPairs: 200,
    },
  });
}

export interface MultipartUpload {
  file: { spooled: SpooledFile; fileName: string; contentType: string };
  /** The text fields, in any order relative to the file. */
  fields: Record<string, string>;
  /** Removes the temporary file (a no-op once it has been stored). */
  discard(): Promise<void>;
}

/**
 * Reads a multipart body with one file part named `file` and any text fields, before or after it. The
 * file is spooled to a temporary file (limit enforced while reading) so the fields can be validated
 * before anything is stored. A request without the file is a 400.
 */
export async function readMultipartUpload(
  request: FastifyRequest,
  files: FileService,
): Promise<MultipartUpload> {
  const fields: Record<string, string> = {};
  let file: MultipartUpload['file'] | undefined;
  const discard = async () => {
    await file?.spooled.discard();
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw new AppError(
            ErrorCode.VALIDATION_FAILED,
            400,
            'Send exactly one file, in a field named "file"',
            [{ path: `/body/${part.fieldname}`, message: 'unexpected file' }],
          );
        }
        file = {
          spooled: await files.spool(part.file),
          fileName: part.filename,
          contentType: part.mimetype || 'application/octet-stream',
        };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    await discard();
    throw error;
  }
  if (!file) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 400, 'Send the file in a multipart field named "file"', [
      { path: '/body/file', message: 'is required' },
    ]);
  }
  return { file, fields, discard };
}

/**
 * Multipart text fields, validated like a JSON body (types converted, unknown fields refused). A blank
 * field counts as not sent, as an HTML form (or the /docs page) sends every field, filled in or not.
 */
export function validFields<S extends TSchema>(schema: S, fields: Record<string, string>): Static<S> {
  const nul = nulBytePaths(fields, '/body');
  if (nul.length > 0) throw nulByteProblem(nul);
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ''));
  const converted = Value.Convert(schema, given);
  const errors = [...Value.Errors(schema, converted)].slice(0, 10);
  if (errors.length > 0) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      400,
      'Some form fields are invalid',
      errors.map((e) => ({ path: `/body${e.instancePath}`, message: e.message })),
    );
  }
  return converted as Static<S>;
}
