import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import type { CategorySource, Database, NewTransaction, TransactionRow } from '../db/types.js';

/**
 * Which transactions a listing, a bulk categorization or a report covers. Every field narrows; text
 * matches the description, payee or note, ignoring case.
 */
export interface TransactionFilter {
  ids?: readonly string[] | undefined;
  statementId?: string | undefined;
  accountIds?: readonly string[] | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  amountMinMinor?: number | undefined;
  amountMaxMinor?: number | undefined;
  /** Category ids; `null` in the list means "uncategorized". */
  categoryIds?: ReadonlyArray<string | null> | undefined;
  text?: string | undefined;
}

export interface TransactionUpdate {
  categoryId?: string | null | undefined;
  categorySource?: CategorySource | null | undefined;
  ruleId?: string | null | undefined;
  tags?: string[] | undefined;
  payee?: string | null | undefined;
  note?: string | null | undefined;
}

type Eb = ExpressionBuilder<Database, 'transactions'>;

/** The filter as one WHERE expression, always scoped to the organization. */
export function transactionWhere(organizationId: string, filter: TransactionFilter) {
  return (eb: Eb): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [eb('transactions.organizationId', '=', organizationId)];
    if (filter.ids) {
      parts.push(filter.ids.length ? eb('transactions.id', 'in', filter.ids) : sql<boolean>`false`);
    }
    if (filter.statementId) parts.push(eb('transactions.statementId', '=', filter.statementId));
    if (filter.accountIds?.length) parts.push(eb('transactions.accountId', 'in', filter.accountIds));
    if (filter.dateFrom) parts.push(eb('transactions.date', '>=', filter.dateFrom));
    if (filter.dateTo) parts.push(eb('transactions.date', '<=', filter.dateTo));
    if (filter.amountMinMinor !== undefined)
      parts.push(eb('transactions.amountMinor', '>=', filter.amountMinMinor));
    if (filter.amountMaxMinor !== undefined)
      parts.push(eb('transactions.amountMinor', '<=', filter.amountMaxMinor));
    if (filter.categoryIds?.length) {
      const ids = filter.categoryIds.filter((id): id is string => id !== null);
      const options: Expression<SqlBool>[] = [];
      if (ids.length) options.push(eb('transactions.categoryId', 'in', ids));
      if (ids.length < filter.categoryIds.length) options.push(eb('transactions.categoryId', 'is', null));
      parts.push(eb.or(options));
    }
    if (filter.text?.trim()) {
      const pattern = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(
        eb.or([
          eb('transactions.description', 'ilike', pattern),
          eb('transactions.payee', 'ilike', pattern),
          eb('transactions.note', 'ilike', pattern),
        ]),
      );
    }
    return eb.and(parts);
  };
}

export class TransactionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts the rows, skipping any whose (account, fingerprint) is already stored: returns how many were
   * new. Each batch travels as one array per column (`unnest`), so 100,000 rows are a handful of
   * statements with 13 parameters each rather than a million bound values.
   */
  async insertNew(rows: readonly NewTransaction[], batchSize = 20_000): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      const column = <T>(pick: (row: NewTransaction) => T) => batch.map(pick);
      const result = await sql`
        INSERT INTO transactions (organization_id, statement_id, account_id, row_index, date, value_date,
          description, amount_minor, balance_minor, currency, bank_reference, fingerprint, category_id,
          category_source, rule_id, tags, payee, note)
        SELECT o, s, a, i, d, vd, de, am, ba, cu, br, fp, ca, cs, ru,
          -- text[][] cannot be unnested row by row, so each row's tags travel as a JSON array.
          ARRAY(SELECT jsonb_array_elements_text(tg::jsonb)), pa, no
        FROM unnest(
          ${column((r) => r.organizationId)}::uuid[], ${column((r) => r.statementId)}::uuid[],
          ${column((r) => r.accountId)}::uuid[], ${column((r) => r.rowIndex)}::int[],
          ${column((r) => r.date)}::date[], ${column((r) => r.valueDate ?? null)}::date[],
          ${column((r) => r.description)}::text[], ${column((r) => r.amountMinor)}::bigint[],
          ${column((r) => r.balanceMinor ?? null)}::bigint[], ${column((r) => r.currency)}::text[],
          ${column((r) => r.bankReference ?? null)}::text[], ${column((r) => r.fingerprint)}::text[],
          ${column((r) => r.categoryId ?? null)}::uuid[], ${column((r) => r.categorySource ?? null)}::text[],
          ${column((r) => r.ruleId ?? null)}::uuid[], ${column((r) => JSON.stringify(r.tags ?? []))}::text[],
          ${column((r) => r.payee ?? null)}::text[], ${column((r) => r.note ?? null)}::text[]
        ) AS t(o, s, a, i, d, vd, de, am, ba, cu, br, fp, ca, cs, ru, tg, pa, no)
        ON CONFLICT (account_id, fingerprint) DO NOTHING
      `.execute(this.db);
      inserted += Number(result.numAffectedRows ?? 0);
    }
    return inserted;
  }

  async findById(organizationId: string, id: string): Promise<TransactionRow | undefined> {
    return this.db
      .selectFrom('transactions')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * One page of the filtered transactions: a statement's in its own row order, otherwise newest first.
   */
  async list(
    organizationId: string,
    filter: TransactionFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: TransactionRow[]; total: number }> {
    const base = this.db.selectFrom('transactions').where(transactionWhere(organizationId, filter));
    let query = base.selectAll();
    query = filter.statementId
      ? query.orderBy('rowIndex', 'asc')
      : query.orderBy('date', 'desc').orderBy('createdAt', 'desc').orderBy('rowIndex', 'desc');
    const [items, count] = await Promise.all([
      query.orderBy('id').limit(page.limit).offset(page.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  /** Updates the listed fields of the organization's transactions with these ids; returns the rows. */
  async update(
    organizationId: string,
    ids: readonly string[],
    changes: TransactionUpdate,
  ): Promise<TransactionRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .updateTable('transactions')
      .set({ ...definedOnly(changes), updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('id', 'in', ids)
      .returningAll()
      .execute();
  }
}

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
