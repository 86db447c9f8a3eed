import { describe, expect, it } from 'vitest';
import type { Rule } from './schema.js';
import { validateConditionsAndActions, validateRule } from './validate.js';

const valid: Rule = {
  id: 'r1',
  name: 'Groceries',
  priority: 10,
  active: true,
  stop_processing: false,
  conditions: {
    match: 'all',
    conditions: [
      { field: 'description', op: 'matches_regex', value: 'woolworths|checkers' },
      {
        match: 'any',
        conditions: [{ field: 'amount', op: 'between', min: '-500', max: '0.00' }],
      },
    ],
  },
  actions: [
    { type: 'set_category', category_id: 'groceries' },
    { type: 'add_tags', tags: ['food'] },
  ],
};

const withCondition = (condition: unknown) => ({
  ...valid,
  conditions: { match: 'all', conditions: [condition] },
});
const codesAndPaths = (input: unknown) => validateRule(input).map((problem) => [problem.code, problem.path]);

describe('validateRule', () => {
  it('accepts a complete rule', () => {
    expect(validateRule(valid)).toEqual([]);
  });

  it.each([
    [
      'a backreference',
      { field: 'description', op: 'matches_regex', value: '(uber)\\1' },
      'REGEX_UNSUPPORTED',
    ],
    [
      'a lookahead',
      { field: 'description', op: 'matches_regex', value: 'uber(?!eats)' },
      'REGEX_UNSUPPORTED',
    ],
    [
      'a lookbehind',
      { field: 'description', op: 'matches_regex', value: '(?<=pos )uber' },
      'REGEX_UNSUPPORTED',
    ],
    ['invalid syntax', { field: 'description', op: 'matches_regex', value: '(uber' }, 'REGEX_INVALID'],
    ['a blank contains', { field: 'description', op: 'contains', value: '   ' }, 'EMPTY_TEXT'],
  ])('rejects %s at the pattern', (_, condition, code) => {
    expect(codesAndPaths(withCondition(condition))).toEqual([[code, '/conditions/conditions/0/value']]);
  });

  it('explains a rejected regex in words', () => {
    const [problem] = validateRule(
      withCondition({ field: 'description', op: 'matches_regex', value: '(a)\\1' }),
    );
    expect(problem?.message).toMatch(/Backreferences .* not supported: rules use RE2/);
  });

  it.each([
    ['an empty one_of', { field: 'description', op: 'one_of', values: [] }, [['EMPTY_LIST', '/values']]],
    [
      'a blank one_of value',
      { field: 'description', op: 'one_of', values: ['a', ' '] },
      [['EMPTY_TEXT', '/values/1']],
    ],
    ['an empty account list', { field: 'account', op: 'one_of', values: [] }, [['EMPTY_LIST', '/values']]],
    ['no days', { field: 'date', op: 'day_of_month', values: [] }, [['EMPTY_LIST', '/values']]],
    [
      'amount min > max',
      { field: 'amount', op: 'between', min: '-100', max: '-500' },
      [['RANGE_INVERTED', '/min']],
    ],
    [
      'from after to',
      { field: 'date', op: 'between', from: '2024-03-01', to: '2024-02-01' },
      [['RANGE_INVERTED', '/from']],
    ],
    [
      'a non-date',
      { field: 'date', op: 'between', from: '2024-02-30', to: '2024-03-01' },
      [['INVALID_DATE', '/from']],
    ],
    ['a bad currency', { field: 'currency', op: 'equals', value: 'RAND' }, [['INVALID_CURRENCY', '']]],
    ['a number for an amount', { field: 'amount', op: 'gt', value: -5 }, [['INVALID_VALUE', '/value']]],
    ['four decimals', { field: 'amount', op: 'equals', value: '10.5001' }, [['INVALID_VALUE', '/value']]],
    ['a comma decimal', { field: 'amount', op: 'equals', value: '10,50' }, [['INVALID_VALUE', '/value']]],
    ['day 32', { field: 'date', op: 'day_of_month', values: [32] }, [['INVALID_VALUE', '/values/0']]],
    ['an unknown sign', { field: 'amount', op: 'sign', value: 'sideways' }, [['INVALID_VALUE', '/value']]],
    ['an unknown operator', { field: 'description', op: 'contain', value: 'x' }, [['UNKNOWN_CONDITION', '']]],
    ['a missing value', { field: 'description', op: 'contains' }, [['INVALID_VALUE', '']]],
  ])('rejects %s', (_, condition, expected) => {
    const prefixed = expected.map(([code, path]) => [code, `/conditions/conditions/0${path}`]);
    expect(codesAndPaths(withCondition(condition))).toEqual(prefixed);
  });

  it('refuses fields a condition or action does not have in a request, but runs stored rules with them', () => {
    const request = (condition: unknown, action: unknown = { type: 'add_tags', tags: ['x'] }) =>
      validateConditionsAndActions({
        conditions: { match: 'all', conditions: [condition] },
        actions: [action],
      });
    const sign = request({ field: 'amount', op: 'lt', value: '10', sign: 'money_out' });
    expect(sign.map((p) => [p.code, p.path])).toEqual([['INVALID_VALUE', '/conditions/conditions/0/sign']]);
    expect(sign[0]?.message).toContain('"-12.50"');
    const nested = request({
      match: 'any',
      conditions: [{ field: 'description', op: 'contains', value: 'x', case_sensitive: true }],
    });
    expect(nested.map((p) => p.path)).toEqual(['/conditions/conditions/0/conditions/0/case_sensitive']);
    expect(
      request({ field: 'description', op: 'contains', value: 'x' }, { type: 'set_note', note: 'n', x: 1 }),
    ).toEqual([
      { path: '/actions/0/x', code: 'INVALID_VALUE', message: '"x" is not a field of this action.' },
    ]);
    expect(
      validateRule(withCondition({ field: 'description', op: 'contains', value: 'x', case_sensitive: true })),
    ).toEqual([]);
  });

  it('says how amounts are written to a rule sent the old way', () => {
    const old = { field: 'amount', op: 'between', min: 100, max: 500, sign: 'money_out' };
    const problems = validateRule(withCondition(old));
    expect(problems.map((p) => p.path)).toEqual([
      '/conditions/conditions/0/min',
      '/conditions/conditions/0/max',
      '/conditions/conditions/0/sign',
    ]);
    expect(problems[0]?.message).toContain('"-12.50"');
  });

  it('names the allowed values of a mistyped constant', () => {
    const [problem] = validateRule(withCondition({ field: 'amount', op: 'sign', value: 'sideways' }));
    expect(problem?.message).toBe('must be one of: money_in, money_out');
  });

  it('lists the known conditions for an unknown one', () => {
    const [problem] = validateRule(withCondition({ field: 'colour', op: 'equals', value: 'x' }));
    expect(problem?.message).toContain('description matches_regex');
  });

  it('checks conditions inside a nested group, and only one level deep', () => {
    const nested = { match: 'any', conditions: [{ field: 'amount', op: 'between', min: '9', max: '1' }] };
    expect(codesAndPaths(withCondition(nested))).toEqual([
      ['RANGE_INVERTED', '/conditions/conditions/0/conditions/0/min'],
    ]);
    const tooDeep = { match: 'any', conditions: [{ match: 'all', conditions: [] }] };
    expect(codesAndPaths(withCondition(tooDeep))).toEqual([
      ['UNKNOWN_CONDITION', '/conditions/conditions/0/conditions/0'],
    ]);
  });

  it('rejects empty groups', () => {
    expect(codesAndPaths({ ...valid, conditions: { match: 'all', conditions: [] } })).toEqual([
      ['EMPTY_GROUP', '/conditions/conditions'],
    ]);
    expect(codesAndPaths(withCondition({ match: 'any', conditions: [] }))).toEqual([
      ['EMPTY_GROUP', '/conditions/conditions/0/conditions'],
    ]);
  });

  it('checks actions', () => {
    const actions = [
      { type: 'set_category', category_id: 'a' },
      { type: 'set_category', category_id: 'b' },
      { type: 'add_tags', tags: [] },
      { type: 'add_tags', tags: ['ok', ' '] },
      { type: 'set_payee', payee: '' },
      { type: 'set_note', note: '  ' },
      { type: 'rename', to: 'x' },
    ];
    expect(codesAndPaths({ ...valid, actions })).toEqual([
      ['DUPLICATE_ACTION', '/actions/1'],
      ['EMPTY_LIST', '/actions/2/tags'],
      ['EMPTY_TEXT', '/actions/3/tags/1'],
      ['EMPTY_TEXT', '/actions/4/payee'],
      ['EMPTY_TEXT', '/actions/5/note'],
      ['UNKNOWN_ACTION', '/actions/6'],
    ]);
    expect(codesAndPaths({ ...valid, actions: [] })).toEqual([['NO_ACTIONS', '/actions']]);
  });

  it('reports every header problem at once', () => {
    const input = { ...valid, id: '', priority: 1.5, active: 'yes' };
    expect(codesAndPaths(input)).toEqual([
      ['INVALID_VALUE', '/id'],
      ['INVALID_VALUE', '/priority'],
      ['INVALID_VALUE', '/active'],
    ]);
    expect(codesAndPaths(null)).toEqual([['INVALID_VALUE', '']]);
  });
});
