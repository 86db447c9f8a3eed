import { describe, expect, it } from 'vitest';
import {
  MAX_REPORTED_PROBLEMS,
  ReportAccumulator,
  type ReportTransaction,
  type StatementSummary,
  summarizeReport,
} from './index.js';

let nextId = 0;
function tx(date: string, amountMinor: number, extra: Partial<ReportTransaction> = {}): ReportTransaction {
  nextId += 1;
  return {
    id: `t${nextId}`,
    date,
    description: 'x',
    amountMinor,
    currency: 'ZAR',
    account: 'Cheque',
    ...extra,
  };
}
const salary = { name: 'Salary', kind: 'income' } as const;
const food = { name: 'Groceries', kind: 'expense' } as const;
const rent = { name: 'Rent', kind: 'expense' } as const;

function statement(extra: Partial<StatementSummary>): StatementSummary {
  return { id: 's', account: 'Cheque', currency: 'ZAR', reconciled: true, ...extra };
}

describe('ReportAccumulator', () => {
  it('totals money in, out and net per currency in integer minor units', () => {
    const acc = new ReportAccumulator();
    for (const row of [tx('2024-01-02', 1_000_01), tx('2024-01-03', -250_50), tx('2024-01-04', 0)])
      acc.add(row);
    acc.add(tx('2024-01-05', 900, { currency: 'USD', account: 'Card' }));
    const figures = acc.finish();
    expect(figures.transactionCount).toBe(4);
    expect(figures.currencies).toEqual([
      { currency: 'USD', count: 1, inMinor: 900, outMinor: 0, netMinor: 900 },
      { currency: 'ZAR', count: 3, inMinor: 1_000_01, outMinor: -250_50, netMinor: 749_51 },
    ]);
    expect(figures.period).toEqual({ from: '2024-01-02', to: '2024-01-05' });
  });

  it('aggregates categories with counts and shares, income first and biggest first', () => {
    const rows = [
      tx('2024-01-01', 30_000_00, { category: salary }),
      tx('2024-01-02', -300_00, { category: food }),
      tx('2024-01-03', 100_00, { category: food }),
      tx('2024-01-04', -9_000_00, { category: rent }),
      tx('2024-01-05', -700_00),
    ];
    const acc = new ReportAccumulator();
    rows.forEach((row) => acc.add(row));
    const byName = acc.finish().categories.map((c) => [c.name, c.kind, c.count, c.inMinor, c.outMinor]);
    expect(byName).toEqual([
      ['Salary', 'income', 1, 30_000_00, 0],
      ['Rent', 'expense', 1, 0, -9_000_00],
      ['Groceries', 'expense', 2, 100_00, -300_00],
      [null, null, 1, 0, -700_00],
    ]);
    const groceries = acc.finish().categories.find((c) => c.name === 'Groceries');
    expect(groceries?.shareOfOut).toBeCloseTo(300_00 / (300_00 + 9_000_00 + 700_00), 12);
    expect(groceries?.shareOfIn).toBeCloseTo(100_00 / (30_000_00 + 100_00), 12);
  });

  it('builds months × categories with empty months filled in', () => {
    const acc = new ReportAccumulator();
    acc.add(tx('2023-12-31', -100, { category: food }));
    acc.add(tx('2024-02-01', -200, { category: food }));
    acc.add(tx('2024-02-10', 5_000, { category: salary }));
    acc.add(tx('2024-02-11', -50, { category: food }));
    const [table] = acc.finish().monthly;
    expect(table?.months).toEqual(['2023-12', '2024-01', '2024-02']);
    expect(table?.categories).toEqual([salary, food]);
    expect(table?.cells).toEqual([
      [0, -100],
      [0, 0],
      [5_000, -250],
    ]);
    expect(table?.totals.map((t) => t.netMinor)).toEqual([-100, 0, 4_750]);
  });

  it('takes opening and closing balances from the earliest and latest statement of each account', () => {
    const statements = [
      statement({ id: 'feb', periodStart: '2024-02-01', periodEnd: '2024-02-29', openingBalanceMinor: 150 }),
      statement({ id: 'jan', periodStart: '2024-01-01', periodEnd: '2024-01-31', openingBalanceMinor: 100 }),
      statement({ id: 'mar', periodStart: '2024-03-01', closingBalanceMinor: 999, reconciled: false }),
      statement({ id: 'card', account: 'Card', periodStart: '2024-01-01', periodEnd: '2024-01-31' }),
    ];
    const acc = new ReportAccumulator({ statements });
    acc.add(tx('2024-01-10', 50));
    const figures = acc.finish();
    const cheque = figures.accounts.find((a) => a.account === 'Cheque');
    expect(cheque).toMatchObject({ openingBalanceMinor: 100, closingBalanceMinor: 999, netMinor: 50 });
    expect(cheque?.reconciliation).toBe('unreconciled');
    expect(figures.accounts.find((a) => a.account === 'Card')).toMatchObject({
      count: 0,
      reconciliation: 'reconciled',
    });
    expect(figures.reconciliation).toBe('unreconciled');
    expect(figures.statements.map((s) => s.id)).toEqual(['card', 'jan', 'feb', 'mar']);
    expect(figures.period).toEqual({ from: '2024-01-01', to: '2024-02-29' });
  });

  it('says reconciliation does not apply without statements, and keeps a requested period', () => {
    const acc = new ReportAccumulator({ period: { from: '2024-01-01', to: '2024-12-31' } });
    acc.add(tx('2024-06-01', 1));
    const figures = acc.finish();
    expect(figures.reconciliation).toBe('not_applicable');
    expect(figures.period).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });

  it('skips invalid rows and reports them as data', () => {
    const acc = new ReportAccumulator();
    expect(acc.add(tx('2024-02-30', 1))?.code).toBe('INVALID_DATE');
    expect(acc.add(tx('2023-02-29', 1))?.code).toBe('INVALID_DATE');
    expect(acc.add(tx('2024-02-29', 1))).toBeUndefined();
    expect(acc.add(tx('2024-03-01', 1.5))?.code).toBe('INVALID_AMOUNT');
    expect(acc.add(tx('2024-03-01', 1, { currency: 'zar' }))?.code).toBe('INVALID_CURRENCY');
    expect(acc.add(tx('2024-03-01', Number.MAX_SAFE_INTEGER))?.code).toBe('AMOUNT_OVERFLOW');
    const figures = acc.finish();
    expect(figures.transactionCount).toBe(1);
    expect(figures.currencies[0]?.netMinor).toBe(1);
    expect(figures.problemCount).toBe(5);
  });

  it('keeps only the first problems however many rows are bad', () => {
    const acc = new ReportAccumulator();
    for (let i = 0; i < MAX_REPORTED_PROBLEMS * 3; i += 1) acc.add(tx('not a date', 1));
    const figures = acc.finish();
    expect(figures.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(figures.problemCount).toBe(MAX_REPORTED_PROBLEMS * 3);
  });

  it('agrees with a naive recomputation on random data, from an async source', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const categories = [salary, food, rent, null];
    const rows = Array.from({ length: 2_000 }, () =>
      tx(
        `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
        Math.round((random() - 0.6) * 1e6),
        {
          category: categories[Math.floor(random() * categories.length)],
        },
      ),
    );
    async function* stream() {
      for (const row of rows) yield row;
    }
    const figures = await summarizeReport(stream());
    const sum = (list: ReportTransaction[]) => list.reduce((total, row) => total + row.amountMinor, 0);
    expect(figures.currencies[0]?.netMinor).toBe(sum(rows));
    expect(figures.currencies[0]?.outMinor).toBe(sum(rows.filter((r) => r.amountMinor < 0)));
    for (const category of figures.categories) {
      const own = rows.filter((r) => (r.category?.name ?? null) === category.name);
      expect([category.count, category.netMinor]).toEqual([own.length, sum(own)]);
    }
    const [table] = figures.monthly;
    const march = table?.months.indexOf('2024-03') ?? -1;
    const column = table?.categories.findIndex((c) => c.name === 'Rent') ?? -1;
    const rentInMarch = rows.filter((r) => r.date.startsWith('2024-03') && r.category?.name === 'Rent');
    expect(table?.cells[march]?.[column]).toBe(sum(rentInMarch));
    const shares = figures.categories.reduce((total, c) => total + c.shareOfOut, 0);
    expect(shares).toBeCloseTo(1, 12);
  });
});
