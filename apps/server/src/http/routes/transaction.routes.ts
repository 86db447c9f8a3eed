import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Page, Transaction, TransactionListQuery, TransactionPatch } from '@ledgerflow/contracts';
import type { Container } from '../../container.js';
import { toTransactionFilter } from '../../services/transaction-filter.js';
import { principalOf } from '../plugins/auth.js';
import { present } from '../presenters.js';
import { bearer, problemResponses } from '../schemas.js';

/** Transactions across statements: search, read, and a person's corrections. */
export const transactionRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { statements, categorization } = container.services;
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/transactions',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Transactions, newest first (a statement_id filter lists them in statement order)',
        description:
          'Filters combine: statement_id, account_id (repeatable), date_from/date_to (YYYY-MM-DD), ' +
          'amount_min/amount_max (decimal, signed), category_id (repeatable; `none` = uncategorized), q ' +
          '(text in description, payee or note).',
        security: bearer,
        querystring: TransactionListQuery,
        response: { 200: Page(Transaction), ...problemResponses },
      },
    },
    async (request) => {
      const { limit = 50, offset = 0, ...filter } = request.query;
      const { items, total } = await statements.listTransactions(
        principalOf(request),
        toTransactionFilter(filter),
        { limit, offset },
      );
      return { items: items.map(present.transaction), total, limit, offset };
    },
  );

  app.get(
    '/transactions/:id',
    {
      schema: {
        tags: ['transactions'],
        summary: 'One transaction',
        security: bearer,
        params: IdParams,
        response: { 200: Transaction, ...problemResponses },
      },
    },
    async (request) =>
      present.transaction(await statements.getTransaction(principalOf(request), request.params.id)),
  );

  app.patch(
    '/transactions/:id',
    {
      schema: {
        tags: ['transactions'],
        summary:
          "Correct a transaction's category, tags, payee or note (a category set here is never overwritten by rules unless asked)",
        security: bearer,
        params: IdParams,
        body: TransactionPatch,
        response: { 200: Transaction, ...problemResponses },
      },
    },
    async (request) => {
      const { category_id, tags, payee, note } = request.body;
      const [row] = await categorization.patchTransactions(principalOf(request), [request.params.id], {
        ...(category_id !== undefined && { categoryId: category_id }),
        ...(tags !== undefined && { tags }),
        ...(payee !== undefined && { payee }),
        ...(note !== undefined && { note }),
      });
      return present.transaction(row!);
    },
  );
};
