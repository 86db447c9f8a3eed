/**
 * The stored and transported shape of a categorization rule, as TypeBox schemas: plain JSON (it lives in
 * a jsonb column and travels over HTTP as is), snake_case like the rest of the HTTP API. The HTTP layer
 * reuses these schemas for the shape; `validateRule` (validate.ts) adds what a schema cannot say
 * (RE2-compatible patterns, min ≤ max, real calendar dates).
 *
 * Amounts are integer minor units of the transaction's currency, compared as absolute values; the
 * optional `sign` says which direction (money_in: amount > 0, money_out: amount < 0).
 */
import { Type, type Static } from 'typebox';

/** 500 characters is far beyond any real bank description or merchant name, and caps compile cost. */
const Text = Type.String({ maxLength: 500 });
const TextList = Type.Array(Text, { maxItems: 1000 });
const Identifier = Type.String({ minLength: 1, maxLength: 200 });
const MinorUnits = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const AmountSign = Type.Union([Type.Literal('money_in'), Type.Literal('money_out')]);
export type AmountSign = Static<typeof AmountSign>;

export const DescriptionTextCondition = Type.Object({
  field: Type.Literal('description'),
  op: Type.Union([
    Type.Literal('contains'),
    Type.Literal('not_contains'),
    Type.Literal('equals'),
    Type.Literal('starts_with'),
    Type.Literal('ends_with'),
  ]),
  value: Text,
});

export const DescriptionOneOfCondition = Type.Object({
  field: Type.Literal('description'),
  op: Type.Literal('one_of'),
  values: TextList,
});

/** An RE2 pattern, matched (unanchored, case-insensitively) against the normalized description. */
export const DescriptionRegexCondition = Type.Object({
  field: Type.Literal('description'),
  op: Type.Literal('matches_regex'),
  value: Text,
});

export const AmountCompareCondition = Type.Object({
  field: Type.Literal('amount'),
  op: Type.Union([Type.Literal('equals'), Type.Literal('gt'), Type.Literal('lt')]),
  value: MinorUnits,
  sign: Type.Optional(AmountSign),
});

/** Inclusive at both ends. */
export const AmountBetweenCondition = Type.Object({
  field: Type.Literal('amount'),
  op: Type.Literal('between'),
  min: MinorUnits,
  max: MinorUnits,
  sign: Type.Optional(AmountSign),
});

export const AmountSignCondition = Type.Object({
  field: Type.Literal('amount'),
  op: Type.Literal('sign'),
  value: AmountSign,
});

/** ISO dates, inclusive at both ends. */
export const DateBetweenCondition = Type.Object({
  field: Type.Literal('date'),
  op: Type.Literal('between'),
  from: IsoDate,
  to: IsoDate,
});

/** Matches when the transaction's day of month is one of `values` (1–31). */
export const DayOfMonthCondition = Type.Object({
  field: Type.Literal('date'),
  op: Type.Literal('day_of_month'),
  values: Type.Array(Type.Integer({ minimum: 1, maximum: 31 }), { maxItems: 31 }),
});

/**
 * account: the account id; statement: the statement (import session) id; bank_source: the bank profile
 * id such as `standard_bank` (case-insensitive); currency: ISO 4217 code (case-insensitive).
 */
const ReferenceField = Type.Union([
  Type.Literal('account'),
  Type.Literal('statement'),
  Type.Literal('bank_source'),
  Type.Literal('currency'),
]);
export type ReferenceField = Static<typeof ReferenceField>;

export const ReferenceEqualsCondition = Type.Object({
  field: ReferenceField,
  op: Type.Literal('equals'),
  value: Identifier,
});

export const ReferenceOneOfCondition = Type.Object({
  field: ReferenceField,
  op: Type.Literal('one_of'),
  values: Type.Array(Identifier, { maxItems: 1000 }),
});

export const Condition = Type.Union([
  DescriptionTextCondition,
  DescriptionOneOfCondition,
  DescriptionRegexCondition,
  AmountCompareCondition,
  AmountBetweenCondition,
  AmountSignCondition,
  DateBetweenCondition,
  DayOfMonthCondition,
  ReferenceEqualsCondition,
  ReferenceOneOfCondition,
]);
export type Condition = Static<typeof Condition>;

export const GroupMatch = Type.Union([Type.Literal('all'), Type.Literal('any')]);

/** A group inside the top-level group: conditions only (one level of nesting is enough, issue 6). */
export const NestedConditionGroup = Type.Object({
  match: GroupMatch,
  conditions: Type.Array(Condition, { maxItems: 100 }),
});
export type NestedConditionGroup = Static<typeof NestedConditionGroup>;

export const ConditionGroup = Type.Object({
  match: GroupMatch,
  conditions: Type.Array(Type.Union([Condition, NestedConditionGroup]), { maxItems: 100 }),
});
export type ConditionGroup = Static<typeof ConditionGroup>;

export const SetCategoryAction = Type.Object({ type: Type.Literal('set_category'), category_id: Identifier });
export const AddTagsAction = Type.Object({
  type: Type.Literal('add_tags'),
  tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
});
export const SetPayeeAction = Type.Object({
  type: Type.Literal('set_payee'),
  payee: Type.String({ maxLength: 200 }),
});
export const SetNoteAction = Type.Object({
  type: Type.Literal('set_note'),
  note: Type.String({ maxLength: 1000 }),
});

export const Action = Type.Union([SetCategoryAction, AddTagsAction, SetPayeeAction, SetNoteAction]);
export type Action = Static<typeof Action>;

const ruleHeaderFields = {
  id: Identifier,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** Lower runs first; ties are broken by `id` (code-unit order), so the order never depends on storage. */
  priority: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
  active: Type.Boolean(),
  /** When this rule matches, no later rule runs for that transaction. */
  stop_processing: Type.Boolean(),
};

/** A rule without its conditions and actions: validateRule checks those one by one, for precise messages. */
export const RuleHeader = Type.Object(ruleHeaderFields);

export const Rule = Type.Object({
  ...ruleHeaderFields,
  conditions: ConditionGroup,
  actions: Type.Array(Action, { maxItems: 20 }),
});
export type Rule = Static<typeof Rule>;
