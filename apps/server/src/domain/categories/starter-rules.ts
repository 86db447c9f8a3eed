/**
 * The rules a new organization starts with, one per common kind of bank line, each filing into a starter
 * category (by its stable key). They are ordinary rules once created: the organization edits, reorders
 * or deletes them; `starter_key` only lets "add the missing starter rules" know which are there.
 *
 * Patterns are generic words banks print, not merchant or brand lists (a brand list is never complete,
 * differs by country and files a lookalike wrongly). They are whole words (`\b`, on the normalized
 * lower-case description), so "fee" never matches "coffee" nor "rent" "parent" or "rental". Where a word
 * alone is ambiguous the rule narrows it: a fee is a bank's only next to a bank word ("school fees" is
 * not a bank fee), salary and refunds only as money in, rent only as money out. Order matters — the first
 * rule to set a category wins — so fees come before cash ("ATM fee" is a fee, "ATM withdrawal" cash).
 */
import type { ConditionGroup } from '../rules/schema.js';

export interface StarterRule {
  /** Stable and unique: how POST /rules/starter recognizes a starter rule the organization still has. */
  key: string;
  name: string;
  /** A starter category key (starter.ts). */
  categoryKey: string;
  conditions: ConditionGroup;
}

const words = (pattern: string, sign?: 'money_in' | 'money_out'): ConditionGroup => ({
  match: 'all',
  conditions: [
    { field: 'description', op: 'matches_regex', value: `\\b(?:${pattern})\\b` },
    ...(sign ? [{ field: 'amount' as const, op: 'sign' as const, value: sign }] : []),
  ],
});

const BANK_WORDS =
  'bank|account|acc|monthly|service|admin|atm|cash|overdraft|transaction|withdrawal|deposit|card|' +
  'maintenance|ledger|statement|debit order|eft|transfer|international|foreign|forex|swift|sms|notification';

export const STARTER_RULES: readonly StarterRule[] = [
  {
    key: 'bank_fees',
    name: 'Bank fees and charges',
    categoryKey: 'expense.financial.bank_fees',
    conditions: {
      match: 'all',
      conditions: [
        {
          field: 'description',
          op: 'matches_regex',
          // "MONTHLY ACCOUNT FEE", "ATM FEE", "FEE: MONTHLY", "BANK CHARGES", "OVERDRAFT FEE".
          value: `\\b(?:${BANK_WORDS})\\s+(?:fees?|charges?)\\b|^(?:fees?|charges?)\\b|\\b(?:bank|service) charges?\\b`,
        },
        { field: 'amount', op: 'sign', value: 'money_out' },
      ],
    },
  },
  {
    key: 'interest_paid',
    name: 'Interest charged',
    categoryKey: 'expense.financial.interest',
    conditions: words('interest', 'money_out'),
  },
  {
    key: 'interest_received',
    name: 'Interest earned',
    categoryKey: 'income.investment.interest',
    conditions: words('interest', 'money_in'),
  },
  {
    key: 'salary',
    name: 'Salary and wages',
    categoryKey: 'income.earnings.salary',
    conditions: words('salary|salaries|payroll|wages?|salaris', 'money_in'),
  },
  {
    key: 'dividends',
    name: 'Dividends',
    categoryKey: 'income.investment.dividends',
    conditions: words('dividends?', 'money_in'),
  },
  {
    key: 'refunds',
    name: 'Refunds',
    categoryKey: 'income.other.refunds',
    conditions: words('refund|refunded|reimbursement', 'money_in'),
  },
  {
    key: 'cash_withdrawal',
    name: 'Cash withdrawals',
    categoryKey: 'transfer.cash.withdrawal',
    conditions: words('atm|cash withdrawal', 'money_out'),
  },
  {
    key: 'cash_deposit',
    name: 'Cash deposits',
    categoryKey: 'transfer.cash.deposit',
    conditions: words('cash deposit|atm deposit', 'money_in'),
  },
  {
    key: 'own_transfers',
    name: 'Transfers between own accounts',
    categoryKey: 'transfer.own_accounts.internal',
    conditions: words(
      'own account|internal transfer|inter-?account transfer|between accounts|' +
        'transfer (?:to|from) (?:savings|cheque|checking|current)(?: account)?',
    ),
  },
  {
    key: 'credit_card_payment',
    name: 'Credit card payments',
    categoryKey: 'transfer.debt.credit_card',
    conditions: words('credit card (?:payment|repayment)|card repayment|payment[ -]*thank you'),
  },
  {
    key: 'loan_repayment',
    name: 'Loan repayments',
    categoryKey: 'transfer.debt.loan',
    conditions: words('loan (?:payment|repayment|instalment|installment)', 'money_out'),
  },
  {
    key: 'rent',
    name: 'Rent',
    categoryKey: 'expense.housing.rent',
    conditions: words('rent', 'money_out'),
  },
  {
    key: 'groceries',
    name: 'Groceries',
    categoryKey: 'expense.food.groceries',
    conditions: words(
      'grocery|groceries|grocer|supermarket|supermarkt|supermercado|hypermarket',
      'money_out',
    ),
  },
  {
    key: 'fuel',
    name: 'Fuel',
    categoryKey: 'expense.transport.fuel',
    conditions: words('fuel|petrol|gasoline|diesel|filling station|service station', 'money_out'),
  },
  {
    key: 'parking_tolls',
    name: 'Parking and tolls',
    categoryKey: 'expense.transport.parking',
    conditions: words('parking|toll|tolls', 'money_out'),
  },
  {
    key: 'electricity',
    name: 'Electricity',
    categoryKey: 'expense.utilities.electricity',
    conditions: words('electricity|prepaid electricity|electric bill|power bill', 'money_out'),
  },
  {
    key: 'water',
    name: 'Water',
    categoryKey: 'expense.utilities.water',
    conditions: words('water bill|water and sanitation|water utility', 'money_out'),
  },
  {
    key: 'internet',
    name: 'Internet',
    categoryKey: 'expense.utilities.internet',
    conditions: words('internet|broadband|fibre|fiber', 'money_out'),
  },
  {
    key: 'phone',
    name: 'Mobile phone',
    categoryKey: 'expense.utilities.phone',
    conditions: words('airtime|prepaid data|phone bill|mobile bill|cellphone', 'money_out'),
  },
  {
    key: 'pharmacy',
    name: 'Pharmacy',
    categoryKey: 'expense.health.pharmacy',
    conditions: words('pharmacy|pharmacie|farmacia|apotheke|chemist', 'money_out'),
  },
  {
    key: 'income_tax',
    name: 'Income tax',
    categoryKey: 'expense.financial.tax',
    conditions: words('income tax|tax payment', 'money_out'),
  },
];
