import { describe, expect, it } from 'vitest';
import { compileRules, evaluate, evaluateBatch, type RuleSubject } from './engine.js';
import type { Action, Condition, ConditionGroup, Rule } from './schema.js';

const subject = (overrides: Partial<RuleSubject> = {}): RuleSubject => ({
  description: 'POS PURCHASE  Woolworths   Cape Town 4411',
  amountMinor: -125_50,
  currency: 'ZAR',
  date: '2024-05-15',
  accountId: 'acc-1',
  statementId: 'stmt-1',
  bankSource: 'standard_bank',
  ...overrides,
});

let counter = 0;
const rule = (conditions: ConditionGroup['conditions'], overrides: Partial<Rule> = {}): Rule => ({
  id: `r${++counter}`,
  name: 'rule',
  priority: 0,
  active: true,
  stop_processing: false,
  conditions: { match: 'all', conditions },
  actions: [{ type: 'set_category', category_id: 'hit' }],
  ...overrides,
});

const matches = (condition: Condition, overrides: Partial<RuleSubject> = {}): boolean => {
  const engine = compileRules([rule([condition])]);
  expect(engine.skipped).toEqual([]);
  return evaluate(engine, subject(overrides)).categoryId === 'hit';
};

describe('description conditions (case- and space-insensitive)', () => {
  it.each<[Condition, boolean]>([
    [{ field: 'description', op: 'contains', value: 'WOOLWORTHS cape' }, true],
    [{ field: 'description', op: 'contains', value: 'checkers' }, false],
    [{ field: 'description', op: 'not_contains', value: 'checkers' }, true],
    [{ field: 'description', op: 'not_contains', value: 'woolworths' }, false],
    [{ field: 'description', op: 'equals', value: ' pos purchase woolworths cape  town 4411 ' }, true],
    [{ field: 'description', op: 'equals', value: 'pos purchase woolworths' }, false],
    [{ field: 'description', op: 'starts_with', value: 'Pos  Purchase' }, true],
    [{ field: 'description', op: 'starts_with', value: 'woolworths' }, false],
    [{ field: 'description', op: 'ends_with', value: 'TOWN 4411' }, true],
    [{ field: 'description', op: 'ends_with', value: 'cape town' }, false],
    [{ field: 'description', op: 'one_of', values: ['x', 'POS PURCHASE WOOLWORTHS CAPE TOWN 4411'] }, true],
    [{ field: 'description', op: 'one_of', values: ['woolworths'] }, false],
    [{ field: 'description', op: 'matches_regex', value: 'WOOL(worths|co) cape town \\d{4}$' }, true],
    [{ field: 'description', op: 'matches_regex', value: '^woolworths' }, false],
    [{ field: 'description', op: 'matches_regex', value: '\\d{5}' }, false],
  ])('%j → %s', (condition, expected) => {
    expect(matches(condition)).toBe(expected);
  });

  it('runs a catastrophic-backtracking pattern on a hostile 50,000-character description', () => {
    const engine = compileRules([rule([{ field: 'description', op: 'matches_regex', value: '(a+)+$' }])]);
    expect(evaluate(engine, subject({ description: 'a'.repeat(50_000) + '!' })).matchedRuleIds).toEqual([]);
    expect(evaluate(engine, subject({ description: '!' + 'a'.repeat(50_000) })).matchedRuleIds).toHaveLength(
      1,
    );
  });

  it('runs hostile patterns without a literal (evaluated together as a set) on hostile text', () => {
    const engine = compileRules([
      rule([{ field: 'description', op: 'matches_regex', value: '([a-z]+)+$' }], { id: 'letters' }),
      rule([{ field: 'description', op: 'matches_regex', value: '(\\w|\\w\\w)*[0-9]$' }], {
        id: 'digit-end',
      }),
    ]);
    const hostile = 'a'.repeat(50_000) + '!';
    expect(evaluate(engine, subject({ description: hostile })).matchedRuleIds).toEqual([]);
    expect(evaluate(engine, subject({ description: hostile + 'b7' })).matchedRuleIds).toEqual(['digit-end']);
    expect(evaluate(engine, subject({ description: hostile + 'b' })).matchedRuleIds).toEqual(['letters']);
  });
});

