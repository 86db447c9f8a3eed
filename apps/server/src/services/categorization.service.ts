import type {
  BulkCategorizeBody,
  BulkCategorizeResult,
  RulePreviewBody,
  RulePreviewResult,
} from '@ledgerflow/contracts';
import type { TaskPriority, TaskRow } from '../db/types.js';
import { compileRules } from '../domain/rules/index.js';
import { FINISHED_STATUSES } from '../domain/tasks.js';
import { AppError, ErrorCode, notFound } from '../errors.js';
import type {
  Repositories,
  TransactionFilter,
  TransactionWithCategory,
  Transactor,
} from '../repositories/index.js';
import { fieldsOf, planChange, subjectOf } from './categorization-plan.js';
import { applyRules, BATCH, type RunControl } from './categorization-run.js';

export type { RunControl } from './categorization-run.js';
import type { Principal } from './principal.js';
import { toEngineRule, type RuleService } from './rule.service.js';
import type { TaskService } from './task.service.js';
import { nothingChangedNote } from './categorization-note.js';
import { toTransactionFilter } from './transaction-filter.js';

type Repos = Pick<Repositories, 'categorization' | 'categories' | 'rules' | 'statements' | 'transactions'>;

export interface CategorizationServiceDeps {
  repos: Repos;
  transaction: Transactor;
  tasks: TaskService;
  rules: RuleService;
}

export const CategorizationErrorCode = {
  SCOPE_INVALID: 'BULK_SCOPE_INVALID',
  NOT_UNDOABLE: 'TASK_NOT_UNDOABLE',
  NOT_SUCCEEDED: 'TASK_NOT_SUCCEEDED',
  ALREADY_UNDONE: 'TASK_ALREADY_UNDONE',
  PREVIEW_RULE_MISSING: 'PREVIEW_RULE_MISSING',
} as const;

/**
 * Applying rules to transactions: the `bulk_categorize` job, the import's automatic step, preview,
 * undo, and manual categorization of many transactions at once.
 *
 * A bulk run is one database transaction: a cancel, a crash or an error rolls everything back, and
 * PostgreSQL, not our code, guarantees that no half-applied job is ever visible. The price is that the
 * rows it changed stay locked until it commits (a few seconds for 100,000 here), which only delays
 * someone editing one of those very transactions meanwhile. Two jobs over overlapping scopes lock rows
 * in the same (id) order, so they queue rather than deadlock; the second skips what the first changed.
 */
export class CategorizationService {
  constructor(private readonly deps: CategorizationServiceDeps) {}

  /** Validates the request (scope, statement, rules, transactions are the caller's) and submits the task. */
  async submitBulk(
    principal: Principal,
    body: BulkCategorizeBody,
    idempotencyKey?: string,
    priority?: TaskPriority,
  ): Promise<TaskRow> {
    const orgId = principal.organizationId;
    const scopes = [body.statement_id, body.transaction_ids, body.filter].filter((s) => s !== undefined);
    if (scopes.length !== 1) {
      throw new AppError(
        CategorizationErrorCode.SCOPE_INVALID,
        422,
        'Give exactly one scope: statement_id, transaction_ids or filter',
      );
    }
    if (body.statement_id && !(await this.deps.repos.statements.findById(orgId, body.statement_id)))
      throw notFound('Statement');
    if (body.filter) toTransactionFilter(body.filter);
    if (body.transaction_ids) {
      const ids = [...new Set(body.transaction_ids)];
      if ((await this.deps.repos.categorization.countOwned(orgId, ids)) !== ids.length)
        throw notFound('Transaction');
    }
    if (body.rule_ids) {
      const ids = [...new Set(body.rule_ids)];
      if ((await this.deps.repos.rules.list(orgId, { ids })).length !== ids.length) throw notFound('Rule');
    }
    const payload = { ...body, overwrite: body.overwrite ?? false, dry_run: body.dry_run ?? false };
    return this.deps.tasks.submit(principal, 'bulk_categorize', payload, idempotencyKey, undefined, priority);
  }

