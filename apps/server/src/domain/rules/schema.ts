/**
 * The stored and transported shape of a categorization rule. Conditions and actions are the HTTP API's
 * own TypeBox schemas (packages/contracts, categorization.ts: plain JSON, snake_case), so the OpenAPI
 * document, the request check and the jsonb column agree; here they get the engine's short names and the
 * rule's header (id, priority…). `validateRule` (validate.ts) adds what a schema cannot say
 * (RE2-compatible patterns, min ≤ max, real calendar dates).
 *
 * Amounts are signed decimal strings in the transaction's currency (money in positive, money out
 * negative), compared with the signed amount; the `sign` condition tests only the direction.
 */
import {
  RuleAction,
  RuleAmountSign,
  RuleCondition,
  RuleConditionGroup,
  RuleGroupMatch,
  RuleNestedConditionGroup,
  type RuleReferenceField,
} from '@ledgerflow/contracts';
import { Type, type Static } from 'typebox';

export const AmountSign = RuleAmountSign;
export type AmountSign = Static<typeof RuleAmountSign>;
export type ReferenceField = Static<typeof RuleReferenceField>;
export const Condition = RuleCondition;
export type Condition = Static<typeof RuleCondition>;
export const GroupMatch = RuleGroupMatch;
export const NestedConditionGroup = RuleNestedConditionGroup;
export type NestedConditionGroup = Static<typeof RuleNestedConditionGroup>;
export const ConditionGroup = RuleConditionGroup;
export type ConditionGroup = Static<typeof RuleConditionGroup>;
export const Action = RuleAction;
export type Action = Static<typeof RuleAction>;

const ruleHeaderFields = {
  id: Type.String({ minLength: 1, maxLength: 200 }),
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
