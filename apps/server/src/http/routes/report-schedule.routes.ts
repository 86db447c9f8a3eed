import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Page, ReportListQuery, ReportSchedule, ReportScheduleBody } from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { reportScheduleView } from '../../services/report-view.js';
import { principalOf } from '../plugins/auth.js';
import { bearer, problemResponses } from '../schemas.js';

/** Scheduled reports: each run submits a `generate_report` task for the previous period. */
export const reportScheduleRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { reportSchedules } = container.services;
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/report_schedules',
    {
      schema: {
        tags: ['reports'],
        summary: 'Produce a report on a schedule (daily, weekly or monthly, for the previous period)',
        security: bearer,
        body: ReportScheduleBody,
        response: { 201: ReportSchedule, ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = await reportSchedules.create(principalOf(request), request.body);
      return reply.code(201).send(reportScheduleView(row));
    },
  );

  app.get(
    '/report_schedules',
    {
      schema: {
        tags: ['reports'],
        summary: "Your organization's report schedules, newest first",
        security: bearer,
        querystring: ReportListQuery,
        response: { 200: Page(ReportSchedule), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const { items, total } = await reportSchedules.list(principalOf(request), { limit, offset });
      return { items: items.map(reportScheduleView), total, limit, offset };
    },
  );

  app.delete(
    '/report_schedules/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'Stop a report schedule (reports it produced stay)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await reportSchedules.delete(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
