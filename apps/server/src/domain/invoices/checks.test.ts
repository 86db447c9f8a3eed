import { describe, expect, it } from 'vitest';
import { runChecks } from './checks.js';
import { CHECK_CODES, type Field, type Invoice } from './model.js';

const at = { page: 1, x: 0, y: 0, width: 10, height: 10 };
const f = <T>(value: T, confidence = 0.9): Field<T> => ({ value, confidence, source: at });

function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    language: 'en',
    currency: f('EUR'),
    subtotalMinor: f(10_000),
    taxMinor: f(1_900),
    taxRatePercent: f(19),
    totalMinor: f(11_900),
    invoiceDate: f('2024-03-12'),
    dueDate: f('2024-04-11'),
    lineItems: [
      { description: f('Beratung'), quantity: f(2), unitPriceMinor: f(2_500), amountMinor: f(5_000) },
      { description: f('Lizenz'), quantity: f(1), unitPriceMinor: f(5_000), amountMinor: f(5_000) },
    ],
    source: 'text',
    checks: [],
    issues: [],
    confidence: 0,
    ...overrides,
  };
}

const byCode = (inv: Invoice) => new Map(runChecks(inv).map((c) => [c.code, c]));

describe('runChecks', () => {
  it('passes a consistent invoice and raises the confidence of its amounts', () => {
    const inv = invoice();
    const checks = byCode(inv);
    expect([...checks.values()].every((c) => c.passed)).toBe(true);
    expect([...checks.keys()].sort()).toEqual(
      [CHECK_CODES.totals, CHECK_CODES.lines, CHECK_CODES.taxRate, CHECK_CODES.dueAfterIssue].sort(),
    );
    expect(inv.totalMinor?.confidence).toBe(0.99);
  });

  it('reports subtotal + tax ≠ total with both numbers and halves the confidences', () => {
    const inv = invoice({ totalMinor: f(12_000) });
    const check = byCode(inv).get(CHECK_CODES.totals);
    expect(check).toMatchObject({ passed: false, expectedMinor: 11_900, actualMinor: 12_000 });
    expect(check?.message).toContain('119.00 EUR');
    expect(inv.totalMinor?.confidence).toBeCloseTo(0.45);
  });

  it('reports lines that do not add up to the subtotal', () => {
    const inv = invoice({ subtotalMinor: f(10_100), totalMinor: f(12_000) });
    const check = byCode(inv).get(CHECK_CODES.lines);
    expect(check).toMatchObject({ passed: false, expectedMinor: 10_000, actualMinor: 10_100 });
    expect(check?.fields).toEqual(['subtotalMinor', 'lineItems[0]', 'lineItems[1]']);
  });

  it('reports a line whose quantity × price is not its amount, and lets a fractional quantity round', () => {
    const wrong = invoice();
    wrong.lineItems[0] = {
      description: f('Beratung'),
      quantity: f(2),
      unitPriceMinor: f(2_400),
      amountMinor: f(5_000),
    };
    expect(byCode(wrong).get(CHECK_CODES.lineAmount)).toMatchObject({ passed: false, expectedMinor: 4_800 });
    const fractional = invoice();
    // 1.5 × 33.33 = 49.995, printed as 50.00
    fractional.lineItems[0] = {
      description: f('Stunden'),
      quantity: f(1.5),
      unitPriceMinor: f(3_333),
      amountMinor: f(5_000),
    };
    expect(byCode(fractional).get(CHECK_CODES.lineAmount)).toBeUndefined();
  });

  it('reports a tax that does not match its rate, and a due date before the invoice date', () => {
    const inv = invoice({ taxRatePercent: f(7), dueDate: f('2024-03-01') });
    const checks = byCode(inv);
    expect(checks.get(CHECK_CODES.taxRate)).toMatchObject({
      passed: false,
      expectedMinor: 700,
      actualMinor: 1_900,
    });
    expect(checks.get(CHECK_CODES.dueAfterIssue)?.passed).toBe(false);
  });

  it('checks the lines against the total when there is neither subtotal nor tax', () => {
    const inv = invoice({
      subtotalMinor: undefined,
      taxMinor: undefined,
      taxRatePercent: undefined,
      totalMinor: f(10_000),
    });
    expect(byCode(inv).get(CHECK_CODES.lines)).toMatchObject({
      passed: true,
      fields: expect.arrayContaining(['totalMinor']) as unknown,
    });
  });
});
