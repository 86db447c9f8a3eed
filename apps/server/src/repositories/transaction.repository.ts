import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import type pg from 'pg';
import type { CategorySource, Database, NewTransaction, TransactionRow } from '../db/types.js';
import { arrayLiteral, copyField, copyLines, type RawClient } from './raw-client.js';

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

/** The columns an import writes, in COPY order; every other column takes its default. */
const COPY_COLUMNS = `organization_id, statement_id, account_id, row_index, date, value_date, description,
  amount_minor, balance_minor, currency, bank_reference, fingerprint, category_id, category_source, rule_id,
  tags, payee, note`;

const copyLine = (r: NewTransaction): string =>
  [
    r.organizationId,
    r.statementId,
    r.accountId,
    r.rowIndex,
    r.date,
    r.valueDate ?? null,
    r.description,
    r.amountMinor,
    r.balanceMinor ?? null,
    r.currency,
    r.bankReference ?? null,
    r.fingerprint,
    r.categoryId ?? null,
    r.categorySource ?? null,
    r.ruleId ?? null,
    arrayLiteral(r.tags ?? []),
    r.payee ?? null,
    r.note ?? null,
  ]
    .map(copyField)
    .join('\t') + '\n';

export class TransactionRepository {
  constructor(
    private readonly db: Db,
    private readonly raw: RawClient,
  ) {}

  /**
   * Inserts the rows whose (account, fingerprint) is not stored yet — the unique index's rule, as
   * `INSERT … ON CONFLICT DO NOTHING` applied it: a stored fingerprint, or one seen earlier in `rows`, is a
   * duplicate — and returns how many were new. The rows travel by COPY, several times cheaper than an
   * INSERT per batch; COPY has no ON CONFLICT, so the duplicates are found first, under a per-account lock
   * held to the end of the transaction, so a concurrent import into the same account waits and then sees
   * these rows (as the unique index made it wait before). A new account has nothing to look up. Any other
   * writer that slips a duplicate in makes the COPY fail on the unique index: nothing is half-saved.
   */
  async insertNew(rows: readonly NewTransaction[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.raw.run(async (client) => {
      const kept: NewTransaction[] = [];
      for (const [accountId, accountRows] of groupBy(rows, (r) => r.accountId)) {
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
          `transactions:${accountId}`,
        ]);
        const stored = await this.storedFingerprints(client, accountId, accountRows);
        for (const row of accountRows) {
          if (stored.has(row.fingerprint)) continue;
          stored.add(row.fingerprint);
          kept.push(row);
        }
      }
      await copyLines(client, `COPY transactions (${COPY_COLUMNS}) FROM STDIN`, mapIterable(kept, copyLine));
      return kept.length;
    });
  }

  /** Which of the rows' fingerprints the account already has (none when it has no transactions yet). */
  private async storedFingerprints(
    client: pg.ClientBase,
    accountId: string,
    rows: readonly NewTransaction[],
  ): Promise<Set<string>> {
    const { rows: any } = await client.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM transactions WHERE account_id = $1) AS found',
      [accountId],
    );
    if (!any[0]?.found) return new Set();
    const { rows: found } = await client.query<{ fingerprint: string }>(
      `SELECT f AS fingerprint FROM unnest($2::text[]) AS f
       WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.account_id = $1 AND t.fingerprint = f)`,
      [accountId, rows.map((r) => r.fingerprint)],
    );
    return new Set(found.map((r) => r.fingerprint));
  }

  async findById(organizationId: string, id: string): Promise<TransactionWithCategory | undefined> {
    return this.db
      .selectFrom('transactions')
      .selectAll()
      .select(categoryName)
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
  ): Promise<{ items: TransactionWithCategory[]; total: number }> {
    const base = this.db.selectFrom('transactions').where(transactionWhere(organizationId, filter));
    let query = base.selectAll().select(categoryName);
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
  ): Promise<TransactionWithCategory[]> {
    if (ids.length === 0) return [];
    const changed = await this.db
      .updateTable('transactions')
      .set({ ...definedOnly(changes), updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('id', 'in', ids)
      .returning('id')
      .execute();
    if (changed.length === 0) return [];
    return this.db
      .selectFrom('transactions')
      .selectAll()
      .select(categoryName)
      .where('organizationId', '=', organizationId)
      .where(
        'id',
        'in',
        changed.map((r) => r.id),
      )
      .execute();
  }
}

/** A transaction with its category's name (null when uncategorized), for the HTTP views. */
export type TransactionWithCategory = TransactionRow & { categoryName: string | null };

const categoryName = (eb: ExpressionBuilder<Database, 'transactions'>) =>
  eb
    .selectFrom('categories')
    .select('categories.name')
    .whereRef('categories.id', '=', 'transactions.categoryId')
    .as('categoryName');

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function* mapIterable<T, U>(items: readonly T[], fn: (item: T) => U): Iterable<U> {
  for (const item of items) yield fn(item);
}
