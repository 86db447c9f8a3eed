import { describe, expect, it } from 'vitest';
import { normalizeText } from './text.js';

describe('normalizeText', () => {
  it.each([
    ['  POS   Purchase\tWOOLWORTHS \n', 'pos purchase woolworths'],
    ['Uber\u00a0Eats', 'uber eats'],
    ['Ma\u017fter \u212aEY', 'master key'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});
