import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Container } from '../../container.js';
import { ErrorCode, unauthenticated } from '../../errors.js';
import { sendProblem } from '../problem.js';

/**
 * Prometheus scrape endpoint; behind a bearer token when METRICS_TOKEN is set. It holds no tenant data,
 * but it tells an outsider about load and failures, so in production it is served only with a token:
 * without METRICS_TOKEN a 404 says so. In development and tests it is open on the (loopback) address.
 */
export const metricsRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const token = container.config.metricsToken;
  const off = container.config.isProduction && token === undefined;
  app.get('/metrics', { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    if (off) {
      return sendProblem(
        request,
        reply,
        404,
        ErrorCode.NOT_FOUND,
        'Metrics are off in production until METRICS_TOKEN is set (16+ characters); then scrape with ' +
          '"Authorization: Bearer <METRICS_TOKEN>".',
      );
    }
    if (token !== undefined) {
      const given = Buffer.from(request.headers.authorization ?? '');
      const expected = Buffer.from(`Bearer ${token}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated();
    }
    const { registry } = container.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