describe('amount, date and reference conditions', () => {
  it.each<[Condition, Partial<RuleSubject>, boolean]>([
    // Signed decimals in the transaction's currency; the subject is 125.50 out.
    [{ field: 'amount', op: 'equals', value: '-125.50' }, {}, true],
    [{ field: 'amount', op: 'equals', value: '-125.5' }, {}, true],
    [{ field: 'amount', op: 'equals', value: '125.50' }, {}, false],
    [{ field: 'amount', op: 'equals', value: '125.50' }, { amountMinor: 125_50 }, true],
    [{ field: 'amount', op: 'lt', value: '-100' }, {}, true],
    [{ field: 'amount', op: 'gt', value: '-100' }, {}, false],
    [{ field: 'amount', op: 'gt', value: '-125.51' }, {}, true],
    [{ field: 'amount', op: 'gt', value: '-125.50' }, {}, false],
    [{ field: 'amount', op: 'lt', value: '-125.50' }, {}, false],
    [{ field: 'amount', op: 'lt', value: '0' }, {}, true],
    [{ field: 'amount', op: 'between', min: '-125.50', max: '-125.50' }, {}, true],
    [{ field: 'amount', op: 'between', min: '-200', max: '-130' }, {}, false],
    [{ field: 'amount', op: 'between', min: '0', max: '200' }, {}, false],
    [{ field: 'amount', op: 'between', min: '0', max: '200' }, { amountMinor: 150_00 }, true],
    // Three decimals fall between cents: compared exactly, never rounded.
    [{ field: 'amount', op: 'gt', value: '-125.505' }, {}, true],
    [{ field: 'amount', op: 'gt', value: '-125.495' }, {}, false],
    [{ field: 'amount', op: 'lt', value: '-125.495' }, {}, true],
    [{ field: 'amount', op: 'equals', value: '-125.505' }, {}, false],
    // Read in the transaction's own currency: yen have no decimals, dinars three.
    [{ field: 'amount', op: 'equals', value: '-12550' }, { currency: 'JPY', amountMinor: -12550 }, true],
    [{ field: 'amount', op: 'gt', value: '12.5' }, { currency: 'JPY', amountMinor: 13 }, true],
    [{ field: 'amount', op: 'gt', value: '12.5' }, { currency: 'JPY', amountMinor: 12 }, false],
    [{ field: 'amount', op: 'equals', value: '12.5' }, { currency: 'JPY', amountMinor: 12 }, false],
    [{ field: 'amount', op: 'equals', value: '-1.005' }, { currency: 'KWD', amountMinor: -1005 }, true],
    [
      { field: 'amount', op: 'between', min: '-1.005', max: '-1' },
      { currency: 'BHD', amountMinor: -1001 },
      true,
    ],
    [
      { field: 'amount', op: 'gt', value: '999999999999999.999' },
      { amountMinor: Number.MAX_SAFE_INTEGER },
      false,
    ],
    [
      { field: 'amount', op: 'lt', value: '-999999999999999.999' },
      { amountMinor: -Number.MAX_SAFE_INTEGER },
      false,
    ],
    [{ field: 'amount', op: 'sign', value: 'money_out' }, {}, true],
    [{ field: 'amount', op: 'sign', value: 'money_in' }, {}, false],
    [{ field: 'amount', op: 'sign', value: 'money_in' }, { amountMinor: 0 }, false],
    [{ field: 'amount', op: 'sign', value: 'money_out' }, { amountMinor: 0 }, false],
    [{ field: 'date', op: 'between', from: '2024-05-15', to: '2024-05-15' }, {}, true],
    [{ field: 'date', op: 'between', from: '2024-05-16', to: '2024-06-01' }, {}, false],
    [{ field: 'date', op: 'day_of_month', values: [1, 15] }, {}, true],
    [{ field: 'date', op: 'day_of_month', values: [14, 16] }, {}, false],
    [{ field: 'account', op: 'equals', value: 'acc-1' }, {}, true],
    [{ field: 'account', op: 'one_of', values: ['acc-2', 'acc-3'] }, {}, false],
    [{ field: 'account', op: 'equals', value: 'acc-1' }, { accountId: undefined }, false],
    [{ field: 'statement', op: 'one_of', values: ['stmt-0', 'stmt-1'] }, {}, true],
    [{ field: 'statement', op: 'equals', value: 'stmt-2' }, {}, false],
    [{ field: 'bank_source', op: 'equals', value: 'Standard_Bank' }, {}, true],
    [{ field: 'bank_source', op: 'one_of', values: ['fnb', 'absa'] }, {}, false],
    [{ field: 'currency', op: 'equals', value: 'zar' }, {}, true],
    [{ field: 'currency', op: 'one_of', values: ['USD', 'EUR'] }, { currency: 'usd' }, true],
    [{ field: 'currency', op: 'one_of', values: ['USD', 'EUR'] }, {}, false],
  ])('%j on %j → %s', (condition, overrides, expected) => {
    expect(matches(condition, overrides)).toBe(expected);
  });
});

describe('groups', () => {
  const contains = (value: string): Condition => ({ field: 'description', op: 'contains', value });
  const bigOut: Condition = { field: 'amount', op: 'lt', value: '-1000' };

  it('all needs every condition, any needs one, one level of nesting combines them', () => {
    const check = (conditions: ConditionGroup['conditions'], match: 'all' | 'any', overrides = {}) =>
      evaluate(compileRules([rule(conditions, { conditions: { match, conditions } })]), subject(overrides))
        .matchedRuleIds.length === 1;
    expect(check([contains('woolworths'), contains('cape')], 'all')).toBe(true);
    expect(check([contains('woolworths'), contains('durban')], 'all')).toBe(false);
    expect(check([contains('checkers'), contains('durban')], 'any')).toBe(false);
    expect(check([contains('checkers'), contains('cape')], 'any')).toBe(true);
    // An `any` with an ungated branch (amount) must still match descriptions without its literals.
    expect(check([contains('checkers'), bigOut], 'any', { amountMinor: -2000_00 })).toBe(true);
    const nested = { match: 'any' as const, conditions: [contains('checkers'), bigOut] };
    expect(check([contains('woolworths'), nested], 'all', { amountMinor: -2000_00 })).toBe(true);
    expect(check([contains('woolworths'), nested], 'all')).toBe(false);
  });
});

