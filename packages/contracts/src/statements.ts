import { Type, type Static } from 'typebox';
import { PageQuery, Timestamp, Uuid } from './common.js';

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ format: 'date', examples: ['2024-03-31'] });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** Money on the wire: exact integer minor units, plus the same as a decimal string for display. */
const MoneyFields = (name: string, description: string) => ({
  [`${name}_minor`]: Type.Integer({ description: `${description}, in minor units (cents)` }),
  [name]: Type.String({ description: `${description}, as a decimal string`, examples: ['-123.45'] }),
});

export const Account = Type.Object({
  id: Uuid,
  name: Type.String(),
  bank_source: Type.String(),
  account_number: Type.String(),
  currency: Type.String(),
  kind: Type.Union([Type.Literal('asset'), Type.Literal('liability')]),
  created_at: Timestamp,
});
export type Account = Static<typeof Account>;

export const ReconciliationIssue = Type.Object({
  code: Type.String(),
  message: Type.String(),
  rows: Type.Array(Type.Integer(), { description: 'Row numbers (0-based, statement order) involved' }),
  expected_minor: Type.Optional(Type.Integer()),
  actual_minor: Type.Optional(Type.Integer()),
});

export const Statement = Type.Object({
  id: Uuid,
  account_id: Uuid,
  file_id: Nullable(Uuid),
  task_id: Nullable(Uuid),
  original_name: Type.String(),
  format: Type.String({ examples: ['pdf', 'csv', 'ofx', 'qif', 'mt940', 'camt053'] }),
  bank_source: Type.String(),
  bank_name: Nullable(Type.String()),
  account_number: Nullable(Type.String()),
  account_kind: Type.Union([Type.Literal('asset'), Type.Literal('liability')]),
  currency: Type.String(),
  period_start: Nullable(CalendarDate),
  period_end: Nullable(CalendarDate),
  opening_balance_minor: Nullable(Type.Integer()),
  closing_balance_minor: Nullable(Type.Integer()),
  reconciled: Type.Boolean(),
  reconciliation_checked: Type.Boolean({
    description: 'False when the source carries no balances, so reconciliation proves nothing',
  }),
  issues: Type.Array(ReconciliationIssue),
  problems: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  transaction_count: Type.Integer({ description: 'Transactions saved from this statement' }),
  duplicate_count: Type.Integer({ description: 'Rows skipped as already imported' }),
  created_at: Timestamp,
});
export type Statement = Static<typeof Statement>;

export const StatementListQuery = Type.Object(
  { ...PageQuery, account_id: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type StatementListQuery = Static<typeof StatementListQuery>;

export const Transaction = Type.Object({
  id: Uuid,
  statement_id: Uuid,
  account_id: Uuid,
  row_index: Type.Integer(),
  date: CalendarDate,
  value_date: Nullable(CalendarDate),
  description: Type.String(),
  ...MoneyFields('amount', 'Signed amount: money in positive, money out negative'),
  balance_minor: Nullable(Type.Integer()),
  currency: Type.String(),
  bank_reference: Nullable(Type.String()),
  category_id: Nullable(Uuid),
  category_source: Nullable(Type.Union([Type.Literal('rule'), Type.Literal('manual')])),
  rule_id: Nullable(Uuid),
  tags: Type.Array(Type.String()),
  payee: Nullable(Type.String()),
  note: Nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Transaction = Static<typeof Transaction>;

/**
 * Which transactions: used by `GET /transactions`, bulk categorization and reports alike. Amounts are
 * decimal strings in the account's currency ("-50", "1234.56").
 */
export const TransactionFilterFields = {
  statement_id: Type.Optional(Uuid),
  account_id: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
  date_from: Type.Optional(CalendarDate),
  date_to: Type.Optional(CalendarDate),
  amount_min: Type.Optional(Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,3})?$' })),
  amount_max: Type.Optional(Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,3})?$' })),
  category_id: Type.Optional(
    Type.Array(Type.Union([Uuid, Type.Literal('none')]), {
      maxItems: 100,
      description: 'Category ids; `none` for uncategorized',
    }),
  ),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in description, payee or note' })),
};
export const TransactionFilter = Type.Object(TransactionFilterFields, { additionalProperties: false });
export type TransactionFilter = Static<typeof TransactionFilter>;

export const TransactionListQuery = Type.Object(
  { ...PageQuery, ...TransactionFilterFields },
  { additionalProperties: false },
);
export type TransactionListQuery = Static<typeof TransactionListQuery>;

/** What a person may change on a transaction. `category_id: null` clears the category. */
export const TransactionPatch = Type.Object(
  {
    category_id: Type.Optional(Nullable(Uuid)),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 })),
    payee: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TransactionPatch = Static<typeof TransactionPatch>;
