/**
 * The engine's shortcuts (literal index, rule gates, regex prefilters, reordered conditions) must not
 * change any result: random rules and transactions, checked against a plain evaluator written straight
 * from the documented semantics.
 */
import { describe, expect, it } from 'vitest';
import { compileRules, evaluate, type RuleSubject } from './engine.js';
import { compilePattern } from './regex.js';
import type { Condition, ConditionGroup, NestedConditionGroup, Rule } from './schema.js';
import { normalizeText } from './text.js';
import { seeded } from '../../../test/generators/random.js';

function plainTest(condition: Condition, subject: RuleSubject): boolean {
  const text = normalizeText(subject.description);
  // The generated amounts are whole rand and transactions ZAR, so a decimal × 100 is exact.
  const amount = subject.amountMinor;
  const minor = (text: string) => Math.round(Number(text) * 100);
  const signOk = (sign: string) => (sign === 'money_in' ? amount > 0 : amount < 0);
  if (condition.field === 'description') {
    if (condition.op === 'one_of') return condition.values.map(normalizeText).includes(text);
    if (condition.op === 'matches_regex') {
      const compiled = compilePattern(condition.value);
      return compiled.ok && compiled.regex.test(text);
    }
    const value = normalizeText(condition.value);
    if (condition.op === 'contains') return text.includes(value);
    if (condition.op === 'not_contains') return !text.includes(value);
    if (condition.op === 'equals') return text === value;
    if (condition.op === 'starts_with') return text.startsWith(value);
    return text.endsWith(value);
  }
  if (condition.field === 'amount') {
    if (condition.op === 'sign') return signOk(condition.value);
    if (condition.op === 'between') return amount >= minor(condition.min) && amount <= minor(condition.max);
    if (condition.op === 'gt') return amount > minor(condition.value);
    if (condition.op === 'lt') return amount < minor(condition.value);
    return amount === minor(condition.value);
  }
  throw new Error(`not generated: ${condition.field}`);
}

function plainGroup(group: ConditionGroup | NestedConditionGroup, subject: RuleSubject): boolean {
  const results = group.conditions.map((item) =>
    'match' in item ? plainGroup(item, subject) : plainTest(item, subject),
  );
  return group.match === 'all' ? results.every(Boolean) : results.some(Boolean);
}

function plainMatches(rules: Rule[], subject: RuleSubject): string[] {
  const sorted = rules
    .filter((rule) => rule.active)
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
  const matched: string[] = [];
  for (const rule of sorted) {
    if (!plainGroup(rule.conditions, subject)) continue;
    matched.push(rule.id);
    if (rule.stop_processing) break;
  }
  return matched;
}

const WORDS = ['uber', 'eats', 'uber eats', 'pos', 'shell', 'shel', 'she', 'hell', 'café', 'a'];
const PATTERNS = [
  'uber\\s*eats',
  'sh?ell|caf',
  '^pos',
  '(?:pos|eats)$',
  '\\d{3}',
  'e+a',
  'hel+o?',
  '(uber|shell) \\d',
];

function randomCondition(next: (below: number) => number): Condition {
  const word = () => WORDS[next(WORDS.length)]!;
  switch (next(9)) {
    case 0:
      return { field: 'description', op: 'not_contains', value: word() };
    case 1:
      return { field: 'description', op: 'equals', value: word() };
    case 2:
      return { field: 'description', op: 'starts_with', value: word() };
    case 3:
      return { field: 'description', op: 'ends_with', value: word() };
    case 4:
      return { field: 'description', op: 'one_of', values: [word(), word()] };
    case 5:
    case 6:
      return { field: 'description', op: 'matches_regex', value: PATTERNS[next(PATTERNS.length)]! };
    case 7:
      return { field: 'amount', op: next(2) === 0 ? 'gt' : 'lt', value: String(next(20) - 10) };
    default:
      return { field: 'description', op: 'contains', value: word() };
  }
}

function randomRule(index: number, next: (below: number) => number): Rule {
  const conditions: ConditionGroup['conditions'] = Array.from({ length: 1 + next(3) }, () =>
    next(4) === 0
      ? { match: next(2) === 0 ? 'all' : 'any', conditions: [randomCondition(next), randomCondition(next)] }
      : randomCondition(next),
  );
  return {
    id: `r${index}`,
    name: `rule ${index}`,
    priority: next(5),
    active: next(10) !== 0,
    stop_processing: next(8) === 0,
    conditions: { match: next(2) === 0 ? 'all' : 'any', conditions },
    actions: [{ type: 'add_tags', tags: [`t${index}`] }],
  };
}

describe('engine shortcuts', () => {
  it('agree with a plain evaluator on random rules and transactions', () => {
    const next = seeded(5).below;
    let matches = 0;
    for (let round = 0; round < 60; round++) {
      const rules = Array.from({ length: 1 + next(15) }, (_, index) => randomRule(index, next));
      const engine = compileRules(rules);
      expect(engine.skipped).toEqual([]);
      for (let sample = 0; sample < 40; sample++) {
        const description = Array.from(
          { length: next(5) },
          () => [...WORDS, 'x', '123', '  '][next(WORDS.length + 3)],
        ).join(' ');
        const subject = { description, amountMinor: next(2000) - 1000, currency: 'ZAR', date: '2024-01-01' };
        const expected = plainMatches(rules, subject);
        matches += expected.length;
        expect(
          evaluate(engine, subject).matchedRuleIds,
          `${JSON.stringify(rules)} on ${description}`,
        ).toEqual(expected);
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });
});
