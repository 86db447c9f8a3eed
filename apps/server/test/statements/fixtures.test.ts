import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocumentText } from '../../src/adapters/pdf/index.js';
import { decimalToMinor } from '../../src/domain/money.js';
import { parseStatementText, reconcile } from '../../src/domain/statements/index.js';

/** The shared, read-only fixtures (README there): real bank layouts with their expected parse. */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/statements');

interface Expected {
  expect: 'parse' | 'reject';
  account_kind?: 'asset' | 'liability';
  currency?: string;
  period?: { from: string; to: string };
  opening_balance?: string;
  closing_balance?: string;
  transactions?: { date: string; description: string; amount: string; balance?: string }[];
}

const cases = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.pdf'))
  .sort()
  .map((file) => ({
    name: file,
    pdf: path.join(FIXTURES, file),
    expected: JSON.parse(
      readFileSync(path.join(FIXTURES, file.replace(/\.pdf$/, '.expected.json')), 'utf8'),
    ) as Expected,
  }));

const minor = (text: string) => decimalToMinor(text, 'ZAR');

describe('shared statement fixtures', () => {
  it('exist', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('$name gives exactly its expected result', async ({ pdf, expected }) => {
    const doc = await extractDocumentText(new Uint8Array(readFileSync(pdf)));
    const result = parseStatementText(doc);
    if (expected.expect === 'reject') {
      // Rejected as not reconciled: it may parse, but never as a proven statement.
      if ('statement' in result) {
        const proof = reconcile(result.statement);
        expect(proof.reconciled).toBe(false);
        expect(proof.issues.some((issue) => issue.rows.length > 0)).toBe(true);
      }
      return;
    }
    if ('error' in result) throw new Error(`${result.error.code}: ${result.error.message}`);
    const { statement } = result;
    expect(
      statement.transactions.map((tx) => ({
        date: tx.date,
        description: tx.description,
        amount: tx.amountMinor,
        ...(tx.balanceMinor === undefined ? {} : { balance: tx.balanceMinor }),
      })),
    ).toEqual(
      expected.transactions?.map((tx) => ({
        date: tx.date,
        description: tx.description,
        amount: minor(tx.amount),
        ...(tx.balance === undefined ? {} : { balance: minor(tx.balance) }),
      })),
    );
    expect(statement.accountKind).toBe(expected.account_kind);
    expect(statement.currency).toBe(expected.currency);
    expect(statement.openingBalanceMinor).toBe(minor(expected.opening_balance ?? ''));
    expect(statement.closingBalanceMinor).toBe(minor(expected.closing_balance ?? ''));
    if (expected.period) {
      expect([statement.periodStart, statement.periodEnd]).toEqual([
        expected.period.from,
        expected.period.to,
      ]);
    }
    expect(statement.bankSource).toBe('standard_bank');
    expect(reconcile(statement)).toMatchObject({ reconciled: true, checked: true, issues: [] });
  });
});
