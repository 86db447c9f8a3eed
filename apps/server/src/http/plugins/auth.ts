import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ErrorCode, unauthenticated } from '../../errors.js';
import type { AuthService } from '../../services/auth.service.js';
import type { Principal, RequestMeta } from '../../services/principal.js';
import { rateLimited } from './security.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The verified bearer token, so a long-lived stream can re-check it (never logged). */
    accessToken: string | null;
  }
  interface FastifyInstance {
    /**
     * Token → live principal, the one path every request and every open stream's re-check takes (a
     * membership cache belongs here, invalidated when a membership changes). Throws 401 AppErrors.
     */
    resolveAccessToken: (token: string) => Promise<Principal>;
    /** onRequest hook: requires a valid bearer token of a live user, and applies the per-user limit. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export interface AuthPluginOptions {
  auth: AuthService;
  perUserLimit: { max: number; windowMs: number };
}

/** The routes that browsers open with EventSource or WebSocket, which cannot send an Authorization header. */
const QUERY_TOKEN_ROUTES = new Set(['/tasks/:task_id/events', '/ws/tasks']);

const BEARER = /^Bearer ([A-Za-z0-9_.~+/=-]{1,4096})$/;

/** The caller's principal; routes behind `authenticate` always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return { ip: request.ip || null, userAgent: typeof agent === 'string' ? agent : null };
}

export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthPluginOptions) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('accessToken', null);
    app.decorate('resolveAccessToken', (token: string) => options.auth.authenticate(token));
    const perUser = app.createRateLimit({
      max: options.perUserLimit.max,
      timeWindow: options.perUserLimit.windowMs,
      keyGenerator: (request: FastifyRequest) => `user:${request.principal?.userId ?? request.ip}`,
    });

    app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
      // EventSource and browser WebSockets cannot send headers: those routes alone also take
      // ?access_token= (never logged: request logs carry the path only).
      // The route decides, not the URL's text: `/me?x=/events?&access_token=…` is not a stream.
      const queryToken = QUERY_TOKEN_ROUTES.has(request.routeOptions.url ?? '')
        ? new URLSearchParams(request.url.split('?')[1]).get('access_token')
        : null;
      const header = request.headers.authorization ?? (queryToken ? `Bearer ${queryToken}` : undefined);
      if (!header)
        throw unauthenticated(
          ErrorCode.UNAUTHENTICATED,
          'Send an access token: Authorization: Bearer <token>',
        );
      const match = BEARER.exec(header);
      if (!match?.[1])
        throw new AppError(ErrorCode.TOKEN_INVALID, 401, 'Authorization header must be "Bearer <token>"');
      request.principal = await app.resolveAccessToken(match[1]);
      request.accessToken = match[1];
      const limit = await perUser(request);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', limit.ttlInSeconds);
        throw rateLimited(limit.ttlInSeconds);
      }
    });
  },
  { name: 'ledgerflow-auth', dependencies: ['@fastify/rate-limit'] },
);
