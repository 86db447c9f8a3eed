import { describe, expect, it } from 'vitest';
import type { ParsedStatement, ParsedTransaction } from './model.js';
import { reconcile } from './reconcile.js';

const tx = (amountMinor: number, balanceMinor?: number): ParsedTransaction => ({
  date: '2026-05-02',
  description: 'row',
  amountMinor,
  balanceMinor,
});

const statement = (overrides: Partial<ParsedStatement>): ParsedStatement => ({
  format: 'pdf',
  bankSource: 'generic',
  accountKind: 'asset',
  currency: 'ZAR',
  transactions: [],
  problems: [],
  ...overrides,
});

describe('reconcile', () => {
  it('accepts an asset statement whose balances all agree', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 100_000,
        closingBalanceMinor: 110_000,
        transactions: [tx(-10_000, 90_000), tx(25_000, 115_000), tx(-5_000, 110_000)],
        printedTotals: { creditsMinor: 25_000, debitsMinor: 15_000 },
      }),
    );
    expect(result).toEqual({ reconciled: true, checked: true, provenRows: 3, issues: [] });
  });

  it('uses opening − Σ = closing for a liability', () => {
    const loan = statement({
      accountKind: 'liability',
      openingBalanceMinor: 100_000,
      closingBalanceMinor: 75_000,
      transactions: [tx(-5_000, 105_000), tx(30_000, 75_000)],
    });
    expect(reconcile(loan).reconciled).toBe(true);
    expect(reconcile({ ...loan, accountKind: 'asset' }).reconciled).toBe(false);
  });

  it('names the row whose amount disagrees with its running balance', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 100_000,
        closingBalanceMinor: 80_000,
        transactions: [tx(-10_000, 90_000), tx(-99_900, 80_000)],
      }),
    );
    expect(result.reconciled).toBe(false);
    expect(result.issues[0]).toMatchObject({
      code: 'RUNNING_BALANCE_MISMATCH',
      rows: [1],
      expectedMinor: -9_900,
      actualMinor: 80_000,
    });
    expect(result.issues[1]).toMatchObject({ code: 'BALANCE_MISMATCH', rows: [1] });
  });

  it('checks rows without balances against the next printed balance, naming all of them', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 1_000,
        closingBalanceMinor: 700,
        transactions: [tx(-100), tx(-100), tx(-50, 700)],
      }),
    );
    expect(result.issues.map((issue) => [issue.code, issue.rows])).toEqual([
      ['RUNNING_BALANCE_MISMATCH', [0, 1, 2]],
      ['BALANCE_MISMATCH', [0, 1, 2]],
    ]);
  });

  it('checks page balances between rows', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 1_000,
        closingBalanceMinor: 800,
        transactions: [tx(-100), tx(-100)],
        balanceCheckpoints: [{ beforeRow: 1, balanceMinor: 950 }],
      }),
    );
    expect(result.issues[0]).toMatchObject({ code: 'RUNNING_BALANCE_MISMATCH', rows: [0], actualMinor: 950 });
  });

  it('compares printed totals with the rows of each side', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 0,
        closingBalanceMinor: 50,
        transactions: [tx(100), tx(-50)],
        printedTotals: { creditsMinor: 100, debitsMinor: 60 },
      }),
    );
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'TOTAL_MISMATCH', rows: [1], actualMinor: 50 });
  });

  it('never proves the first row from its own balance when no opening is printed', () => {
    const result = reconcile(
      statement({ closingBalanceMinor: 400, transactions: [tx(-100, 500), tx(-100, 400)] }),
    );
    expect(result).toMatchObject({ reconciled: false, checked: true, provenRows: 1 });
    expect(result.issues).toEqual([expect.objectContaining({ code: 'UNPROVEN_ROWS', rows: [0] })]);
  });

  it('never proves rows after the last printed balance (summary lines read as rows, no closing found)', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 1_000,
        transactions: [tx(-100, 900), tx(-50, 850), tx(12_345), tx(-850)],
      }),
    );
    expect(result.reconciled).toBe(false);
    expect(result.provenRows).toBe(2);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'UNPROVEN_ROWS', rows: [2, 3] })]);
  });

  it('proves rows that share a date through the balance printed on the day only', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 1_000,
        closingBalanceMinor: 700,
        transactions: [
          { ...tx(-100), date: '2026-05-01' },
          { ...tx(-100), date: '2026-05-01' },
          { ...tx(-100), date: '2026-05-02' },
        ],
        dailyBalances: [
          { date: '2026-05-01', balanceMinor: 800 },
          { date: '2026-05-02', balanceMinor: 700 },
        ],
      }),
    );
    expect(result).toEqual({ reconciled: true, checked: true, provenRows: 3, issues: [] });
    const wrong = reconcile(
      statement({
        openingBalanceMinor: 1_000,
        closingBalanceMinor: 700,
        transactions: [
          { ...tx(-150), date: '2026-05-01' },
          { ...tx(-50), date: '2026-05-01' },
          { ...tx(-100), date: '2026-05-02' },
        ],
        dailyBalances: [{ date: '2026-05-01', balanceMinor: 850 }],
      }),
    );
    expect(wrong.reconciled).toBe(false);
    expect(wrong.issues[0]).toMatchObject({ code: 'RUNNING_BALANCE_MISMATCH', rows: [0, 1] });
  });

  it('proves an empty period only by an opening and a closing that agree', () => {
    expect(reconcile(statement({ openingBalanceMinor: 500, closingBalanceMinor: 500 }))).toEqual({
      reconciled: true,
      checked: true,
      provenRows: 0,
      issues: [],
    });
    expect(reconcile(statement({ openingBalanceMinor: 500, closingBalanceMinor: 400 })).reconciled).toBe(
      false,
    );
    expect(reconcile(statement({ closingBalanceMinor: 400 })).reconciled).toBe(false);
  });

  it('checks each section total against the rows of its section only', () => {
    const base = {
      openingBalanceMinor: 1_000,
      closingBalanceMinor: 1_300,
      transactions: [tx(500), tx(-150), tx(-50)],
    };
    const right = reconcile(
      statement({
        ...base,
        sectionTotals: [
          { fromRow: 0, toRow: 1, side: 'all', totalMinor: 500 },
          { fromRow: 1, toRow: 2, side: 'all', totalMinor: 150 },
          { fromRow: 2, toRow: 3, side: 'all', totalMinor: 50 },
        ],
      }),
    );
    expect(right).toEqual({ reconciled: true, checked: true, provenRows: 3, issues: [] });
    const wrong = reconcile(
      statement({ ...base, sectionTotals: [{ fromRow: 1, toRow: 3, side: 'debits', totalMinor: 150 }] }),
    );
    expect(wrong.issues).toEqual([
      expect.objectContaining({ code: 'TOTAL_MISMATCH', rows: [1, 2], expectedMinor: 150, actualMinor: 200 }),
    ]);
  });

  it('reports two balances printed at one place that disagree', () => {
    const result = reconcile(
      statement({
        openingBalanceMinor: 1_000,
        closingBalanceMinor: 900,
        transactions: [tx(-100, 900)],
        balanceCheckpoints: [{ beforeRow: 1, balanceMinor: 950 }],
      }),
    );
    expect(result.reconciled).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: 'RUNNING_BALANCE_MISMATCH', rows: [0] });
  });

  it('refuses to call a statement without balances reconciled', () => {
    const result = reconcile(statement({ transactions: [tx(-100)] }));
    expect(result).toMatchObject({ reconciled: false, checked: false, issues: [{ code: 'NO_BALANCES' }] });
  });
});
