import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, PageQuery, SIGNED_DECIMAL_PATTERN, Timestamp, Uuid } from './common.js';

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
  issues: Type.Array(ReconciliationIssue, {
    description: 'Why the statement does not reconcile (balance or total mismatches), with the rows involved',
  }),
  problems: Type.Array(Type.Object({ code: Type.String(), message: Type.String() }), {
    description:
      'What the parser noticed without failing: skipped lines, an assumed currency, balances the file lacks',
  }),
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
  amount_minor: Type.Integer({
    description: 'Signed amount in minor units (cents): money in positive, money out negative',
  }),
  amount: Type.String({ description: 'The same amount as a decimal string', examples: ['-123.45'] }),
  balance_minor: Nullable(Type.Integer({ description: 'Running balance after this row, in minor units' })),
  balance: Nullable(
    Type.String({ description: 'The same balance as a decimal string', examples: ['1100.00'] }),
  ),
  currency: Type.String(),
  bank_reference: Nullable(Type.String()),
  category_id: Nullable(Uuid),
  category_name: Nullable(Type.String({ description: "The category's name; null when uncategorized" })),
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
  amount_min: Type.Optional(
    Type.String({
      pattern: SIGNED_DECIMAL_PATTERN,
      description: 'Smallest signed amount, as a decimal in the currency (-50 is 50.00 out), inclusive',
    }),
  ),
  amount_max: Type.Optional(
    Type.String({
      pattern: SIGNED_DECIMAL_PATTERN,
      description: 'Largest signed amount, as a decimal in the currency, inclusive',
    }),
  ),
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

export const StatementFormat = Type.Union(
  ['pdf', 'csv', 'ofx', 'qif', 'mt940', 'camt053'].map((f) => Type.Literal(f)),
  { description: 'Detected from the content when absent' },
);

/** CSV reading options; each is detected when absent (see `POST /statements/preview`). */
export const CsvImportFields = {
  encoding: Type.Optional(Type.String({ maxLength: 40, examples: ['utf-8', 'windows-1252', 'utf-16le'] })),
  delimiter: Type.Optional(Type.Union([',', ';', '\t', '|'].map((d) => Type.Literal(d)))),
  header_line: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1000, description: '1-based line of the header row; 0: no header' }),
  ),
  date_order: Type.Optional(Type.Union([Type.Literal('DMY'), Type.Literal('MDY')])),
  decimal_separator: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')])),
  mapping: Type.Optional(
    Type.String({
      maxLength: 2000,
      description:
        'JSON object: role → column index (0-based) or header name; roles: date, valueDate, description ' +
        '(one or a list), amount, debit, credit, direction, balance, reference, currency',
      examples: ['{"date":0,"description":[1,2],"amount":"Amount"}'],
    }),
  ),
};

/** The text fields of an import upload (multipart/form-data, beside the `file` part). */
export const StatementImportFields = Type.Object(
  {
    password: Type.Optional(Type.String({ maxLength: 256, description: 'For an encrypted PDF' })),
    bank: Type.Optional(
      Type.String({ maxLength: 64, description: 'A bank profile hint, e.g. standard_bank, fnb, absa' }),
    ),
    account_id: Type.Optional(Uuid),
    strict: Type.Optional(
      Type.Boolean({ default: false, description: 'Fail with STATEMENT_NOT_RECONCILED instead of saving' }),
    ),
    format: Type.Optional(StatementFormat),
    ...CsvImportFields,
  },
  { additionalProperties: false },
);
export type StatementImportFields = Static<typeof StatementImportFields>;

export const CsvPreviewFields = Type.Object(CsvImportFields, { additionalProperties: false });
export type CsvPreviewFields = Static<typeof CsvPreviewFields>;

export const CsvPreview = Type.Object({
  encoding: Type.String(),
  delimiter: Type.String(),
  header_line: Type.Union([Type.Integer(), Type.Null()]),
  columns: Type.Array(Type.String()),
  mapping: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Array(Type.Integer())])),
  ambiguities: Type.Array(Type.String(), {
    description:
      'Why the detected mapping cannot be trusted; importing needs an explicit mapping while any remain',
  }),
  date_order: Type.Union([Type.Literal('DMY'), Type.Literal('MDY'), Type.Null()]),
  decimal_separator: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Array(Type.Array(Type.String())),
  row_count: Type.Integer({ description: 'Data rows in the previewed part of the file' }),
  complete: Type.Boolean({
    description:
      'false when the file is longer than the preview reads (its first 256 KiB, cut at a line end): ' +
      'the layout and row_count are then those of that head',
  }),
});
export type CsvPreview = Static<typeof CsvPreview>;
