import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Container } from '../../container.js';
import { unauthenticated } from '../../errors.js';

/** Prometheus scrape endpoint; behind a bearer token when METRICS_TOKEN is set. Holds no tenant data. */
export const metricsRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const token = container.config.metricsToken;
  app.get('/metrics', { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined) {
      const given = Buffer.from(request.headers.authorization ?? '');
      const expected = Buffer.from(`Bearer ${token}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated();
    }
    const { registry } = container.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
