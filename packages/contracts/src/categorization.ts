import { Type, type Static } from 'typebox';
import { CalendarDate, Timestamp, Uuid } from './common.js';
import { TransactionFilter, TransactionPatch } from './statements.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const CategoryKind = Type.Union([
  Type.Literal('income'),
  Type.Literal('expense'),
  Type.Literal('transfer'),
]);

export const Category = Type.Object({
  id: Uuid,
  parent_id: Nullable(Uuid),
  key: Nullable(Type.String({ description: 'Stable key of a starter category; null for your own' })),
  name: Type.String(),
  kind: CategoryKind,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Category = Static<typeof Category>;

export const CategoryList = Type.Object({ items: Type.Array(Category) });

const CategoryName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

/** Two levels: a group (no parent) and its categories. A child has its group's kind. */
export const CategoryCreate = Type.Object(
  {
    name: CategoryName,
    kind: Type.Optional(CategoryKind),
    parent_id: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreate>;

export const CategoryPatch = Type.Object(
  {
    name: Type.Optional(CategoryName),
    kind: Type.Optional(CategoryKind),
    parent_id: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CategoryPatch = Static<typeof CategoryPatch>;

export const CategoryDeleteQuery = Type.Object(
  {
    reassign_to: Type.Optional(Uuid),
    uncategorize: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CategoryDeleteQuery = Static<typeof CategoryDeleteQuery>;

const RuleConditions = Type.Unknown({
  description:
    'A condition group `{match: "all"|"any", conditions: [...]}`; a condition is `{field, op, value|values|min,max|from,to}` ' +
    'on description (contains, not_contains, equals, starts_with, ends_with, one_of, matches_regex), amount ' +
    '(equals, gt, lt, between with optional sign money_in|money_out; sign), date (between, day_of_month), ' +
    'account, statement, bank_source, currency (equals, one_of); a group may hold one level of nested groups.',
});
const RuleActions = Type.Unknown({
  description:
    'A list of `{type: "set_category", category_id}`, `{type: "add_tags", tags}`, `{type: "set_payee", payee}`, `{type: "set_note", note}`',
});

/** A rule as sent: checked as a whole at save time (422 with a pointer to each problem). */
export const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    priority: Type.Optional(
      Type.Integer({
        minimum: -1_000_000,
        maximum: 1_000_000,
        description: 'Lower runs first; default: last',
      }),
    ),
    active: Type.Optional(Type.Boolean({ default: true })),
    stop_processing: Type.Optional(
      Type.Boolean({ default: false, description: 'When this rule matches, no later rule runs' }),
    ),
    conditions: RuleConditions,
    actions: RuleActions,
  },
  { additionalProperties: false },
);
export type RuleBody = Static<typeof RuleBody>;

export const RuleView = Type.Object({
  id: Uuid,
  name: Type.String(),
  priority: Type.Integer(),
  active: Type.Boolean(),
  stop_processing: Type.Boolean(),
  conditions: RuleConditions,
  actions: RuleActions,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type RuleView = Static<typeof RuleView>;

export const RuleList = Type.Object({ items: Type.Array(RuleView) });

export const RuleReorderBody = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: 10_000, description: 'Every rule id, in the new order' }),
  },
  { additionalProperties: false },
);

export const RulePreviewBody = Type.Object(
  {
    rule_id: Type.Optional(Uuid),
    rule: Type.Optional(RuleBody),
    filter: Type.Optional(TransactionFilter),
    sample_size: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type RulePreviewBody = Static<typeof RulePreviewBody>;

const ProposedFields = Type.Object({
  category_id: Nullable(Uuid),
  tags: Type.Array(Type.String()),
  payee: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const RulePreviewResult = Type.Object({
  scanned: Type.Integer({ description: 'Transactions looked at' }),
  matched: Type.Integer({ description: 'Transactions the rule matches' }),
  sample: Type.Array(
    Type.Object({
      id: Uuid,
      date: CalendarDate,
      description: Type.String(),
      amount_minor: Type.Integer(),
      currency: Type.String(),
      category_id: Nullable(Uuid),
      category_source: Nullable(Type.String()),
      proposed: ProposedFields,
    }),
  ),
});
export type RulePreviewResult = Static<typeof RulePreviewResult>;

/** Exactly one scope: a statement (import session), a list of transaction ids, or a filter. */
export const BulkCategorizeBody = Type.Object(
  {
    statement_id: Type.Optional(Uuid),
    transaction_ids: Type.Optional(
      Type.Array(Uuid, { minItems: 1, maxItems: 10_000, description: 'Up to 10,000; use a filter for more' }),
    ),
    filter: Type.Optional(TransactionFilter),
    rule_ids: Type.Optional(
      Type.Array(Uuid, { maxItems: 10_000, description: 'Rules to apply; default: every active rule' }),
    ),
    overwrite: Type.Optional(
      Type.Boolean({ default: false, description: 'Also change manually categorized transactions' }),
    ),
    dry_run: Type.Optional(
      Type.Boolean({ default: false, description: 'Report the changes; write nothing' }),
    ),
  },
  { additionalProperties: false },
);
export type BulkCategorizeBody = Static<typeof BulkCategorizeBody>;

const FieldsView = Type.Object({
  category_id: Nullable(Uuid),
  category_source: Nullable(Type.String()),
  rule_id: Nullable(Uuid),
  tags: Type.Array(Type.String()),
  payee: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

/** The result of a `bulk_categorize` task (`GET /tasks/{id}/result`). */
export const BulkCategorizeResult = Type.Object({
  dry_run: Type.Boolean(),
  overwrite: Type.Boolean(),
  processed: Type.Integer({ description: 'Transactions in scope' }),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  skipped_manual: Type.Integer({ description: 'Manually categorized, left alone (overwrite false)' }),
  conflicts: Type.Integer({ description: 'Changed by someone else while the job ran; left alone' }),
  per_category: Type.Array(Type.Object({ category_id: Uuid, name: Type.String(), count: Type.Integer() })),
  rules_applied: Type.Integer(),
  note: Type.Optional(
    Nullable(
      Type.String({
        description:
          'Why nothing changed (no active rules, none matched, all manual); null when something did',
      }),
    ),
  ),
  proposed_changes: Type.Optional(
    Type.Array(
      Type.Object({
        transaction_id: Uuid,
        description: Type.String(),
        before: FieldsView,
        after: FieldsView,
      }),
    ),
  ),
  proposed_changes_truncated: Type.Optional(Type.Boolean()),
});
export type BulkCategorizeResult = Static<typeof BulkCategorizeResult>;

export const UndoResult = Type.Object({
  task_id: Uuid,
  restored: Type.Integer({ description: 'Transactions restored to their values before the task' }),
  skipped: Type.Integer({ description: 'Transactions whose category changed again since; left alone' }),
});

/** Manual categorization of many transactions at once. */
export const TransactionsBulkPatch = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: 1000, uniqueItems: true }),
    ...TransactionPatch.properties,
  },
  { additionalProperties: false, minProperties: 2 },
);
export type TransactionsBulkPatch = Static<typeof TransactionsBulkPatch>;

export const TransactionsBulkPatched = Type.Object({ updated: Type.Integer() });
