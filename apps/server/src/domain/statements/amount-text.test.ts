import { describe, expect, it } from 'vitest';
import { detectDecimalSeparator, looksLikeAmount, parseAmount } from './amount-text.js';

describe('parseAmount', () => {
  it.each([
    ['1,234.56', '.', 123456],
    ['1234.56', '.', 123456],
    ['0.05', '.', 5],
    ['1.234,56', ',', 123456],
    ['1 234,56', ',', 123456],
    ['1\u00A0234,56', ',', 123456],
    ['1 234 567.89', '.', 123456789],
    ["1'234.56", '.', 123456],
    ['1’234.56', '.', 123456],
  ] as const)('reads %s with decimal %s', (text, decimalSeparator, minor) => {
    expect(parseAmount(text, { decimalSeparator })).toEqual({ minor, mark: 'none', currency: undefined });
  });

  it.each([
    ['100.00-', -10000, 'minus'],
    ['-100.00', -10000, 'minus'],
    ['\u2212100.00', -10000, 'minus'],
    ['\u2013 100.00', -10000, 'minus'],
    ['(1,234.56)', -123456, 'parentheses'],
    ['1,234.56 CR', 123456, 'cr'],
    ['1,234.56Cr', 123456, 'cr'],
    ['1,234.56 DR', -123456, 'dr'],
    ['+50.00', 5000, 'plus'],
    ['50.00+', 5000, 'plus'],
  ] as const)('reads the sign of %s', (text, minor, mark) => {
    expect(parseAmount(text)).toMatchObject({ minor, mark });
  });

  it.each([
    ['R1,000.00', 100000, 'ZAR'],
    ['R 1 000,00', 100000, 'ZAR'],
    ['-R50.00', -5000, 'ZAR'],
    ['R-50.00', -5000, 'ZAR'],
    ['£12.50', 1250, 'GBP'],
    ['$7.25', 725, 'USD'],
    ['€1.000,00', 100000, 'EUR'],
    ['ZAR 10.00', 1000, 'ZAR'],
  ] as const)('reads the currency of %s', (text, minor, currency) => {
    const decimalSeparator = text.endsWith(',00') ? ',' : '.';
    expect(parseAmount(text, { decimalSeparator })).toMatchObject({ minor, currency });
  });

  it.each([
    '2026',
    '05 02',
    '2025-03-02',
    '12.5',
    '1,23.45',
    '1.234,56 x',
    'abc',
    '1,234',
    '(1.00',
    '-1.00-',
    '1.00- CR',
  ])('rejects %s', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });

  it('rejects the other convention: 1.234,56 is not an amount when the decimal is a dot', () => {
    expect(parseAmount('1.234,56', { decimalSeparator: '.' })).toBeUndefined();
    expect(parseAmount('1,234.56', { decimalSeparator: ',' })).toBeUndefined();
  });

  it('reads cents printed without the leading zero, in the convention of the document', () => {
    expect(parseAmount('.15')?.minor).toBe(15);
    expect(parseAmount('.15-')?.minor).toBe(-15);
    expect(parseAmount(',15', { decimalSeparator: ',' })?.minor).toBe(15);
    expect(parseAmount(',15', { decimalSeparator: '.' })).toBeUndefined();
    expect(parseAmount('.1')).toBeUndefined();
  });

  it('follows the currency exponent and can accept whole numbers', () => {
    expect(parseAmount('1,234', { currency: 'JPY' })?.minor).toBe(1234);
    expect(parseAmount('1.500', { currency: 'KWD' })?.minor).toBe(1500);
    expect(parseAmount('1,234', { allowWholeNumbers: true })?.minor).toBe(123400);
  });
});

describe('detectDecimalSeparator', () => {
  it('decides from the column, ignoring strings that say nothing', () => {
    expect(detectDecimalSeparator(['1.234', '12,50', '3,00'])).toBe(',');
    expect(detectDecimalSeparator(['1,234', '12.50', '1,000.00'])).toBe('.');
    expect(detectDecimalSeparator(['1,234'])).toBe('.');
    expect(detectDecimalSeparator(['1 234,56-', '7,00 CR'])).toBe(',');
  });
});

describe('looksLikeAmount', () => {
  it('accepts either convention and rejects dates', () => {
    expect(looksLikeAmount('1.234,56')).toBe(true);
    expect(looksLikeAmount('1,234.56')).toBe(true);
    expect(looksLikeAmount('03/04/2026')).toBe(false);
  });
});
