import { describe, expect, it } from 'vitest';
import { balanceRole, isDailyBalanceHeading, sectionSign, totalKind } from './labels.js';

describe('statement labels', () => {
  it.each([
    ['BALANCE BROUGHT FORWARD', 'opening'],
    ['Opening balance', 'opening'],
    ['Previous statement balance', 'opening'],
    ['Balance at the beginning of the period', 'opening'],
    ['Balance carried forward', 'carried'],
    ['Balance c/f', 'carried'],
    ['Closing Balance', 'closing'],
    ['Balance at date of statement', 'closing'],
    ['New balance', 'closing'],
    ['Balance at end of period', 'closing'],
    ['ACCOUNT CLOSING FEE', undefined],
    ['Month-end Balance', undefined],
    ['', undefined],
  ])('%s → %s', (label, role) => {
    expect(balanceRole(label)).toBe(role);
  });

  it('names printed totals', () => {
    expect(totalKind('Total debits')).toBe('debits');
    expect(totalKind('Total money in')).toBe('credits');
    expect(totalKind('Totals')).toBe('total');
    expect(totalKind('Debit order')).toBeUndefined();
  });

  it('reads section headings that set the sign, and nothing longer', () => {
    expect(sectionSign('Payments and credits')).toBe('credit');
    expect(sectionSign('Credits:')).toBe('credit');
    expect(sectionSign('Purchases and debits')).toBe('debit');
    expect(sectionSign('Debit')).toBe('debit');
    expect(sectionSign('Debit order insurance')).toBeUndefined();
    expect(totalKind('8 item(s) totaling')).toBe('total');
    expect(totalKind('Totaling Services Inc')).toBeUndefined();
  });

  it('recognizes the title of a daily-balance table, however ruled', () => {
    expect(isDailyBalanceHeading('---- DAILY BALANCE ----')).toBe(true);
    expect(isDailyBalanceHeading('Daily Balances')).toBe(true);
    expect(isDailyBalanceHeading('DAILY BALANCE SUMMARY')).toBe(true);
    expect(isDailyBalanceHeading('Daily balances are shown overleaf')).toBe(false);
    expect(sectionSign('Deposits and other additions')).toBe('credit');
    expect(sectionSign('Withdrawals and other subtractions - continued')).toBe('debit');
    expect(sectionSign('ATM & DEBIT CARD WITHDRAWALS')).toBe('debit');
    expect(sectionSign('Electronic Credits')).toBe('credit');
    expect(sectionSign('OTHER WITHDRAWALS/DEBITS')).toBe('debit');
    expect(sectionSign('Checks Cleared')).toBe('debit');
    expect(sectionSign('Service fees')).toBe('debit');
    expect(sectionSign('Deposits and withdrawals')).toBeUndefined();
    expect(sectionSign('Debit card')).toBeUndefined();
  });
});
