import type { RuleRow } from '../db/types.js';
import { STARTER_RULES } from '../domain/categories/starter-rules.js';
import {
  validateConditionsAndActions,
  validateRule,
  type Rule,
  type RuleProblem,
} from '../domain/rules/index.js';
import { AppError, notFound } from '../errors.js';
import type { Repositories, RuleFields, Transactor } from '../repositories/index.js';
import type { Principal } from './principal.js';

export interface RuleServiceDeps {
  repos: Pick<Repositories, 'rules' | 'categories'>;
  transaction: Transactor;
}

export const RuleErrorCode = {
  INVALID: 'RULE_INVALID',
  REORDER_INCOMPLETE: 'RULE_REORDER_INCOMPLETE',
} as const;

export interface RuleInput {
  name: string;
  priority?: number | undefined;
  active?: boolean | undefined;
  stopProcessing?: boolean | undefined;
  conditions: unknown;
  actions: unknown;
}

export interface StarterRulesOutcome {
  added: RuleRow[];
  alreadyPresent: number;
  /** Starter rules not added because the organization deleted their category. */
  skippedNoCategory: Array<{ key: string; name: string; categoryKey: string }>;
}

const invalidRule = (problems: Array<{ path: string; message: string }>) =>
  new AppError(RuleErrorCode.INVALID, 422, `The rule is invalid: ${problems[0]!.message}`, problems);

const asFields = (base: string, problems: RuleProblem[]) =>
  problems.map((p) => ({ path: `${base}${p.path}`, message: `${p.code}: ${p.message}` }));

/**
 * Checks a request's rule conditions and actions as sent, before the HTTP schema's own validation: a
 * mistake in them is a 422 RULE_INVALID naming the one variant it missed (the schema's union would list
 * every variant), and the JSON stored is the JSON sent, never a type-coerced copy. `base` is the JSON
 * Pointer of the rule in the request (`/body`, `/body/rule`).
 */
export function assertRuleConditionsAndActions(
  rule: { conditions?: unknown; actions?: unknown },
  base: string,
): void {
  // Missing fields are the HTTP schema's to report (400 VALIDATION_FAILED), as for any other field.
  if (rule.conditions === undefined || rule.actions === undefined) return;
  const problems = validateConditionsAndActions({ conditions: rule.conditions, actions: rule.actions });
  if (problems.length > 0) throw invalidRule(asFields(base, problems));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stored rule in the engine's shape. */
export function toEngineRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    active: row.active,
    stop_processing: row.stopProcessing,
    conditions: row.conditions as Rule['conditions'],
    actions: row.actions as Rule['actions'],
  };
}

/** Categorization rules: CRUD and order. Every write is validated whole, so no stored rule fails a job. */
export class RuleService {
  constructor(private readonly deps: RuleServiceDeps) {}

  list(principal: Principal): Promise<RuleRow[]> {
    return this.deps.repos.rules.list(principal.organizationId);
  }

  async get(principal: Principal, id: string): Promise<RuleRow> {
    const row = await this.deps.repos.rules.findById(principal.organizationId, id);
    if (!row) throw notFound('Rule');
    return row;
  }

  async create(principal: Principal, input: RuleInput): Promise<RuleRow> {
    const orgId = principal.organizationId;
    const priority = input.priority ?? (await this.deps.repos.rules.nextPriority(orgId));
    const fields = await this.validate(principal, { ...input, priority });
    return this.deps.repos.rules.create(orgId, fields);
  }

  /** Replaces the rule (PUT semantics: every field as sent; priority kept when not sent). */
  async update(principal: Principal, id: string, input: RuleInput): Promise<RuleRow> {
    const current = await this.get(principal, id);
    const fields = await this.validate(principal, { ...input, priority: input.priority ?? current.priority });
    const row = await this.deps.repos.rules.update(principal.organizationId, id, fields);
    if (!row) throw notFound('Rule');
    return row;
  }

  /**
   * Adds the starter rules the organization lacks (idempotent: a starter rule it has, edited or not, is
   * left alone; one it deleted comes back). A starter rule whose category was deleted is not added.
   */
  async addStarter(principal: Principal): Promise<StarterRulesOutcome> {
    const orgId = principal.organizationId;
    const added = await this.deps.repos.rules.addStarter(orgId);
    const present = new Set((await this.deps.repos.rules.list(orgId)).map((rule) => rule.starterKey));
    const addedKeys = new Set(added.map((rule) => rule.starterKey));
    return {
      added,
      alreadyPresent: STARTER_RULES.filter((r) => present.has(r.key) && !addedKeys.has(r.key)).length,
      skippedNoCategory: STARTER_RULES.filter((r) => !present.has(r.key)),
    };
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.deps.repos.rules.delete(principal.organizationId, id))) throw notFound('Rule');
  }

  /** Sets the evaluation order to `ids` (every rule of the organization, each once). */
  async reorder(principal: Principal, ids: readonly string[]): Promise<RuleRow[]> {
    const orgId = principal.organizationId;
    return this.deps.transaction(async (repos) => {
      const existing = new Set((await repos.rules.list(orgId)).map((rule) => rule.id));
      if (ids.some((id) => !existing.has(id))) throw notFound('Rule');
      if (new Set(ids).size !== ids.length || ids.length !== existing.size) {
        throw new AppError(
          RuleErrorCode.REORDER_INCOMPLETE,
          422,
          `List every rule exactly once: ${existing.size} rules, ${ids.length} ids sent`,
        );
      }
      await repos.rules.setOrder(orgId, ids);
      return repos.rules.list(orgId);
    });
  }

  /**
   * The rule as it will be stored, or a 422 listing every problem: the engine's own validation (RE2
   * rejections included) plus categories that are not the organization's.
   */
  async validate(principal: Principal, input: RuleInput & { priority: number }): Promise<RuleFields> {
    const fields: RuleFields = {
      name: input.name.trim(),
      priority: input.priority,
      active: input.active ?? true,
      stopProcessing: input.stopProcessing ?? false,
      conditions: input.conditions,
      actions: input.actions,
    };
    const problems = asFields(
      '/body',
      validateRule({
        id: 'rule',
        name: fields.name,
        priority: fields.priority,
        active: fields.active,
        stop_processing: fields.stopProcessing,
        conditions: fields.conditions,
        actions: fields.actions,
      }),
    );
    if (problems.length === 0) {
      const actions = fields.actions as Rule['actions'];
      const wanted = actions.flatMap((action, index) =>
        action.type === 'set_category' ? [{ id: action.category_id, index }] : [],
      );
      const known = await this.deps.repos.categories.existing(
        principal.organizationId,
        wanted.map((w) => w.id).filter((id) => UUID.test(id)),
      );
      for (const { id, index } of wanted) {
        if (!known.has(id))
          problems.push({
            path: `/body/actions/${index}/category_id`,
            message: `No category ${id} in this organization`,
          });
      }
    }
    if (problems.length > 0) throw invalidRule(problems);
    return fields;
  }
}
