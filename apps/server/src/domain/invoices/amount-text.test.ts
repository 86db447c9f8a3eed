import { describe, expect, it } from 'vitest';
import { detectDecimalSeparator, findRatePercent, parseAmount, parseQuantity } from './amount-text.js';

describe('parseAmount', () => {
  it.each([
    ['1,234.56', '.', 123456, undefined],
    ['1.234,56 €', ',', 123456, 'EUR'],
    ['€ 1.234,56', ',', 123456, 'EUR'],
    ['1\u00a0234,56 €', ',', 123456, 'EUR'],
    ['R 12 345,67', ',', 1234567, 'ZAR'],
    ['R1,234.50', '.', 123450, 'ZAR'],
    ['£0.99', '.', 99, 'GBP'],
    ['1.234,56 EUR', ',', 123456, 'EUR'],
    ['-50,00 €', ',', -5000, 'EUR'],
    ['(50.00)', '.', -5000, undefined],
  ] as const)('reads %s', (text, decimal, minor, currency) => {
    expect(parseAmount(text, decimal)).toEqual({ minor, currency });
  });

  it.each([
    ['12.03.2024', ','],
    ['INV-2024-0042', '.'],
    ['10115', ','],
    ['1.234,56 XYZ', ','],
    ['€ 12,00 €', ','],
    ['100.00 CR', '.'],
    ['15 %', ','],
  ] as const)('refuses %s', (text, decimal) => {
    expect(parseAmount(text, decimal)).toBeUndefined();
  });

  it('reads a lone "1,234.00"-style group by the document separator', () => {
    expect(parseAmount('1.234,00', ',')?.minor).toBe(123400);
    expect(parseAmount('1,234.00', ',')).toBeUndefined();
  });
});

describe('parseQuantity', () => {
  it.each([
    ['3', ',', 3],
    ['1,5', ',', 1.5],
    ['2.25', '.', 2.25],
    ['1.000', ',', 1000],
    ['1,000', ',', 1],
  ] as const)('reads %s with decimal %s as %d', (text, decimal, value) => {
    expect(parseQuantity(text, decimal)).toBe(value);
  });

  it('refuses text', () => {
    expect(parseQuantity('pcs', '.')).toBeUndefined();
  });
});

describe('findRatePercent', () => {
  it.each([
    ['VAT 15%', 15],
    ['MwSt. (19 %)', 19],
    ['TVA 5,5 %', 5.5],
    ['Btw (21%)', 21],
  ] as const)('finds the rate in %s', (text, rate) => {
    expect(findRatePercent(text)).toBe(rate);
  });

  it('finds none without a percent sign', () => {
    expect(findRatePercent('VAT')).toBeUndefined();
  });
});

describe('detectDecimalSeparator', () => {
  it('follows the unambiguous amounts and ignores dates', () => {
    expect(detectDecimalSeparator(['12.03.2024', '1.234,56 €', '99,00'], '.')).toBe(',');
    expect(detectDecimalSeparator(['12.03.2024', 'R 1,234.56'], ',')).toBe('.');
  });

  it('falls back to the language convention when nothing decides', () => {
    expect(detectDecimalSeparator(['1,234', '12.03.2024'], ',')).toBe(',');
    expect(detectDecimalSeparator([], '.')).toBe('.');
  });
});
