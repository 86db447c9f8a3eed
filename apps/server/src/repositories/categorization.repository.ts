import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { CategorizationRunRow, CategorySource } from '../db/types.js';
import { transactionWhere, type TransactionFilter } from './transaction.repository.js';

/** What a categorization reads of a transaction: the rule subject and the fields rules may change. */
export interface CategorizableRow {
  id: string;
  description: string;
  amountMinor: number;
  currency: string;
  date: string;
  accountId: string;
  statementId: string;
  bankSource: string;
  categoryId: string | null;
  categorySource: CategorySource | null;
  ruleId: string | null;
  tags: string[];
  payee: string | null;
  note: string | null;
}

export type CategorizableFields = Pick<
  CategorizableRow,
  'categoryId' | 'categorySource' | 'ruleId' | 'tags' | 'payee' | 'note'
>;

/** One transaction's change: the values read (the write is skipped if they changed since) and the new ones. */
export interface CategoryChange {
  id: string;
  before: CategorizableFields;
  after: CategorizableFields;
}

export interface ScopeOptions {
  /** Leave out manually categorized transactions. */
  skipManual: boolean;
  /** Only transactions with no category and no source (new imports). */
  onlyUncategorized?: boolean | undefined;
}

const CURSOR = 'categorize_scope';

/**
 * Set-based reads and writes for bulk categorization. Meant to run inside one database transaction (the
 * cursor lives until it ends): `openScope` declares a cursor over the scope, `nextBatch` fetches from it,
 * `applyChanges` writes a batch with one UPDATE … FROM jsonb_to_recordset and journals it.
 */
export class CategorizationRepository {
  constructor(private readonly db: Db) {}

