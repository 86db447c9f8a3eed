import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  IdParams,
  RuleBody,
  RuleList,
  RulePreviewBody,
  RulePreviewResult,
  RuleReorderBody,
  RuleView,
  StarterRulesResult,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { assertRuleConditionsAndActions, type RuleInput } from '../../services/rule.service.js';
import { presentCategorization as present } from '../categorization-presenters.js';
import { principalOf } from '../plugins/auth.js';
import { bearer, problemResponses } from '../schemas.js';

type RuleJson = Pick<RuleBody, 'conditions' | 'actions'>;

/**
 * A rule's conditions and actions as the client sent them. The body schema documents them (and AJV
 * checks them), but AJV coerces types in place while it tries the variants of a union, so the route
 * checks them first, precisely (`assertRuleConditionsAndActions`), and keeps a copy of what was sent.
 */
const sent = new WeakMap<FastifyRequest, RuleJson>();

const checkRule = (pick: (body: Record<string, unknown>) => unknown, base: string) =>
  async function checkRuleJson(request: FastifyRequest): Promise<void> {
    const body = request.body;
    if (typeof body !== 'object' || body === null) return;
    const rule = pick(body as Record<string, unknown>);
    if (typeof rule !== 'object' || rule === null) return;
    const { conditions, actions } = rule as Partial<RuleJson>;
    assertRuleConditionsAndActions({ conditions, actions }, base);
    // Checked above: they are a valid group and list (or absent, which the schema then refuses).
    if (conditions && actions) sent.set(request, structuredClone({ conditions, actions }));
  };

const input = (request: FastifyRequest, body: RuleBody): RuleInput => ({
  name: body.name,
  priority: body.priority,
  active: body.active,
  stopProcessing: body.stop_processing,
  conditions: sent.get(request)?.conditions ?? body.conditions,
  actions: sent.get(request)?.actions ?? body.actions,
});

const INVALID_RULE =
  'An invalid rule (including a regular expression RE2 rejects: backreferences, lookaround) is 422 ' +
  '`RULE_INVALID`, with a JSON Pointer to each problem.';

/** Categorization rules: CRUD, order, and preview. */
export const ruleRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { rules, categorization } = container.services;
  app.addHook('onRequest', app.authenticate);
  const tags = ['rules'];

  app.get(
    '/rules',
    {
      schema: {
        tags,
        summary: 'Every rule, in evaluation order (priority, then id)',
        security: bearer,
        response: { 200: RuleList, ...problemResponses },
      },
    },
    async (request) => ({ items: (await rules.list(principalOf(request))).map(present.rule) }),
  );

  app.post(
    '/rules',
    {
      schema: {
        tags,
        summary: 'Create a rule (runs last unless a priority is given)',
        description: INVALID_RULE,
        security: bearer,
        body: RuleBody,
        response: { 201: RuleView, ...problemResponses },
      },
      preValidation: checkRule((body) => body, '/body'),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(present.rule(await rules.create(principalOf(request), input(request, request.body)))),
  );

  app.post(
    '/rules/starter',
    {
      schema: {
        tags,
        summary: 'Add the starter rules this organization does not have',
        description:
          'A new organization starts with a set of starter rules (bank fees, salary, cash, transfers, ' +
          'groceries, fuel, utilities…) filing into its starter categories; they are ordinary rules to ' +
          'edit, reorder or delete. This adds those it lacks (one deleted comes back), after your other ' +
          'rules; a starter rule you have, edited or not, is left alone, so calling it again adds nothing.',
        security: bearer,
        response: { 200: StarterRulesResult, ...problemResponses },
      },
    },
    async (request) => {
      const outcome = await rules.addStarter(principalOf(request));
      return {
        added: outcome.added.map(present.rule),
        already_present: outcome.alreadyPresent,
        skipped: outcome.skippedNoCategory.map((r) => ({
          starter_key: r.key,
          name: r.name,
          category_key: r.categoryKey,
        })),
      };
    },
  );

  app.post(
    '/rules/reorder',
    {
      schema: {
        tags,
        summary: 'Set the evaluation order: every rule id, first to run first',
        security: bearer,
        body: RuleReorderBody,
        response: { 200: RuleList, ...problemResponses },
      },
    },
    async (request) => ({
      items: (await rules.reorder(principalOf(request), request.body.ids)).map(present.rule),
    }),
  );

  app.post(
    '/rules/preview',
    {
      schema: {
        tags,
        summary: 'How many transactions a rule (saved: rule_id, or not: rule) would match, with a sample',
        description: INVALID_RULE,
        security: bearer,
        body: RulePreviewBody,
        response: { 200: RulePreviewResult, ...problemResponses },
      },
      preValidation: checkRule((body) => body.rule, '/body/rule'),
    },
    async (request) => {
      const { body } = request;
      const rule = body.rule && { ...body.rule, ...sent.get(request) };
      return categorization.preview(principalOf(request), rule ? { ...body, rule } : body);
    },
  );

  app.get(
    '/rules/:id',
    {
      schema: {
        tags,
        summary: 'A rule',
        security: bearer,
        params: IdParams,
        response: { 200: RuleView, ...problemResponses },
      },
    },
    async (request) => present.rule(await rules.get(principalOf(request), request.params.id)),
  );

  app.put(
    '/rules/:id',
    {
      schema: {
        tags,
        summary: 'Replace a rule (priority kept unless given)',
        description: INVALID_RULE,
        security: bearer,
        params: IdParams,
        body: RuleBody,
        response: { 200: RuleView, ...problemResponses },
      },
      preValidation: checkRule((body) => body, '/body'),
    },
    async (request) =>
      present.rule(await rules.update(principalOf(request), request.params.id, input(request, request.body))),
  );

  app.delete(
    '/rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a rule (transactions it categorized keep their category)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await rules.delete(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
