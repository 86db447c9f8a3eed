import { randomUUID } from 'node:crypto';
import type { Container } from '../../src/container.js';

export interface SeedTransaction {
  description: string;
  amountMinor: number;
  date?: string;
  currency?: string;
}

/**
 * An account, a statement (import session) and its transactions, written through the repositories as
 * the import job would (the import itself is another issue's). Returns the ids in input order.
 */
export async function seedStatement(
  container: Container,
  organizationId: string,
  rows: readonly SeedTransaction[],
  options: { bankSource?: string; currency?: string; accountNumber?: string } = {},
): Promise<{ accountId: string; statementId: string; ids: string[] }> {
  const { repos } = container;
  const currency = options.currency ?? 'ZAR';
  const bankSource = options.bankSource ?? 'standard_bank';
  const account = await repos.statements.findOrCreateAccount(organizationId, {
    bankSource,
    accountNumber: options.accountNumber ?? randomUUID().slice(0, 10),
    currency,
    kind: 'asset',
    name: 'Cheque account',
  });
  const statement = await repos.statements.create({
    organizationId,
    accountId: account.id,
    originalName: 'statement.csv',
    format: 'csv',
    bankSource,
    accountKind: 'asset',
    currency,
    reconciled: true,
    reconciliationChecked: false,
    issues: '[]',
    problems: '[]',
  });
  const records = rows.map((row, index) => ({
    organizationId,
    statementId: statement.id,
    accountId: account.id,
    rowIndex: index,
    date: row.date ?? '2024-03-15',
    description: row.description,
    amountMinor: row.amountMinor,
    currency: row.currency ?? currency,
    fingerprint: `${statement.id}:${index}`,
  }));
  await repos.transactions.insertNew(records);
  const stored = await container.database.db
    .selectFrom('transactions')
    .select(['id', 'rowIndex'])
    .where('statementId', '=', statement.id)
    .orderBy('rowIndex')
    .execute();
  return { accountId: account.id, statementId: statement.id, ids: stored.map((row) => row.id) };
}

export async function transactionRows(container: Container, ids: readonly string[]) {
  const rows = await container.database.db
    .selectFrom('transactions')
    .select(['id', 'categoryId', 'categorySource', 'ruleId', 'tags', 'payee', 'note'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}
