import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Account,
  CsvPreview,
  CsvPreviewFields,
  IdParams,
  IdempotencyHeaders,
  Page,
  Statement,
  StatementImportFields,
  StatementListQuery,
  TaskSubmitted,
  Transaction,
  SubmitQuery,
} from '@ledgerflow/contracts';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { readMultipartUpload, registerUploads, validFields } from '../multipart-upload.js';
import { principalOf, requestMeta } from '../plugins/auth.js';
import { present } from '../presenters.js';
import { bearer, multipartBody, problemResponses } from '../schemas.js';

const IMPORT_FIELDS_DOC =
  'multipart/form-data: `file` (a PDF statement or a CSV, OFX/QFX, QIF, MT940 or CAMT.053 export) and ' +
  'optional text fields `password`, `bank`, `account_id`, `strict` (true: an unreconciled statement fails ' +
  'with STATEMENT_NOT_RECONCILED and nothing is saved), `format`, and the CSV options `encoding`, ' +
  '`delimiter`, `header_line`, `date_order` (DMY|MDY), `decimal_separator`, `mapping` (JSON). ' +
  'Progress: 0 Parsing PDF..., 25 Converting PDF to CSV..., 50 Normalizing transactions..., 75 Saving N ' +
  'transactions..., 100 Completed. The result: {session_id, transaction_count, duplicate_count, ' +
  'bank_source, account, period, opening_balance, closing_balance, reconciled, issues, statements}.';

const idempotencyKeyOf = (request: FastifyRequest): string | undefined => {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
};

/** Statement imports (PDF and bank exports) and their sessions, plus the organization's accounts. */
export const statementRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { statements, files } = container.services;
  await registerUploads(app, container.config.uploadMaxBytes);
  app.addHook('onRequest', app.authenticate);

  const submitImport = async (request: FastifyRequest) => {
    const upload = await readMultipartUpload(request, files);
    try {
      const fields = validFields(StatementImportFields, upload.fields);
      const task = await statements.submitImport(
        principalOf(request),
        upload.file,
        fields,
        requestMeta(request),
        idempotencyKeyOf(request),
        (request.query as SubmitQuery).priority,
      );
      return { task_id: task.id, status: 'submitted' as const };
    } finally {
      await upload.discard();
    }
  };
  const submitSchema = (summary: string) => ({
    tags: ['statements'],
    summary,
    description: IMPORT_FIELDS_DOC,
    security: bearer,
    multipartBody: multipartBody(
      'A PDF statement, or a CSV, OFX/QFX, QIF, MT940 or CAMT.053 export (up to UPLOAD_MAX_BYTES)',
      StatementImportFields,
    ),
    headers: IdempotencyHeaders,
    querystring: SubmitQuery,
    response: { 202: TaskSubmitted, ...problemResponses },
  });

  app.post(
    '/upload_pdf_async',
    { schema: submitSchema('Import a PDF bank statement (or a bank export) as a parse_statement task') },
    async (request, reply) => reply.code(202).send(await submitImport(request)),
  );
  app.post(
    '/statements/import_async',
    { schema: submitSchema('Import a bank export (CSV, OFX/QFX, QIF, MT940, CAMT.053) or a PDF statement') },
    async (request, reply) => reply.code(202).send(await submitImport(request)),
  );

  app.post(
    '/statements/preview',
    {
      schema: {
        tags: ['statements'],
        summary:
          'The detected CSV layout (columns, delimiter, date order) and the first rows; stores nothing',
        description: 'multipart/form-data: `file` and optional CSV options as for /statements/import_async',
        security: bearer,
        multipartBody: multipartBody('A CSV export', CsvPreviewFields),
        response: { 200: CsvPreview, ...problemResponses },
      },
    },
    async (request) => {
      const upload = await readMultipartUpload(request, files);
      try {
        const fields = validFields(CsvPreviewFields, upload.fields);
        return present.csvPreview(
          await statements.previewCsv(upload.file.spooled, upload.file.fileName, fields),
        );
      } finally {
        await upload.discard();
      }
    },
  );

  app.get(
    '/statements',
    {
      schema: {
        tags: ['statements'],
        summary: 'Imported statements (sessions), newest first',
        security: bearer,
        querystring: StatementListQuery,
        response: { 200: Page(Statement), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const { items, total } = await statements.listStatements(principalOf(request), {
        accountId: request.query.account_id,
        limit,
        offset,
      });
      return { items: items.map(present.statement), total, limit, offset };
    },
  );

  app.get(
    '/statements/:id',
    {
      schema: {
        tags: ['statements'],
        summary: 'One imported statement: account, period, balances, reconciliation and its issues',
        security: bearer,
        params: IdParams,
        response: { 200: Statement, ...problemResponses },
      },
    },
    async (request) =>
      present.statement(await statements.getStatement(principalOf(request), request.params.id)),
  );

  app.get(
    '/statements/:id/transactions',
    {
      schema: {
        tags: ['statements'],
        summary: "A statement's transactions, in statement order",
        security: bearer,
        params: IdParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Transaction), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 200;
      const offset = request.query.offset ?? 0;
      const { items, total } = await statements.listTransactions(
        principalOf(request),
        { statementId: request.params.id },
        { limit, offset },
      );
      return { items: items.map(present.transaction), total, limit, offset };
    },
  );

  app.delete(
    '/statements/:id',
    {
      schema: {
        tags: ['statements'],
        summary: 'Delete an imported statement and its transactions (audited)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await statements.deleteStatement(principalOf(request), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/accounts',
    {
      schema: {
        tags: ['statements'],
        summary: 'Bank accounts, created as statements are imported',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(Account) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: (await statements.listAccounts(principalOf(request))).map(present.account),
    }),
  );
};
