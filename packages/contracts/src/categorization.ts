import { Type, type Static } from 'typebox';
import { CalendarDate, SIGNED_DECIMAL_PATTERN, Timestamp, Uuid } from './common.js';
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

/**
 * Rule conditions and actions: the shape the API takes and returns and the `rules` table stores (jsonb).
 * The server checks each condition against the one variant its `field`/`op` selects
 * (domain/rules/validate.ts), so a mistake comes back as one precise `422 RULE_INVALID` problem.
 */
const RuleText = Type.String({ maxLength: 500 });
const RuleTextList = Type.Array(RuleText, { maxItems: 1000 });
const RuleIdentifier = Type.String({ minLength: 1, maxLength: 200 });
const RuleDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/**
 * A signed amount as a decimal string in the transaction's currency, like the transaction filter's
 * `amount_min`/`amount_max`: money in positive, money out negative ("-12.50" is 12.50 out).
 */
export const RuleAmount = Type.String({
  pattern: SIGNED_DECIMAL_PATTERN,
  description: 'Signed decimal in the transaction currency: money in positive, money out negative',
  examples: ['-12.50'],
});

export const RuleAmountSign = Type.Union([Type.Literal('money_in'), Type.Literal('money_out')], {
  description: 'money_in: amount > 0; money_out: amount < 0',
});

/** Text conditions compare the description trimmed, with spaces collapsed, ignoring case. */
export const RuleDescriptionTextCondition = Type.Object({
  field: Type.Literal('description'),
  op: Type.Union([
    Type.Literal('contains'),
    Type.Literal('not_contains'),
    Type.Literal('equals'),
    Type.Literal('starts_with'),
    Type.Literal('ends_with'),
  ]),
  value: RuleText,
});

export const RuleDescriptionOneOfCondition = Type.Object({
  field: Type.Literal('description'),
  op: Type.Literal('one_of'),
  values: RuleTextList,
});

/** An RE2 pattern, matched (unanchored, case-insensitively) against the normalized description. */
export const RuleDescriptionRegexCondition = Type.Object({
  field: Type.Literal('description'),
  op: Type.Literal('matches_regex'),
  value: Type.String({
    maxLength: 500,
    description: 'RE2 syntax: no backreferences or lookaround; case-insensitive, unanchored',
  }),
});

/** The signed amount compared with `value`: `lt "-100"` is more than 100.00 out. */
export const RuleAmountCompareCondition = Type.Object({
  field: Type.Literal('amount'),
  op: Type.Union([Type.Literal('equals'), Type.Literal('gt'), Type.Literal('lt')]),
  value: RuleAmount,
});

/** The signed amount between `min` and `max`, inclusive: 10.00 to 15.00 out is min "-15", max "-10". */
export const RuleAmountBetweenCondition = Type.Object({
  field: Type.Literal('amount'),
  op: Type.Literal('between'),
  min: RuleAmount,
  max: RuleAmount,
});

/** Any amount in one direction. */
export const RuleAmountSignCondition = Type.Object({
  field: Type.Literal('amount'),
  op: Type.Literal('sign'),
  value: RuleAmountSign,
});

/** ISO dates, inclusive at both ends. */
export const RuleDateBetweenCondition = Type.Object({
  field: Type.Literal('date'),
  op: Type.Literal('between'),
  from: RuleDate,
  to: RuleDate,
});

/** Matches when the transaction's day of month is one of `values` (1–31). */
export const RuleDayOfMonthCondition = Type.Object({
  field: Type.Literal('date'),
  op: Type.Literal('day_of_month'),
  values: Type.Array(Type.Integer({ minimum: 1, maximum: 31 }), { maxItems: 31 }),
});

/**
 * account: the account id; statement: the statement (import session) id; bank_source: the bank profile
 * id such as `standard_bank` (case-insensitive); currency: ISO 4217 code (case-insensitive).
 */
