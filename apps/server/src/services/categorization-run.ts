import type { BulkCategorizeResult } from '@ledgerflow/contracts';
import type { RuleEngine } from '../domain/rules/index.js';
import type {
  CategorizableFields,
  CategorizableRow,
  CategoryChange,
  Repositories,
  TransactionFilter,
} from '../repositories/index.js';
import { fieldsOf, planChange, subjectOf } from './categorization-plan.js';

/**
 * 5,000 rows per fetch and write: one UPDATE of 5,000 rows takes ~100 ms here, so progress and cancel
 * checks stay frequent, and a batch's JSON (about 1 MB) stays small.
 */
export const BATCH = 5000;
/** A dry run lists at most this many proposed changes (its counts cover them all). */
const PROPOSED_LIMIT = 1000;

export interface RunControl {
  signal?: AbortSignal | undefined;
  /** Called every 10 transactions (the caller throttles the writes). */
  progress?: ((current: number, total: number) => Promise<void>) | undefined;
}

export interface RunPlan {
  engine: RuleEngine;
  categories: ReadonlySet<string>;
  overwrite: boolean;
  dryRun: boolean;
  onlyUncategorized?: boolean;
  /** Journal the writes under this task, for undo. */
  taskId?: string | undefined;
}

type ProposedChange = NonNullable<BulkCategorizeResult['proposed_changes']>[number];
type Repos = Pick<Repositories, 'categorization'>;

export interface RunSummary {
  processed: number;
  changed: number;
  conflicts: number;
  skippedManual: number;
  perCategory: Map<string, number>;
  proposed: ProposedChange[];
}

/**
 * Applies the plan's rules to the scope, inside the caller's database transaction: a cursor streams the
 * scope in batches; each batch is evaluated and its changes written in one statement.
 *
 * Pipelined: the batch after the one being evaluated is already fetched, and the previous batch's
 * UPDATE runs in PostgreSQL while this one is evaluated (the connection runs the statements in the order
 * sent: fetch 1, fetch 2, write 1, fetch 3, write 2, …), so evaluation and writing overlap.
 */
export async function applyRules(
  repos: Repos,
  orgId: string,
  filter: TransactionFilter,
  plan: RunPlan,
  control: RunControl,
): Promise<RunSummary> {
  const { total, manual } = await repos.categorization.countScope(orgId, filter);
  const summary: RunSummary = {
    processed: total,
    changed: 0,
    conflicts: 0,
    skippedManual: plan.overwrite ? 0 : manual,
    perCategory: new Map(),
    proposed: [],
  };
  const evaluated = total - summary.skippedManual;
  let done = 0;
  let batch = 0;

  const evaluate = async (rows: readonly CategorizableRow[]) => {
    const changes: CategoryChange[] = [];
    for (const row of rows) {
      if (done % 10 === 0) {
        control.signal?.throwIfAborted();
        await control.progress?.(done, evaluated);
      }
      done++;
      const after = planChange(row, plan.engine.evaluate(subjectOf(row)), plan.categories);
      if (!after) continue;
      const change = { id: row.id, before: fieldsOf(row), after };
      changes.push(change);
      if (plan.dryRun && summary.proposed.length < PROPOSED_LIMIT) {
        summary.proposed.push({
          transaction_id: row.id,
          description: row.description,
          before: view(change.before),
          after: view(after),
        });
      }
    }
    return changes;
  };
  const tally = (changes: readonly CategoryChange[], written: readonly CategoryChange[]) => {
    summary.conflicts += changes.length - written.length;
    summary.changed += written.length;
    for (const change of written) {
      const { categoryId } = change.after;
      if (categoryId && categoryId !== change.before.categoryId)
        summary.perCategory.set(categoryId, (summary.perCategory.get(categoryId) ?? 0) + 1);
    }
  };
  const write = async (changes: CategoryChange[]) => {
    if (plan.dryRun) return tally(changes, changes);
    const journal = plan.taskId ? { taskId: plan.taskId, batch: batch++ } : undefined;
    const ids = await repos.categorization.applyChanges(orgId, changes, journal);
    const kept = new Set(ids);
    tally(changes, ids.length === changes.length ? changes : changes.filter((c) => kept.has(c.id)));
  };
  // In flight while JavaScript evaluates; marked handled so a failure while evaluating (a cancel) does
  // not also surface as an unhandled rejection. Each is awaited below, which rethrows its error.
  const track = <T>(promise: Promise<T>) => {
    promise.catch(() => undefined);
    return promise;
  };

  await repos.categorization.openScope(orgId, filter, {
    skipManual: !plan.overwrite,
    onlyUncategorized: plan.onlyUncategorized,
  });
  let rows = await repos.categorization.nextBatch(BATCH);
  let ahead = track(rows.length ? repos.categorization.nextBatch(BATCH) : Promise.resolve([]));
  let writing: Promise<void> | undefined;
  while (rows.length) {
    const changes = await evaluate(rows);
    await writing;
    writing = track(write(changes));
    rows = await ahead;
    ahead = track(rows.length ? repos.categorization.nextBatch(BATCH) : Promise.resolve([]));
  }
  await writing;
  await repos.categorization.closeScope();
  return summary;
}

const view = (fields: CategorizableFields) => ({
  category_id: fields.categoryId,
  category_source: fields.categorySource,
  rule_id: fields.ruleId,
  tags: fields.tags,
  payee: fields.payee,
  note: fields.note,
});
