import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkCategorizeBody,
  IdempotencyHeaders,
  TaskParams,
  TaskSubmitted,
  TransactionsBulkPatch,
  TransactionsBulkPatched,
  UndoResult,
  SubmitQuery,
} from '@ledgerflow/contracts';
import type { Container } from '../../container.js';
import { principalOf } from '../plugins/auth.js';
import { bearer, problemResponses } from '../schemas.js';

/** Bulk categorization (the original `POST /bulk_categorize_async`), its undo, and bulk manual edits. */
export const categorizationRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { categorization } = container.services;
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/bulk_categorize_async',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Submit bulk categorization: apply rules to a statement, transaction ids, or a filter',
        description:
          'Exactly one scope. `rule_ids` defaults to every active rule; `overwrite` also changes manually ' +
          'categorized transactions; `dry_run` writes nothing and lists the proposed changes. The task ' +
          'result: processed, changed, unchanged, per-category counts. Undo with `POST /tasks/{task_id}/undo`.',
        security: bearer,
        headers: IdempotencyHeaders,
        querystring: SubmitQuery,
        body: BulkCategorizeBody,
        response: { 202: TaskSubmitted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = await categorization.submitBulk(
        principalOf(request),
        request.body,
        request.headers['idempotency-key'],
        request.query.priority,
      );
      return reply.code(202).send({ task_id: row.id, status: 'submitted' as const });
    },
  );

  app.post(
    '/tasks/:task_id/undo',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Undo a finished bulk categorization, restoring the previous values',
        description:
          '409 `TASK_ALREADY_UNDONE` the second time, `TASK_NOT_SUCCEEDED` for a task that did not succeed, ' +
          '`TASK_NOT_UNDOABLE` for a dry run or another kind of task.',
        security: bearer,
        params: TaskParams,
        response: { 200: UndoResult, ...problemResponses },
      },
    },
    async (request) => {
      const taskId = request.params.task_id;
      return { task_id: taskId, ...(await categorization.undo(principalOf(request), taskId)) };
    },
  );

  app.patch(
    '/transactions',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Change many transactions at once (all or nothing); a category set here is manual',
        security: bearer,
        body: TransactionsBulkPatch,
        response: { 200: TransactionsBulkPatched, ...problemResponses },
      },
    },
    async (request) => {
      const { ids, category_id, tags, payee, note } = request.body;
      const rows = await categorization.patchTransactions(principalOf(request), ids, {
        categoryId: category_id,
        tags,
        payee,
        note,
      });
      return { updated: rows.length };
    },
  );
};
