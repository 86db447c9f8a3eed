import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  GenerateReportBody,
  IdempotencyHeaders,
  IdParams,
  Page,
  Report,
  ReportListQuery,
  TaskSubmitted,
  SubmitQuery,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { reportView } from '../../services/report-view.js';
import { principalOf, requestMeta } from '../plugins/auth.js';
import { bearer, binaryFile, problemResponses } from '../schemas.js';
import { sendFile } from '../send-file.js';

/** Reports: submit generation (the original `/reports/generate_async`), list, download (audited), keep. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { reports } = container.services;
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/reports/generate_async',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Submit report generation (a statement, or a date range with optional accounts and categories)',
        description:
          'Runs the `generate_report` task. Its result: `{report_id, file_name, format, size_bytes, ' +
          'row_count, download_url}`. Reports expire with the task result unless kept.',
        security: bearer,
        headers: IdempotencyHeaders,
        querystring: SubmitQuery,
        body: GenerateReportBody,
        response: { 202: TaskSubmitted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = await reports.submit(
        principalOf(request),
        request.body,
        request.headers['idempotency-key'],
        request.query.priority,
      );
      return reply.code(202).send({ task_id: row.id, status: 'submitted' as const });
    },
  );

  app.get(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        summary: "Your organization's reports, newest first",
        security: bearer,
        querystring: ReportListQuery,
        response: { 200: Page(Report), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const { items, total } = await reports.list(principalOf(request), { limit, offset });
      return { items: items.map(reportView), total, limit, offset };
    },
  );

  app.get(
    '/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: "A report's metadata",
        security: bearer,
        params: IdParams,
        response: { 200: Report, ...problemResponses },
      },
    },
    async (request) => reportView(await reports.get(principalOf(request), request.params.id)),
  );

  app.get(
    '/reports/:id/download',
    {
      schema: {
        tags: ['reports'],
        summary: 'Download the report file (audited; 410 once expired)',
        security: bearer,
        params: IdParams,
        response: {
          200: binaryFile('The report: an Excel workbook or a CSV file (UTF-8 with BOM)', [
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'text/csv',
          ]),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { report, body } = await reports.download(
        principalOf(request),
        request.params.id,
        requestMeta(request),
      );
      return sendFile(reply, report, body);
    },
  );

  app.post(
    '/reports/:id/keep',
    {
      schema: {
        tags: ['reports'],
        summary: 'Keep the report: it no longer expires',
        security: bearer,
        params: IdParams,
        response: { 200: Report, ...problemResponses },
      },
    },
    async (request) => reportView(await reports.keep(principalOf(request), request.params.id)),
  );

  app.delete(
    '/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'Delete the report and its file',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await reports.delete(principalOf(request), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
