import { sql } from 'kysely';
import type { Container } from '../../src/container.js';
import type { Db } from '../../src/db/database.js';
import type { CategoryKind } from '../../src/db/types.js';
import { type ReportTransaction } from '../../src/domain/reports/index.js';
import { sampleStatements, sampleTransactions } from './fixtures.js';

/** What a seed stored, by the names the fixtures use. */
export interface SeededBooks {
  accounts: Map<string, string>;
  statements: Map<string, string>;
  categories: Map<string, string>;
  /** The fixture rows as stored (ids are the database's). */
  rows: Array<ReportTransaction & { accountId: string; statementIdDb: string }>;
}

async function insertCategory(db: Db, organizationId: string, name: string, kind: CategoryKind) {
  const row = await db
    .insertInto('categories')
    .values({ organizationId, name, kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Seeds `sampleTransactions(count)` (injection texts first, then ordinary rows over January to March
 * 2024) as real rows: categories, two accounts ("Cheque", "Credit card"), one reconciled statement per
 * account, and the transactions, through the repositories the import uses.
 */
export async function seedSampleBooks(
  container: Container,
  organizationId: string,
  count: number,
): Promise<SeededBooks> {
  const { repos } = container;
  const db = container.database.db;
  const sample = sampleTransactions(count);
  const categories = new Map<string, string>();
  for (const row of sample) {
    const category = row.category;
    if (category && !categories.has(category.name))
      categories.set(category.name, await insertCategory(db, organizationId, category.name, category.kind));
  }
  const accounts = new Map<string, string>();
  const statements = new Map<string, string>();
  for (const [index, name] of ['Cheque', 'Credit card'].entries()) {
    const account = await repos.statements.findOrCreateAccount(organizationId, {
      bankSource: 'test-bank',
      accountNumber: `1000${index}`,
      currency: 'ZAR',
      kind: name === 'Cheque' ? 'asset' : 'liability',
      name,
    });
    accounts.set(name, account.id);
    const printed = sampleStatements.find((s) => s.account === name);
    const statement = await repos.statements.create({
      organizationId,
      accountId: account.id,
      originalName: `${name.toLowerCase().replace(' ', '-')}-q1.pdf`,
      format: 'pdf',
      bankSource: 'test-bank',
      accountKind: account.kind,
      currency: 'ZAR',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
      openingBalanceMinor: printed?.openingBalanceMinor ?? null,
      closingBalanceMinor: printed?.closingBalanceMinor ?? null,
      reconciled: true,
      reconciliationChecked: printed !== undefined,
      issues: '[]',
      problems: '[]',
    });
    statements.set(name, statement.id);
  }
  const rows = sample.map((row, i) => ({
    ...row,
    accountId: accounts.get(row.account) ?? '',
    statementIdDb: statements.get(row.account) ?? '',
    rowIndex: i,
  }));
  await repos.transactions.insertNew(
    rows.map((row) => ({
      organizationId,
      statementId: row.statementIdDb,
      accountId: row.accountId,
      rowIndex: row.rowIndex,
      date: row.date,
      description: row.description,
      amountMinor: row.amountMinor,
      currency: row.currency,
      fingerprint: `sample-${row.rowIndex}`,
      categoryId: row.category ? (categories.get(row.category.name) ?? null) : null,
      tags: [...(row.tags ?? [])],
      payee: row.payee ?? null,
      note: row.note ?? null,
    })),
  );
  return { accounts, statements, categories, rows };
}

/**
 * Seeds `count` transactions in one `INSERT … SELECT generate_series` (a million in seconds): one
 * account and statement, five categories and uncategorized rows, dates spread over 2023–2024.
 */
export async function seedBulkBooks(
  db: Db,
  organizationId: string,
  count: number,
): Promise<{ accountId: string; statementId: string }> {
  const account = await db
    .insertInto('accounts')
    .values({
      organizationId,
      name: 'Bulk cheque',
      bankSource: 'bulk',
      accountNumber: `${count}`,
      currency: 'ZAR',
      kind: 'asset',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const statement = await db
    .insertInto('statements')
    .values({
      organizationId,
      accountId: account.id,
      originalName: 'bulk.csv',
      format: 'csv',
      bankSource: 'bulk',
      accountKind: 'asset',
      currency: 'ZAR',
      periodStart: '2023-01-01',
      periodEnd: '2024-12-31',
      reconciled: false,
      reconciliationChecked: false,
      issues: '[]',
      problems: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const kinds: Array<[string, CategoryKind]> = [
    ['Salary', 'income'],
    ['Groceries', 'expense'],
    ['Rent', 'expense'],
    ['Fuel', 'expense'],
    ['Transfers', 'transfer'],
  ];
  const categoryIds: Array<string | null> = [];
  for (const [name, kind] of kinds) categoryIds.push(await insertCategory(db, organizationId, name, kind));
  categoryIds.push(null);
  await sql`
    INSERT INTO transactions (organization_id, statement_id, account_id, row_index, date, description,
      amount_minor, currency, fingerprint, category_id, tags, payee, note)
    SELECT ${organizationId}, ${statement.id}, ${account.id}, g,
      date '2023-01-01' + (g::bigint * 730 / ${count})::int,
      (ARRAY['POS PURCHASE WOOLWORTHS', 'SALARY ACME LTD', '=HYPERLINK("http://x")', 'DEBIT ORDER RENT'])[1 + g % 4] || ' ' || g,
      ((g::bigint * 7919) % 200000) - 150000, 'ZAR', 'bulk-' || g,
      (${categoryIds}::uuid[])[1 + g % ${categoryIds.length}],
      CASE WHEN g % 3 = 0 THEN ARRAY['business', 'q1'] ELSE '{}' END,
      CASE WHEN g % 2 = 0 THEN 'Woolworths' END,
      CASE WHEN g % 10 = 0 THEN 'checked by accountant' END
    FROM generate_series(0, ${count - 1}) AS g
  `.execute(db);
  await sql`ANALYZE transactions`.execute(db);
  return { accountId: account.id, statementId: statement.id };
}