  /**
   * The `bulk_categorize` job. Idempotent by task id: a run that committed (the worker died before
   * recording SUCCESS) returns its stored result instead of running again.
   */
  async runBulk(
    taskId: string,
    organizationId: string,
    payload: BulkCategorizeBody,
    control: RunControl = {},
  ): Promise<BulkCategorizeResult> {
    const filter = scopeFilter(payload);
    const overwrite = payload.overwrite ?? false;
    const dryRun = payload.dry_run ?? false;
    return this.deps.transaction(async (repos) => {
      const previous = await repos.categorization.findRun(organizationId, taskId);
      if (previous) return previous.result as BulkCategorizeResult;
      const rules = await repos.rules.list(organizationId, { ids: payload.rule_ids });
      // Listed rules run even when inactive: asking for them by id is asking to run them.
      const engine = compileRules(
        rules.map(toEngineRule).map((rule) => (payload.rule_ids ? { ...rule, active: true } : rule)),
      );
      const categories = await repos.categories.names(organizationId);
      if (!dryRun) await repos.categorization.createRun(organizationId, taskId);
      const plan = { engine, categories: new Set(categories.keys()), overwrite, dryRun, taskId };
      const summary = await applyRules(repos, organizationId, filter, plan, control);
      control.signal?.throwIfAborted();
      const result: BulkCategorizeResult = {
        dry_run: dryRun,
        overwrite,
        processed: summary.processed,
        changed: summary.changed,
        unchanged: summary.processed - summary.changed,
        skipped_manual: summary.skippedManual,
        conflicts: summary.conflicts,
        per_category: [...summary.perCategory]
          .map(([id, count]) => ({ category_id: id, name: categories.get(id) ?? '', count }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
        rules_applied: engine.ruleIds.length,
        note: nothingChangedNote(
          summary.processed,
          summary.changed,
          engine.ruleIds.length,
          summary.skippedManual,
        ),
        ...(dryRun
          ? {
              proposed_changes: summary.proposed,
              proposed_changes_truncated: summary.changed > summary.proposed.length,
            }
          : {}),
      };
      if (!dryRun) await repos.categorization.saveRunResult(taskId, result);
      return result;
    });
  }

  /**
   * The import's step: applies the organization's active rules to the statement's transactions that
   * have no category yet (manual ones are never touched). Runs in its own database transaction, so call
   * it after the import's transaction committed. No journal: there is no task to undo.
   */
  async categorizeNewTransactions(
    organizationId: string,
    statementId: string,
    control: RunControl = {},
  ): Promise<{ processed: number; changed: number; categorized: number; activeRules: number }> {
    const rules = await this.deps.repos.rules.list(organizationId);
    const activeRules = rules.filter((rule) => rule.active).length;
    if (activeRules === 0) return { processed: 0, changed: 0, categorized: 0, activeRules };
    return this.deps.transaction(async (repos) => {
      const engine = compileRules(rules.map(toEngineRule));
      const categories = await repos.categories.allIds(organizationId);
      const plan = { engine, categories, overwrite: false, dryRun: false, onlyUncategorized: true };
      const summary = await applyRules(repos, organizationId, { statementId }, plan, control);
      const categorized = [...summary.perCategory.values()].reduce((sum, n) => sum + n, 0);
      return { processed: summary.processed, changed: summary.changed, categorized, activeRules };
    });
  }

  /** How many transactions a rule (saved or not) matches, and a sample, without changing anything. */
  async preview(principal: Principal, body: RulePreviewBody): Promise<RulePreviewResult> {
    const orgId = principal.organizationId;
    let rule;
    if (body.rule_id) {
      rule = toEngineRule(await this.deps.rules.get(principal, body.rule_id));
    } else if (body.rule) {
      const fields = await this.deps.rules.validate(principal, {
        ...body.rule,
        stopProcessing: body.rule.stop_processing,
        priority: body.rule.priority ?? 0,
      });
      rule = { id: 'preview', ...fields, stop_processing: fields.stopProcessing } as ReturnType<
        typeof toEngineRule
      >;
    } else {
      throw new AppError(CategorizationErrorCode.PREVIEW_RULE_MISSING, 422, 'Send rule_id or rule');
    }
    const engine = compileRules([{ ...rule, active: true, stop_processing: false }]);
    const filter = body.filter ? toTransactionFilter(body.filter) : {};
    const sampleSize = body.sample_size ?? 20;
    return this.deps.transaction(async (repos) => {
      const categories = await repos.categories.allIds(orgId);
      const result: RulePreviewResult = { scanned: 0, matched: 0, sample: [] };
      await repos.categorization.openScope(orgId, filter, { skipManual: false });
      for (
        let rows = await repos.categorization.nextBatch(BATCH);
        rows.length;
        rows = await repos.categorization.nextBatch(BATCH)
      ) {
        for (const row of rows) {
          result.scanned++;
          const outcome = engine.evaluate(subjectOf(row));
          if (outcome.matchedRuleIds.length === 0) continue;
          result.matched++;
          if (result.sample.length >= sampleSize) continue;
          const after = planChange(row, outcome, categories) ?? fieldsOf(row);
          result.sample.push({
            id: row.id,
            date: row.date,
            description: row.description,
            amount_minor: row.amountMinor,
            currency: row.currency,
            category_id: row.categoryId,
            category_source: row.categorySource,
            proposed: {
              category_id: after.categoryId,
              tags: after.tags,
              payee: after.payee,
              note: after.note,
            },
          });
        }
      }
      await repos.categorization.closeScope();
      return result;
    });
  }

  /**
   * Restores what a finished bulk categorization changed. Transactions whose category changed again
   * since are left alone and counted as skipped.
   */
  async undo(principal: Principal, taskId: string): Promise<{ restored: number; skipped: number }> {
    const task = await this.deps.tasks.get(principal, taskId);
    if (task.type !== 'bulk_categorize')
      throw new AppError(
        CategorizationErrorCode.NOT_UNDOABLE,
        409,
        'Only a bulk categorization can be undone',
      );
    if (!FINISHED_STATUSES.includes(task.status))
      throw new AppError(
        CategorizationErrorCode.NOT_SUCCEEDED,
        409,
        `The task is ${task.status}; wait for it to finish`,
      );
    return this.deps.transaction(async (repos) => {
      const run = await repos.categorization.lockRun(principal.organizationId, taskId);
      if (!run) {
        if (task.status !== 'SUCCESS')
          throw new AppError(
            CategorizationErrorCode.NOT_SUCCEEDED,
            409,
            `The task ended ${task.status}; it changed nothing`,
          );
        throw new AppError(CategorizationErrorCode.NOT_UNDOABLE, 409, 'A dry run changed nothing to undo');
      }
      if (run.undoneAt)
        throw new AppError(
          CategorizationErrorCode.ALREADY_UNDONE,
          409,
          `Already undone at ${run.undoneAt.toISOString()}`,
        );
      return repos.categorization.undoRun(principal.organizationId, taskId);
    });
  }

  /**
   * A person's change to one or many transactions: all or nothing (404 if any id is not the
   * organization's). Setting or clearing the category marks it manual, so rules leave it alone; a
   * category that is not the organization's is a 422. Tags are trimmed and deduplicated.
   */
  async patchTransactions(
    principal: Principal,
    ids: readonly string[],
    patch: {
      categoryId?: string | null | undefined;
      tags?: string[] | undefined;
      payee?: string | null | undefined;
      note?: string | null | undefined;
    },
  ): Promise<TransactionWithCategory[]> {
    const orgId = principal.organizationId;
    if (patch.categoryId && !(await this.deps.repos.categories.findById(orgId, patch.categoryId))) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 422, 'No such category in this organization', [
        { path: '/body/category_id', message: 'unknown category' },
      ]);
    }
    const unique = [...new Set(ids)];
    const setsCategory = patch.categoryId !== undefined;
    return this.deps.transaction(async (repos) => {
      const rows = await repos.transactions.update(orgId, unique, {
        ...patch,
        tags: patch.tags && [...new Set(patch.tags.map((tag) => tag.trim()).filter(Boolean))],
        categorySource: setsCategory ? 'manual' : undefined,
        ruleId: setsCategory ? null : undefined,
      });
      if (rows.length !== unique.length) throw notFound('Transaction');
      return rows;
    });
  }
}

function scopeFilter(payload: BulkCategorizeBody): TransactionFilter {
  if (payload.statement_id) return { statementId: payload.statement_id };
  if (payload.transaction_ids) return { ids: payload.transaction_ids };
  return toTransactionFilter(payload.filter ?? {});
}
