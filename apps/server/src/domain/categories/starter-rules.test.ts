import { describe, expect, it } from 'vitest';
import { compileRules, evaluate, validateRule, type Rule } from '../rules/index.js';
import { flattenStarterCategories } from './index.js';
import { STARTER_RULES } from './starter-rules.js';

const rules: Rule[] = STARTER_RULES.map((starter, index) => ({
  id: starter.key,
  name: starter.name,
  priority: (index + 1) * 10,
  active: true,
  stop_processing: false,
  conditions: starter.conditions,
  actions: [{ type: 'set_category', category_id: starter.categoryKey }],
}));
const engine = compileRules(rules);

/** The starter category key the starter rules file a line under, or null. */
const file = (description: string, amountMinor: number) =>
  evaluate(engine, { description, amountMinor, currency: 'ZAR', date: '2024-05-01' }).categoryId ?? null;

describe('starter rules', () => {
  it('are valid rules with unique keys, each filing into a starter category', () => {
    const categoryKeys = new Set(flattenStarterCategories().map((c) => c.key));
    for (const rule of rules) expect(validateRule(rule), rule.id).toEqual([]);
    expect(engine.skipped).toEqual([]);
    expect(new Set(STARTER_RULES.map((r) => r.key)).size).toBe(STARTER_RULES.length);
    for (const starter of STARTER_RULES) expect(categoryKeys, starter.key).toContain(starter.categoryKey);
  });

  it.each<[string, number, string | null]>([
    ['FEE: MONTHLY ##', -6900, 'expense.financial.bank_fees'],
    ['MONTHLY ACCOUNT FEE', -6900, 'expense.financial.bank_fees'],
    ['ATM FEE CASH WITHDRAWAL', -1000, 'expense.financial.bank_fees'],
    ['Bank charges', -500, 'expense.financial.bank_fees'],
    ['ATM WITHDRAWAL 1234 MAIN ST', -50_000, 'transfer.cash.withdrawal'],
    ['SALARY ACME CORP', 2_500_000, 'income.earnings.salary'],
    ['Payroll deposit', 900_000, 'income.earnings.salary'],
    ['INTEREST', 123, 'income.investment.interest'],
    ['DEBIT INTEREST', -4500, 'expense.financial.interest'],
    ['PAYMENT - THANK YOU', 150_000, 'transfer.debt.credit_card'],
    ['TRANSFER TO SAVINGS', -100_000, 'transfer.own_accounts.internal'],
    ['RENT MAY', -800_000, 'expense.housing.rent'],
    ['Corner supermarket', -23_000, 'expense.food.groceries'],
    ['SHELL SERVICE STATION', -60_000, 'expense.transport.fuel'],
    ['Prepaid electricity 0123', -20_000, 'expense.utilities.electricity'],
    ['AIRTIME TOPUP', -2900, 'expense.utilities.phone'],
    ['REFUND ORDER 123', 4900, 'income.other.refunds'],
    // Lookalikes the whole-word and direction checks keep out.
    ['COFFEE BEAN CO', -4200, null],
    ['SCHOOL FEES TERM 2', -1_500_000, null],
    ['CAR RENTAL', -90_000, null],
    ['Current account', -100, null],
    ['PARENT TEACHER ASSOC', -100, null],
    ['SALARY ADVANCE REPAYMENT', -50_000, null],
    ['REFUND', -100, null],
    ['FAKE SHOP PURCHASE', -1000, null],
  ])('%s (%i) → %s', (description, amount, expected) => {
    expect(file(description, amount)).toBe(expected);
  });
});