export const RuleReferenceField = Type.Union([
  Type.Literal('account'),
  Type.Literal('statement'),
  Type.Literal('bank_source'),
  Type.Literal('currency'),
]);

export const RuleReferenceEqualsCondition = Type.Object({
  field: RuleReferenceField,
  op: Type.Literal('equals'),
  value: RuleIdentifier,
});

export const RuleReferenceOneOfCondition = Type.Object({
  field: RuleReferenceField,
  op: Type.Literal('one_of'),
  values: Type.Array(RuleIdentifier, { maxItems: 1000 }),
});

// String-valued variants come before the one integer list (day_of_month), so that a validator that
// coerces types while trying the variants in order never turns a string list into numbers.
export const RuleCondition = Type.Union(
  [
    RuleDescriptionTextCondition,
    RuleDescriptionOneOfCondition,
    RuleDescriptionRegexCondition,
    RuleAmountCompareCondition,
    RuleAmountBetweenCondition,
    RuleAmountSignCondition,
    RuleDateBetweenCondition,
    RuleReferenceEqualsCondition,
    RuleReferenceOneOfCondition,
    RuleDayOfMonthCondition,
  ],
  { description: 'One test on a transaction: `field` and `op` select the variant' },
);
export type RuleCondition = Static<typeof RuleCondition>;

export const RuleGroupMatch = Type.Union([Type.Literal('all'), Type.Literal('any')]);

/** A group inside the top-level group: conditions only (one level of nesting). */
export const RuleNestedConditionGroup = Type.Object({
  match: RuleGroupMatch,
  conditions: Type.Array(RuleCondition, { maxItems: 100 }),
});
export type RuleNestedConditionGroup = Static<typeof RuleNestedConditionGroup>;

export const RuleConditionGroup = Type.Object(
  {
    match: RuleGroupMatch,
    conditions: Type.Array(Type.Union([RuleCondition, RuleNestedConditionGroup]), { maxItems: 100 }),
  },
  {
    description:
      'all: every condition holds; any: at least one. An item is a condition or a nested group of conditions.',
  },
);
export type RuleConditionGroup = Static<typeof RuleConditionGroup>;

export const RuleSetCategoryAction = Type.Object({
  type: Type.Literal('set_category'),
  category_id: RuleIdentifier,
});
export const RuleAddTagsAction = Type.Object({
  type: Type.Literal('add_tags'),
  tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
});
export const RuleSetPayeeAction = Type.Object({
  type: Type.Literal('set_payee'),
  payee: Type.String({ maxLength: 200 }),
});
export const RuleSetNoteAction = Type.Object({
  type: Type.Literal('set_note'),
  note: Type.String({ maxLength: 1000 }),
});

export const RuleAction = Type.Union([
  RuleSetCategoryAction,
  RuleAddTagsAction,
  RuleSetPayeeAction,
  RuleSetNoteAction,
]);
export type RuleAction = Static<typeof RuleAction>;

const RuleConditions = RuleConditionGroup;
const RuleActions = Type.Array(RuleAction, {
  maxItems: 20,
  description: 'At least one; set_category, set_payee and set_note at most once each',
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
  starter_key: Nullable(
    Type.String({
      description: 'The starter rule this was created from (POST /rules/starter); null for your own',
    }),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type RuleView = Static<typeof RuleView>;

export const RuleList = Type.Object({ items: Type.Array(RuleView) });

export const StarterRulesResult = Type.Object({
  added: Type.Array(RuleView, { description: 'The starter rules added now, after your other rules' }),
  already_present: Type.Integer({
    description: 'Starter rules you already have (edited or not): left alone',
  }),
  skipped: Type.Array(
    Type.Object({
      starter_key: Type.String(),
      name: Type.String(),
      category_key: Type.String({ description: 'The starter category it files into, which you deleted' }),
    }),
    { description: 'Starter rules not added because their category is gone' },
  ),
});
export type StarterRulesResult = Static<typeof StarterRulesResult>;

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
