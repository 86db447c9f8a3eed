/**
 * The categories a new organization starts with: two levels (group → category), each with a kind.
 * Keys are stable and unique so seeding is idempotent and starter rules or imports can refer to a
 * category before the organization has renamed it; names are what the user sees and may change.
 */

export const CategoryKind = {
  income: 'income',
  expense: 'expense',
  /** Money moving between the organization's own accounts or to a liability: neither income nor spending. */
  transfer: 'transfer',
} as const;
export type CategoryKind = (typeof CategoryKind)[keyof typeof CategoryKind];

export interface StarterCategory {
  key: string;
  name: string;
  kind: CategoryKind;
  children?: readonly StarterCategory[];
}

type Leaf = readonly [key: string, name: string];

const group = (kind: CategoryKind, key: string, name: string, leaves: readonly Leaf[]): StarterCategory => ({
  key: `${kind}.${key}`,
  name,
  kind,
  children: leaves.map(([leafKey, leafName]) => ({ key: `${kind}.${key}.${leafKey}`, name: leafName, kind })),
});

const { income, expense, transfer } = CategoryKind;

export const STARTER_CATEGORIES: readonly StarterCategory[] = [
  group(income, 'earnings', 'Earnings', [
    ['salary', 'Salary and wages'],
    ['business', 'Business income'],
    ['freelance', 'Freelance and contract work'],
  ]),
  group(income, 'investment', 'Investment income', [
    ['interest', 'Interest received'],
    ['dividends', 'Dividends'],
    ['rental', 'Rental income'],
  ]),
  group(income, 'other', 'Other income', [
    ['refunds', 'Refunds and reimbursements'],
    ['government', 'Government payments and grants'],
    ['gifts', 'Gifts received'],
  ]),
  group(expense, 'housing', 'Housing', [
    ['rent', 'Rent'],
    ['bond', 'Home loan (bond) payments'],
    ['rates', 'Rates, levies and taxes'],
    ['maintenance', 'Maintenance and repairs'],
  ]),
  group(expense, 'utilities', 'Utilities', [
    ['electricity', 'Electricity'],
    ['water', 'Water and sanitation'],
    ['internet', 'Internet'],
    ['phone', 'Mobile phone'],
  ]),
  group(expense, 'food', 'Food', [
    ['groceries', 'Groceries'],
    ['restaurants', 'Restaurants and takeaways'],
  ]),
  group(expense, 'transport', 'Transport', [
    ['fuel', 'Fuel'],
    ['public', 'Public transport'],
    ['rides', 'Taxis and ride-hailing'],
    ['vehicle', 'Vehicle finance and maintenance'],
    ['parking', 'Parking and tolls'],
  ]),
  group(expense, 'health', 'Health', [
    ['medical_aid', 'Medical aid'],
    ['practitioners', 'Doctors and dentists'],
    ['pharmacy', 'Pharmacy'],
  ]),
  group(expense, 'insurance', 'Insurance', [
    ['life', 'Life and disability'],
    ['short_term', 'Home and vehicle insurance'],
  ]),
  group(expense, 'shopping', 'Shopping', [
    ['clothing', 'Clothing'],
    ['electronics', 'Electronics'],
    ['household', 'Household goods'],
  ]),
  group(expense, 'leisure', 'Leisure', [
    ['subscriptions', 'Streaming and subscriptions'],
    ['entertainment', 'Entertainment and hobbies'],
    ['travel', 'Travel and accommodation'],
  ]),
  group(expense, 'personal', 'Personal and family', [
    ['education', 'Education'],
    ['childcare', 'Childcare'],
    ['care', 'Personal care'],
    ['donations', 'Gifts and donations'],
  ]),
  group(expense, 'financial', 'Financial costs', [
    ['bank_fees', 'Bank fees'],
    ['interest', 'Interest paid'],
    ['tax', 'Income tax'],
  ]),
  group(expense, 'business', 'Business expenses', [
    ['supplies', 'Office supplies'],
    ['software', 'Software and services'],
    ['professional', 'Professional fees'],
    ['marketing', 'Advertising and marketing'],
  ]),
  group(expense, 'other', 'Other expenses', [['uncategorized', 'Uncategorized spending']]),
  group(transfer, 'own_accounts', 'Between own accounts', [
    ['internal', 'Account transfers'],
    ['savings', 'Savings and investments'],
  ]),
  group(transfer, 'debt', 'Debt payments', [
    ['credit_card', 'Credit card payments'],
    ['loan', 'Loan repayments'],
  ]),
  group(transfer, 'cash', 'Cash', [
    ['withdrawal', 'Cash withdrawals'],
    ['deposit', 'Cash deposits'],
  ]),
];
