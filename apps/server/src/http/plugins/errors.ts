import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../../db/database.js';
import { AppError, ErrorCode } from '../../errors.js';
import { StorageObjectMissingError } from '../../adapters/storage/index.js';
import { FileTooLargeError } from '../../adapters/storage/index.js';
import { sendProblem } from '../problem.js';

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

/** Fastify's own error codes that are the client's fault, mapped to our stable codes. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; detail?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: ErrorCode.MALFORMED_BODY,
    detail: 'Request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: ErrorCode.MALFORMED_BODY,
    detail: 'Request body is empty but Content-Type is JSON',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: ErrorCode.MALFORMED_BODY },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    detail: 'Request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    detail: 'Expected multipart/form-data',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    detail: 'Uploaded file is too large',
  },
  FST_PARTS_LIMIT: { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, detail: 'Too many multipart parts' },
  FST_FILES_LIMIT: { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, detail: 'Too many files' },
  FST_FIELDS_LIMIT: { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, detail: 'Too many form fields' },
  FST_PROTO_VIOLATION: {
    status: 400,
    code: ErrorCode.MALFORMED_BODY,
    detail: 'Prototype pollution attempt rejected',
  },
  FST_ERR_BAD_URL: { status: 400, code: ErrorCode.VALIDATION_FAILED, detail: 'Malformed URL' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: ErrorCode.VALIDATION_FAILED },
};

/** How long clients are asked to wait when a dependency (the database) is down. */
const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/**
 * busboy's own errors (no boundary, a body that ends mid-part, a bad part header) are plain Errors that
 * the upload routes see while reading; they are the client's, so 400 rather than 500.
 */
const MULTIPART_ERROR = /^(Multipart: |Unexpected end of (multipart data|form)|Malformed part header)/;
function isMalformedMultipart(error: FastifyError): boolean {
  return error.statusCode === undefined && error.code === undefined && MULTIPART_ERROR.test(error.message);
}

function fieldProblems(validation: AjvError[], context: string | undefined) {
  return validation.map((v) => {
    const base = `/${context ?? 'body'}${v.instancePath ?? ''}`;
    if (v.params?.missingProperty)
      return { path: `${base}/${v.params.missingProperty}`, message: 'is required' };
    if (v.params?.additionalProperty)
      return { path: `${base}/${v.params.additionalProperty}`, message: 'is not allowed' };
    return { path: base, message: v.message ?? 'is invalid' };
  });
}

/**
 * The one funnel every error passes through: a problem document with a stable code and the request
 * id; 5xx details are logged once (with the cause) and never sent to the client.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
      if (error instanceof AppError) {
        if (error.status >= 500) request.log.error({ err: error }, error.message);
        if (error.retryAfterSeconds !== undefined) reply.header('retry-after', error.retryAfterSeconds);
        const retryAfter = reply.getHeader('retry-after');
        return sendProblem(request, reply, error.status, error.code, error.message, {
          errors: error.fields,
          retryAfterSeconds: retryAfter === undefined ? undefined : Number(retryAfter),
        });
      }
      if (error.validation) {
        return sendProblem(request, reply, 400, ErrorCode.VALIDATION_FAILED, 'Request is invalid', {
          errors: fieldProblems(error.validation, error.validationContext),
        });
      }
      if (isMalformedMultipart(error)) {
        return sendProblem(
          request,
          reply,
          400,
          ErrorCode.MALFORMED_BODY,
          `Malformed multipart body: ${error.message}`,
        );
      }
      if (error instanceof FileTooLargeError) {
        return sendProblem(request, reply, 413, ErrorCode.PAYLOAD_TOO_LARGE, error.message);
      }
      if (error instanceof StorageObjectMissingError) {
        request.log.error({ err: error }, 'stored object missing for an existing record');
        return sendProblem(request, reply, 404, ErrorCode.NOT_FOUND, 'File content is no longer available');
      }
      const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
      if (known) return sendProblem(request, reply, known.status, known.code, known.detail ?? error.message);
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        // Any other client error raised by Fastify or a plugin: keep its status, give it a generic code.
        return sendProblem(request, reply, error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
      }
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        reply.header('retry-after', DEPENDENCY_RETRY_AFTER_SECONDS);
        return sendProblem(
          request,
          reply,
          503,
          ErrorCode.SERVICE_UNAVAILABLE,
          'The database is unavailable; try again shortly',
          { retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS },
        );
      }
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(
        request,
        reply,
        500,
        ErrorCode.INTERNAL_ERROR,
        'Something went wrong on our side; the request id identifies it in our logs',
      );
    },
  );

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      404,
      ErrorCode.NOT_FOUND,
      `No route for ${request.method} ${request.url.split('?')[0]}`,
    ),
  );
}
