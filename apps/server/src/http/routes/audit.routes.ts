import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntry, AuditQuery, Page } from '@ledgerflow/contracts';
import type { Container } from '../../container.js';
import { principalOf } from '../plugins/auth.js';
import { present } from '../presenters.js';
import { bearer, problemResponses } from '../schemas.js';

export const auditRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  app.addHook('onRequest', app.authenticate);
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "The organization's audit log, newest first (owners and admins)",
        security: bearer,
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const filter = {
        action: q.action,
        userId: q.user_id,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      };
      const { items, total } = await container.services.audit.list(principalOf(request), filter);
      return { items: items.map(present.audit), total, limit: filter.limit, offset: filter.offset };
    },
  );
};
