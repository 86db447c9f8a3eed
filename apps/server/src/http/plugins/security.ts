import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError, ErrorCode } from '../../errors.js';

export interface SecurityOptions {
  corsOrigins: readonly string[];
  rateLimit: { max: number; windowMs: number };
  redis: Redis | undefined;
  /** Namespaces the shared counters in Redis (QUEUE_PREFIX), so deployments sharing one Redis do not mix. */
  namespace: string;
}

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.RATE_LIMITED, 429, `Too many requests; retry in ${retryAfterSeconds} s`);

/**
 * Security headers, CORS from an allow-list (none by default: same-origin only), and a per-IP request
 * limit on every route. Per-user and sign-in limits sit in the auth plugin and auth routes.
 */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    // The API serves JSON; /docs serves its own static UI, allowed by the CSP below.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", 'https:', "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        // Helmet's default; added below only for requests that arrived over TLS.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // `upgrade-insecure-requests` makes the browser fetch the page's scripts over https: over plain HTTP
  // (another machine on the LAN, say) /docs stayed blank. Send it only when the request came over TLS
  // (directly, or through a trusted proxy's X-Forwarded-Proto with TRUST_PROXY=true).
  // Cross-Origin-Opener-Policy likewise: browsers ignore it on a plain-HTTP origin, with a console error.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol !== 'https') {
      reply.removeHeader('cross-origin-opener-policy');
      return payload;
    }
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && !csp.includes('upgrade-insecure-requests'))
      reply.header('content-security-policy', `${csp}; upgrade-insecure-requests`);
    return payload;
  });
  await app.register(cors, {
    origin: options.corsOrigins.length > 0 ? [...options.corsOrigins] : false,
    credentials: false,
    // The API's own methods: the default (GET, HEAD, POST) left a browser app on another origin unable
    // to PATCH or DELETE.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-remaining'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimit.max,
    timeWindow: options.rateLimit.windowMs,
    keyGenerator: (request) => `ip:${request.ip}`,
    // Redis down or frozen: fail open (count nothing) rather than fail every request with a 500. The
    // limits are a brake on abuse, not an access control, and /me should not depend on Redis.
    skipOnError: true,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.namespace}:ratelimit:` } : {}),
    errorResponseBuilder: (_request, context) => rateLimited(Math.ceil(context.ttl / 1000)),
  });
}
