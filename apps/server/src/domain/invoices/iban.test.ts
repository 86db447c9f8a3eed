import { describe, expect, it } from 'vitest';
import { findIbans, formatIban, mod97, normalizeIban } from './iban.js';

// Published example IBANs (ECBS / national banking associations).
const VALID = [
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'NL91ABNA0417164300',
  'FR1420041010050500013M02606',
  'BE68539007547034',
];

describe('normalizeIban', () => {
  it.each(VALID)('accepts %s, grouped or not', (iban) => {
    expect(normalizeIban(iban)).toBe(iban);
    expect(normalizeIban(formatIban(iban).toLowerCase())).toBe(iban);
  });

  it('refuses a swapped pair of digits (the error mod 97 exists to catch)', () => {
    expect(normalizeIban('DE89370400440523013000')).toBeUndefined();
  });

  it('refuses a valid checksum at the wrong length for the country', () => {
    // "NL" IBANs are 18 characters; this string has a correct checksum but 19.
    const long = 'NL' + String(98 - mod97('ABNA04171643001NL00')).padStart(2, '0') + 'ABNA04171643001';
    expect(mod97(long.slice(4) + long.slice(0, 4))).toBe(1);
    expect(normalizeIban(long)).toBeUndefined();
  });
});

describe('findIbans', () => {
  it('finds a grouped IBAN followed by more text', () => {
    expect(findIbans('IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')).toEqual(['DE89370400440532013000']);
  });

  it('finds nothing in text without one', () => {
    expect(findIbans('Account 62812345678, branch 250655')).toEqual([]);
  });
});
