/**
 * Errors that services raise. They carry a stable `code` (clients branch on it) and the HTTP status the
 * transport layer should use; services never import HTTP types, so the status is just a number here.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_BODY: 'MALFORMED_BODY',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  REFRESH_TOKEN_INVALID: 'REFRESH_TOKEN_INVALID',
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  FORBIDDEN: 'FORBIDDEN',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  INVITATION_INVALID: 'INVITATION_INVALID',
  LAST_OWNER: 'LAST_OWNER',
  PASSWORD_TOO_WEAK: 'PASSWORD_TOO_WEAK',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldProblem {
  path: string;
  message: string;
}

export class AppError extends Error {
  /** Seconds a client should wait before trying again (sent as `Retry-After`), for 429 and 503. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode | (string & {}),
    readonly status: number,
    message: string,
    readonly fields?: readonly FieldProblem[],
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const notFound = (what = 'Resource') => new AppError(ErrorCode.NOT_FOUND, 404, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError(ErrorCode.FORBIDDEN, 403, message);
export const unauthenticated = (
  code: ErrorCode = ErrorCode.UNAUTHENTICATED,
  message = 'Authentication required',
) => new AppError(code, 401, message);
export const conflict = (code: ErrorCode, message: string) => new AppError(code, 409, message);
export const invalid = (message: string, fields?: FieldProblem[]) =>
  new AppError(ErrorCode.VALIDATION_FAILED, 422, message, fields);
/** A dependency (database, Redis, a busy pool) cannot serve now; the client should retry later. */
export const serviceUnavailable = (message: string, retryAfterSeconds: number, options?: ErrorOptions) =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 503, message, undefined, { ...options, retryAfterSeconds });

/**
 * A job failure that retrying cannot fix (unreadable file, wrong password, invalid input): the worker
 * fails the task at once instead of spending its retries.
 */
export class PermanentJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
