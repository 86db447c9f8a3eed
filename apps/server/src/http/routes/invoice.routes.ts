import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdempotencyHeaders,
  IdParams,
  InvoiceCorrections,
  InvoiceUploadFields,
  InvoiceListQuery,
  InvoiceSummary,
  InvoiceView,
  Page,
  TaskSubmitted,
  SubmitQuery,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { invoiceSummary, invoiceView } from '../invoice-presenter.js';
import { readMultipartUpload, registerUploads, validFields } from '../multipart-upload.js';
import { principalOf, requestMeta } from '../plugins/auth.js';
import { bearer, multipartBody, problemResponses } from '../schemas.js';

/** Invoices read from uploaded PDFs: submit extraction, list, read, correct, delete. */
export const invoiceRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { invoices, files } = container.services;
  await registerUploads(app, container.config.uploadMaxBytes);
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/invoices/extract_async',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Submit an invoice PDF for extraction (multipart: `file`, optional `password`)',
        description:
          'Answers 202 with the task id at once; the `extract_invoice_metadata` task reads the PDF. ' +
          'Empty files (422 EMPTY_FILE), files that are not PDFs (415 NOT_A_PDF) and files over ' +
          'UPLOAD_MAX_BYTES (413) are refused here, before a task exists.',
        security: bearer,
        multipartBody: multipartBody('An invoice PDF (up to UPLOAD_MAX_BYTES)', InvoiceUploadFields),
        headers: IdempotencyHeaders,
        querystring: SubmitQuery,
        response: { 202: TaskSubmitted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const meta = requestMeta(request);
      const upload = await readMultipartUpload(request, files);
      try {
        const { password } = validFields(InvoiceUploadFields, upload.fields);
        const file = await invoices.storeUpload(principal, upload.file, meta);
        const row = await invoices.submitExtraction(
          principal,
          file,
          password || undefined,
          request.headers['idempotency-key'],
          meta,
          request.query.priority,
        );
        return await reply.code(202).send({ task_id: row.id, status: 'submitted' as const });
      } finally {
        await upload.discard();
      }
    },
  );

  app.get(
    '/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Invoices, newest first (filter by vendor, invoice date, currency, duplicates)',
        security: bearer,
        querystring: InvoiceListQuery,
        response: { 200: Page(InvoiceSummary), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const { items, total } = await invoices.list(principalOf(request), {
        vendor: q.vendor,
        dateFrom: q.date_from,
        dateTo: q.date_to,
        currency: q.currency,
        duplicate: q.duplicate,
        limit,
        offset,
      });
      return { items: items.map(invoiceSummary), total, limit, offset };
    },
  );

  app.get(
    '/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary:
          'An invoice: current values, each field as extracted (confidence, page, position), lines, checks, corrections',
        security: bearer,
        params: IdParams,
        response: { 200: InvoiceView, ...problemResponses },
      },
    },
    async (request) => invoiceView(await invoices.get(principalOf(request), request.params.id)),
  );

  app.patch(
    '/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: "Correct an invoice's fields (the extraction is kept; each change is recorded)",
        security: bearer,
        params: IdParams,
        body: InvoiceCorrections,
        response: { 200: InvoiceView, ...problemResponses },
      },
    },
    async (request) =>
      invoiceView(
        await invoices.correct(principalOf(request), request.params.id, request.body, requestMeta(request)),
      ),
  );

  app.delete(
    '/invoices/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Delete an invoice and its uploaded PDF',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await invoices.delete(principalOf(request), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
