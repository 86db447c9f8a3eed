import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/database.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Principal } from '../services/principal.js';
import { principalOf } from './plugins/auth.js';

export interface AccessEnded {
  /** TOKEN_EXPIRED, TOKEN_INVALID (no longer a member, user disabled), or SERVICE_UNAVAILABLE. */
  code: string;
  message: string;
}

export interface StreamAccess {
  /** The caller as of the last re-check (a changed role applies to the next event). */
  principal(): Principal;
  stop(): void;
}

/**
 * Keeps an open stream (SSE, WebSocket) honest about who may still read it: every `intervalMs` its
 * token is resolved again through the same path as a request (`app.resolveAccessToken`: signature,
 * expiry, live membership), and `onEnd` is called once when that fails — the token expired, the member
 * was removed or disabled. Without it a stream opened with a valid token kept delivering the
 * organization's task events after the member was removed or the token expired (#22). A re-check that
 * cannot reach the database ends the stream too (SERVICE_UNAVAILABLE; the client reconnects later):
 * access that cannot be confirmed is not granted.
 */
export function watchStreamAccess(
  app: FastifyInstance,
  request: FastifyRequest,
  options: { intervalMs: number; onEnd(ended: AccessEnded): void },
): StreamAccess {
  let current = principalOf(request);
  const token = request.accessToken;
  let checking = false;
  let stopped = false;
  const end = (ended: AccessEnded) => {
    if (stopped) return;
    stop();
    options.onEnd(ended);
  };
  const check = async () => {
    if (checking || stopped) return;
    checking = true;
    try {
      if (!token) throw new AppError(ErrorCode.TOKEN_INVALID, 401, 'No access token');
      const principal = await app.resolveAccessToken(token);
      if (principal.organizationId !== current.organizationId || principal.userId !== current.userId) {
        throw new AppError(ErrorCode.TOKEN_INVALID, 401, 'Access token no longer grants access');
      }
      current = principal;
    } catch (error) {
      if (error instanceof AppError) end({ code: error.code, message: error.message });
      else if (isDatabaseUnavailable(error))
        end({
          code: ErrorCode.SERVICE_UNAVAILABLE,
          message: 'Access could not be re-checked; reconnect later',
        });
      else end({ code: ErrorCode.INTERNAL_ERROR, message: 'Access could not be re-checked' });
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), options.intervalMs);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return { principal: () => current, stop };
}