  /** How many transactions the filter covers, and how many of them were categorized by hand. */
  async countScope(
    organizationId: string,
    filter: TransactionFilter,
  ): Promise<{ total: number; manual: number }> {
    const row = await this.db
      .selectFrom('transactions')
      .where(transactionWhere(organizationId, filter))
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) FILTER (WHERE category_source = 'manual')`.as('manual'),
      ])
      .executeTakeFirstOrThrow();
    return { total: Number(row.total), manual: Number(row.manual) };
  }

  /** How many of `ids` are the organization's transactions. */
  async countOwned(organizationId: string, ids: readonly string[]): Promise<number> {
    const result = await sql<{ n: number }>`
      SELECT count(*) AS n FROM transactions
      WHERE organization_id = ${organizationId} AND id = ANY(${ids}::uuid[])
    `.execute(this.db);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Declares the scope's cursor (ordered by id, so a re-run reads in the same order). */
  async openScope(organizationId: string, filter: TransactionFilter, options: ScopeOptions): Promise<void> {
    let query = this.db
      .selectFrom('transactions')
      .innerJoin('statements', 'statements.id', 'transactions.statementId')
      .where(transactionWhere(organizationId, filter))
      .select([
        'transactions.id',
        'transactions.description',
        'transactions.amountMinor',
        'transactions.currency',
        'transactions.date',
        'transactions.accountId',
        'transactions.statementId',
        'statements.bankSource',
        'transactions.categoryId',
        'transactions.categorySource',
        'transactions.ruleId',
        'transactions.tags',
        'transactions.payee',
        'transactions.note',
      ])
      .orderBy('transactions.id');
    if (options.skipManual) {
      query = query.where((eb) =>
        eb.or([
          eb('transactions.categorySource', 'is', null),
          eb('transactions.categorySource', '!=', 'manual'),
        ]),
      );
    }
    if (options.onlyUncategorized) {
      query = query
        .where('transactions.categoryId', 'is', null)
        .where('transactions.categorySource', 'is', null);
    }
    // A cursor is planned for its first 10 % by default, which favours walking the primary key in id
    // order over the whole table; the job reads everything, so plan for the total.
    await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(this.db);
    await sql`DECLARE ${sql.raw(CURSOR)} NO SCROLL CURSOR FOR ${query}`.execute(this.db);
  }

  async nextBatch(size: number): Promise<CategorizableRow[]> {
    const result =
      await sql<CategorizableRow>`FETCH ${sql.raw(String(size))} FROM ${sql.raw(CURSOR)}`.execute(this.db);
    return result.rows;
  }

  async closeScope(): Promise<void> {
    await sql`CLOSE ${sql.raw(CURSOR)}`.execute(this.db);
  }

  /**
   * Writes the changes in one statement. A transaction whose category fields differ from what was read
   * (someone changed it meanwhile) is left alone. With a journal entry (task id, batch number), what was
   * written is journaled for undo in the same statement, as one jsonb document. Returns the ids written.
   */
  async applyChanges(
    organizationId: string,
    changes: readonly CategoryChange[],
    journal?: { taskId: string; batch: number },
  ): Promise<string[]> {
    if (changes.length === 0) return [];
    const records = JSON.stringify(
      changes.map(({ id, before, after }) => ({
        id,
        category_id: after.categoryId,
        category_source: after.categorySource,
        rule_id: after.ruleId,
        tags: after.tags,
        payee: after.payee,
        note: after.note,
        old_category_id: before.categoryId,
        old_category_source: before.categorySource,
        old_rule_id: before.ruleId,
        old_tags: before.tags,
        old_payee: before.payee,
        old_note: before.note,
      })),
    );
    const journalSql = journal
      ? sql`, journaled AS (
          INSERT INTO category_changes (task_id, batch, changes)
          SELECT ${journal.taskId}, ${journal.batch}, jsonb_agg(to_jsonb(w)) FROM written w HAVING count(*) > 0
        )`
      : sql``;
    const result = await sql<{ id: string }>`
      WITH v AS (
        SELECT * FROM jsonb_to_recordset(${records}::jsonb) AS v (
          id uuid, category_id uuid, category_source text, rule_id uuid, tags text[], payee text, note text,
          old_category_id uuid, old_category_source text, old_rule_id uuid, old_tags text[], old_payee text,
          old_note text)
      ), written AS (
        UPDATE transactions t SET
          category_id = v.category_id, category_source = v.category_source, rule_id = v.rule_id,
          tags = v.tags, payee = v.payee, note = v.note, updated_at = now()
        FROM v
        WHERE t.id = v.id AND t.organization_id = ${organizationId}
          AND t.category_id IS NOT DISTINCT FROM v.old_category_id
          AND t.category_source IS NOT DISTINCT FROM v.old_category_source
          AND t.rule_id IS NOT DISTINCT FROM v.old_rule_id
          AND t.tags = v.old_tags
          AND t.payee IS NOT DISTINCT FROM v.old_payee
          AND t.note IS NOT DISTINCT FROM v.old_note
        RETURNING v.*
      )${journalSql}
      SELECT id FROM written
    `.execute(this.db);
    return result.rows.map((row) => row.id);
  }

  async findRun(organizationId: string, taskId: string): Promise<CategorizationRunRow | undefined> {
    return this.db
      .selectFrom('categorizationRuns')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('taskId', '=', taskId)
      .executeTakeFirst();
  }

  /** The run's row, locked until the transaction ends (undo holds it while restoring). */
  async lockRun(organizationId: string, taskId: string): Promise<CategorizationRunRow | undefined> {
    return this.db
      .selectFrom('categorizationRuns')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('taskId', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
  }

  async createRun(organizationId: string, taskId: string): Promise<void> {
    await this.db.insertInto('categorizationRuns').values({ organizationId, taskId, result: '{}' }).execute();
  }

  async saveRunResult(taskId: string, result: unknown): Promise<void> {
    await this.db
      .updateTable('categorizationRuns')
      .set({ result: JSON.stringify(result) })
      .where('taskId', '=', taskId)
      .execute();
  }

  /**
   * Restores what the run changed, for every transaction whose category is still the one the run gave
   * it; marks the run undone. Returns how many were restored and how many were left (changed since).
   */
  async undoRun(organizationId: string, taskId: string): Promise<{ restored: number; skipped: number }> {
    // A category or rule deleted since is not restored (the transaction keeps none).
    const result = await sql<{ restored: number; journaled: number }>`
      WITH c AS (
        SELECT v.* FROM category_changes j,
          jsonb_to_recordset(j.changes) AS v (id uuid, category_id uuid, category_source text,
            old_category_id uuid, old_category_source text, old_rule_id uuid, old_tags text[], old_payee text,
            old_note text)
        WHERE j.task_id = ${taskId}
      ), restored AS (
        UPDATE transactions t SET
          category_id = (SELECT id FROM categories WHERE id = c.old_category_id),
          category_source = c.old_category_source,
          rule_id = (SELECT id FROM rules WHERE id = c.old_rule_id),
          tags = c.old_tags, payee = c.old_payee, note = c.old_note, updated_at = now()
        FROM c
        WHERE t.id = c.id AND t.organization_id = ${organizationId}
          AND t.category_id IS NOT DISTINCT FROM c.category_id
          AND t.category_source IS NOT DISTINCT FROM c.category_source
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM restored) AS restored, (SELECT count(*) FROM c) AS journaled
    `.execute(this.db);
    await this.db
      .updateTable('categorizationRuns')
      .set({ undoneAt: new Date() })
      .where('taskId', '=', taskId)
      .execute();
    const row = result.rows[0]!;
    return { restored: Number(row.restored), skipped: Number(row.journaled) - Number(row.restored) };
  }
}
