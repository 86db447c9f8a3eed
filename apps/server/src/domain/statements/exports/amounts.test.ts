import { describe, expect, it } from 'vitest';
import { flexibleAmountToMinor, machineAmountToMinor } from './amounts.js';

describe('machineAmountToMinor', () => {
  it.each([
    ['-12.5', '.', -1250],
    ['+12.50', '.', 1250],
    ['.5', '.', 50],
    ['1234,', ',', 123_400],
    ['0,99', ',', 99],
    ['1.5', ',', undefined],
    ['12.345', '.', undefined],
  ] as const)('%s with decimal %s → %s', (text, decimal, minor) => {
    expect(machineAmountToMinor(text, 'EUR', decimal)).toBe(minor);
  });
});

describe('flexibleAmountToMinor', () => {
  it.each([
    ['-1,234.56', '.', -123_456],
    ['1.234,56', ',', 123_456],
    ['-1.234.567,8', ',', -123_456_780],
    ['(12.00)', '.', -1200],
    ['12.00 DR', '.', -1200],
    ['1 234,56', ',', 123_456],
    ['1234,567.00', '.', undefined],
    ['abc', '.', undefined],
  ] as const)('%s with decimal %s → %s', (text, decimal, minor) => {
    expect(flexibleAmountToMinor(text, decimal, 'EUR')).toBe(minor);
  });
});
