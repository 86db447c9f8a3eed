import { describe, expect, it } from 'vitest';
import { requiredLiterals } from './regex-literals.js';
import { compilePattern } from './regex.js';
import { normalizeText } from './text.js';
import { seeded } from '../../../test/generators/random.js';

const compiled = (pattern: string) => {
  const result = compilePattern(pattern);
  if (!result.ok) throw new Error(result.problem.message);
  return result.regex;
};

describe('compilePattern', () => {
  it('matches case-insensitively', () => {
    expect(compiled('Uber\\s*Eats').test('uber eats amsterdam')).toBe(true);
    expect(compiled('^pos .* \\d{4}$').test('pos purchase shell 1234')).toBe(true);
    expect(compiled('^pos .* \\d{4}$').test('pos purchase shell 12345x')).toBe(false);
  });

  it.each([
    ['(a)\\1', 'REGEX_UNSUPPORTED', /Backreferences/],
    ['(?<n>a)\\k<n>', 'REGEX_UNSUPPORTED', /Backreferences/],
    ['foo(?=bar)', 'REGEX_UNSUPPORTED', /Lookahead and lookbehind/],
    ['foo(?!bar)', 'REGEX_UNSUPPORTED', /Lookahead and lookbehind/],
    ['(?<=foo)bar', 'REGEX_UNSUPPORTED', /Lookahead and lookbehind/],
    ['(?<!foo)bar', 'REGEX_UNSUPPORTED', /Lookahead and lookbehind/],
    ['[abc', 'REGEX_INVALID', /missing closing \]/],
    ['a**', 'REGEX_INVALID', /Invalid regular expression/],
    ['a{1001}', 'REGEX_INVALID', /invalid repeat count/],
  ])('rejects %s as %s', (pattern, code, message) => {
    const result = compilePattern(pattern);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    expect(result.problem.message).toMatch(message);
  });

  it('evaluates a catastrophic-backtracking pattern on 50,000 hostile characters', () => {
    const hostile = 'a'.repeat(50_000) + '!';
    // A backtracking engine needs ~2^50000 steps for this; RE2 answers in one linear pass.
    expect(compiled('(a+)+$').test(hostile)).toBe(false);
    expect(compiled('(a+)+!$').test(hostile)).toBe(true);
    expect(compiled('(a|aa)*b').test(hostile)).toBe(false);
  });
});

describe('requiredLiterals', () => {
  it.each<[string, string[] | undefined]>([
    ['uber', ['uber']],
    ['Uber\\s*Eats', ['uber']],
    ['netflix|spotify', ['netflix', 'spotify']],
    ['(?:netflix|spotify)\\.com', ['netflix', 'spotify']],
    ['(?:a|b)\\.com', ['.com']],
    ['woolworths?', ['woolworth']],
    ['dis-?chem', ['chem']],
    ['ab+c', ['ab']],
    ['(?i)shell\\b', ['shell']],
    ['(?P<m>checkers)( hyper)?', ['checkers']],
    ['a[bcd]e', ['a']],
    ['\\p{Greek}+ taxi', [' taxi']],
    ['x{0}uber', ['uber']],
    ['café', ['caf']],
    ['foo|.*', undefined],
    ['(a|)b*', undefined],
    ['.*', undefined],
    ['\\Quber\\E', undefined],
    ['[a-z]+', undefined],
  ])('%s → %j', (pattern, expected) => {
    expect(requiredLiterals(pattern)).toEqual(expected);
  });

  it('never rules out a description the pattern matches (randomized)', () => {
    const pieces = [
      'ab',
      'c',
      'ba',
      '(a|b)',
      '(?:ab|c)',
      'a?',
      'b*',
      'c+',
      '[ab]',
      '.',
      '\\s',
      ' ',
      'S',
      '{2}',
      '|',
      'K',
    ];
    const letters = ['a', 'b', 'c', ' ', 'S', '\u017f', '\u212a', 'k'];
    const next = seeded(11).below;
    let checked = 0;
    for (let round = 0; round < 3000; round++) {
      const pattern = Array.from({ length: 1 + next(6) }, () => pieces[next(pieces.length)]).join('');
      const result = compilePattern(pattern);
      const literals = requiredLiterals(pattern);
      if (!result.ok || !literals) continue;
      for (let sample = 0; sample < 80; sample++) {
        const text = normalizeText(
          Array.from({ length: next(10) }, () => letters[next(letters.length)]).join(''),
        );
        if (result.regex.test(text)) {
          checked++;
          expect(
            literals.some((literal) => text.includes(literal)),
            `${pattern} on "${text}"`,
          ).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
