import type { RuleOutcome, RuleSubject } from '../domain/rules/index.js';
import type { CategorizableFields, CategorizableRow } from '../repositories/index.js';

export const subjectOf = (row: CategorizableRow): RuleSubject => ({
  description: row.description,
  amountMinor: row.amountMinor,
  currency: row.currency,
  date: row.date,
  accountId: row.accountId,
  statementId: row.statementId,
  bankSource: row.bankSource,
});

export const fieldsOf = (row: CategorizableRow): CategorizableFields => ({
  categoryId: row.categoryId,
  categorySource: row.categorySource,
  ruleId: row.ruleId,
  tags: row.tags,
  payee: row.payee,
  note: row.note,
});

/**
 * What the rules' outcome makes of one transaction, or undefined when nothing changes. Rules set; they
 * never clear: no matching category rule leaves the category as it is. A category the organization no
 * longer has (deleted after the rule was saved) is ignored. Tags are added (ignoring case), payee and
 * note replaced when a rule sets them.
 */
export function planChange(
  row: CategorizableRow,
  outcome: RuleOutcome,
  categories: ReadonlySet<string>,
): CategorizableFields | undefined {
  if (outcome.matchedRuleIds.length === 0) return undefined;
  const before = fieldsOf(row);
  const after = { ...before };
  if (outcome.categoryId !== undefined && categories.has(outcome.categoryId)) {
    after.categoryId = outcome.categoryId;
    after.categorySource = 'rule';
    after.ruleId = outcome.setBy.categoryId ?? null;
  }
  if (outcome.tags.length > 0) {
    const seen = new Set(before.tags.map((tag) => tag.toLowerCase()));
    const added = outcome.tags.filter((tag) => !seen.has(tag.toLowerCase()));
    if (added.length > 0) after.tags = [...before.tags, ...added];
  }
  if (outcome.payee !== undefined) after.payee = outcome.payee;
  if (outcome.note !== undefined) after.note = outcome.note;
  const same =
    after.categoryId === before.categoryId &&
    after.categorySource === before.categorySource &&
    after.ruleId === before.ruleId &&
    after.tags === before.tags &&
    after.payee === before.payee &&
    after.note === before.note;
  return same ? undefined : after;
}