describe('actions, order and stop_processing', () => {
  const on = (value: string): ConditionGroup['conditions'] => [
    { field: 'description', op: 'contains', value },
  ];
  const act = (...actions: Action[]) => ({ actions });

  it('applies every action kind; first to set a field wins, tags accumulate without duplicates', () => {
    const engine = compileRules([
      rule(on('woolworths'), {
        id: 'a',
        priority: 1,
        ...act(
          { type: 'set_category', category_id: 'groceries' },
          { type: 'add_tags', tags: ['Food', ' weekly  shop '] },
        ),
      }),
      rule(on('cape town'), {
        id: 'b',
        priority: 2,
        ...act(
          { type: 'set_category', category_id: 'travel' },
          { type: 'set_payee', payee: ' Woolworths ' },
          { type: 'add_tags', tags: ['food', 'cpt'] },
        ),
      }),
      rule(on('pos'), {
        id: 'c',
        priority: 3,
        ...act({ type: 'set_payee', payee: 'Other' }, { type: 'set_note', note: 'card' }),
      }),
    ]);
    expect(evaluate(engine, subject())).toEqual({
      matchedRuleIds: ['a', 'b', 'c'],
      categoryId: 'groceries',
      payee: 'Woolworths',
      note: 'card',
      tags: ['Food', 'weekly shop', 'cpt'],
      setBy: { categoryId: 'a', payee: 'b', note: 'c' },
    });
  });

  it('orders by priority, then id, whatever the input order', () => {
    const rules = [
      rule(on('pos'), { id: 'b', priority: 5, ...act({ type: 'set_category', category_id: 'b' }) }),
      rule(on('pos'), { id: 'a', priority: 5, ...act({ type: 'set_category', category_id: 'a' }) }),
      rule(on('pos'), { id: 'z', priority: -1, ...act({ type: 'set_category', category_id: 'z' }) }),
      rule(on('pos'), { id: 'B', priority: 5, ...act({ type: 'set_category', category_id: 'B' }) }),
    ];
    for (const order of [rules, [...rules].reverse(), [rules[2]!, rules[0]!, rules[3]!, rules[1]!]]) {
      const engine = compileRules(order);
      expect(engine.ruleIds).toEqual(['z', 'B', 'a', 'b']);
      expect(evaluate(engine, subject()).matchedRuleIds).toEqual(['z', 'B', 'a', 'b']);
    }
  });

  it('stops after a matching rule with stop_processing, and only then', () => {
    const engine = compileRules([
      rule(on('checkers'), { id: 'a', priority: 1, stop_processing: true }),
      rule(on('woolworths'), {
        id: 'b',
        priority: 2,
        stop_processing: true,
        ...act({ type: 'add_tags', tags: ['x'] }),
      }),
      rule(on('pos'), { id: 'c', priority: 3, ...act({ type: 'add_tags', tags: ['y'] }) }),
    ]);
    expect(evaluate(engine, subject())).toMatchObject({ matchedRuleIds: ['b'], tags: ['x'] });
    expect(evaluate(engine, subject({ description: 'POS other' }))).toMatchObject({
      matchedRuleIds: ['c'],
      tags: ['y'],
    });
  });

  it('leaves out inactive rules, and invalid or duplicate ones with their problems', () => {
    const badRegex = rule([{ field: 'description', op: 'matches_regex', value: '(?=x)' }], { id: 'bad' });
    const engine = compileRules([
      rule(on('pos'), { id: 'off', active: false }),
      badRegex,
      rule(on('pos'), { id: 'dup' }),
      rule(on('woolworths'), { id: 'dup' }),
    ]);
    expect(engine.ruleIds).toEqual(['dup']);
    expect(engine.skipped.map((skip) => [skip.ruleId, skip.problems.map((problem) => problem.code)])).toEqual(
      [
        ['bad', ['REGEX_UNSUPPORTED']],
        ['dup', ['DUPLICATE_ID']],
      ],
    );
    expect(evaluate(engine, subject({ description: 'pos' })).matchedRuleIds).toEqual(['dup']);
  });

  it('gives the same outcomes in a batch as one by one', () => {
    const engine = compileRules([
      rule(on('woolworths'), { id: 'a', ...act({ type: 'add_tags', tags: ['w'] }) }),
      rule([{ field: 'description', op: 'matches_regex', value: 'uber\\s*eats' }], { id: 'b' }),
    ]);
    const subjects = ['Woolworths', 'UBER   EATS', 'Uber trip', 'woolworths uber eats'].map((d) =>
      subject({ description: d }),
    );
    const batch = evaluateBatch(engine, subjects);
    expect(batch.map((outcome) => outcome.matchedRuleIds)).toEqual([['a'], ['b'], [], ['a', 'b']]);
    expect(batch).toEqual(subjects.map((s) => evaluate(engine, s)));
  });
});
