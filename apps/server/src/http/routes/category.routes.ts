import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Category,
  CategoryCreate,
  CategoryDeleteQuery,
  CategoryList,
  CategoryPatch,
  IdParams,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { presentCategorization as present } from '../categorization-presenters.js';
import { principalOf } from '../plugins/auth.js';
import { bearer, problemResponses } from '../schemas.js';

/** The organization's categories: two levels, each with a kind. */
export const categoryRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { categories } = container.services;
  app.addHook('onRequest', app.authenticate);
  const tags = ['categories'];

  app.get(
    '/categories',
    {
      schema: {
        tags,
        summary: 'Every category: each group followed by its categories',
        security: bearer,
        response: { 200: CategoryList, ...problemResponses },
      },
    },
    async (request) => ({ items: (await categories.list(principalOf(request))).map(present.category) }),
  );

  app.post(
    '/categories',
    {
      schema: {
        tags,
        summary: 'Create a category (a group, or a category in a group, which takes its kind)',
        security: bearer,
        body: CategoryCreate,
        response: { 201: Category, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { name, kind, parent_id } = request.body;
      const row = await categories.create(principalOf(request), { name, kind, parentId: parent_id });
      return reply.code(201).send(present.category(row));
    },
  );

  app.get(
    '/categories/:id',
    {
      schema: {
        tags,
        summary: 'A category',
        security: bearer,
        params: IdParams,
        response: { 200: Category, ...problemResponses },
      },
    },
    async (request) => present.category(await categories.get(principalOf(request), request.params.id)),
  );

  app.patch(
    '/categories/:id',
    {
      schema: {
        tags,
        summary: "Rename, move, or change a category's kind (a group's kind is its categories' kind)",
        security: bearer,
        params: IdParams,
        body: CategoryPatch,
        response: { 200: Category, ...problemResponses },
      },
    },
    async (request) => {
      const { name, kind, parent_id } = request.body;
      const row = await categories.update(principalOf(request), request.params.id, {
        name,
        kind,
        parentId: parent_id,
      });
      return present.category(row);
    },
  );

  app.delete(
    '/categories/:id',
    {
      schema: {
        tags,
        summary: 'Delete a category',
        description:
          'A category that transactions or rules use needs `?reassign_to=<category id>` (moves them) or ' +
          '`?uncategorize=true` (leaves the transactions uncategorized and deactivates the rules); ' +
          'otherwise 409 `CATEGORY_IN_USE` with the counts. A group with categories under it is 409 ' +
          '`CATEGORY_HAS_CHILDREN`.',
        security: bearer,
        params: IdParams,
        querystring: CategoryDeleteQuery,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await categories.delete(principalOf(request), request.params.id, {
        reassignTo: request.query.reassign_to,
        uncategorize: request.query.uncategorize,
      });
      return reply.code(204).send(null);
    },
  );
};
