import { describe, expect, it } from 'vitest';
import { parseQif } from './qif.js';

const bytes = (text: string) => new TextEncoder().encode(text);

const bankWithSplits = [
  '!Type:Bank',
  'D1/25/2024',
  'T-1,234.56',
  'PHome Depot',
  'MRenovation',
  'LHome:Repairs',
  'SHome:Repairs',
  'EPaint',
  '$-1,000.00',
  'SHome:Garden',
  '$-234.56',
  '^',
  "D 2/ 1'24",
  'U2,500.00',
  'T2,500.00',
  'PSalary',
  '^',
  'D2/13/2024',
  'T-12.5',
  'N1001',
  '^',
].join('\r\n');

describe('parseQif', () => {
  it('reads a bank section with splits, apostrophe years and thousands separators', () => {
    const result = parseQif(bytes(bankWithSplits), { currency: 'USD' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toHaveLength(1);
    expect(result.value[0]).toMatchObject({
      format: 'qif',
      accountKind: 'asset',
      currency: 'USD',
      periodStart: '2024-01-25',
      periodEnd: '2024-02-13',
      problems: [{ code: 'BALANCE_ABSENT' }],
    });
    expect(result.value[0]).not.toHaveProperty('openingBalanceMinor');
    expect(
      result.value[0]?.transactions.map((t) => [t.date, t.amountMinor, t.description, t.source?.line]),
    ).toEqual([
      ['2024-01-25', -123_456, 'Home Depot - Renovation', 2],
      ['2024-02-01', 250_000, 'Salary', 13],
      ['2024-02-13', -1250, 'Cheque 1001', 18],
    ]);
  });

  it('refuses splits that do not add up to the total, naming the record', () => {
    const broken = bankWithSplits.replace('$-234.56', '$-234.55');
    const result = parseQif(bytes(broken));
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED', line: 2 } });
    expect(!result.ok && result.error.message).toMatch(/splits add up to -123455/);
  });

  it('decides day-first from the whole file and reads European decimals', () => {
    const european = [
      '!Type:CCard',
      'D03.04.2024',
      'T-1.234,50',
      'PHotel',
      '^',
      'D28.04.2024',
      'T500,00',
      'PPayment',
      '^',
    ];
    const result = parseQif(bytes(european.join('\n')));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value[0]).toMatchObject({ accountKind: 'liability', currency: 'ZAR' });
    expect(result.value[0]?.problems.map((p) => p.code)).toEqual(['CURRENCY_ASSUMED', 'BALANCE_ABSENT']);
    expect(result.value[0]?.transactions.map((t) => [t.date, t.amountMinor])).toEqual([
      ['2024-04-03', -123_450],
      ['2024-04-28', 50_000],
    ]);
  });

  it('returns one statement per account of a multi-account file and skips category lists', () => {
    const file = [
      '!Type:Cat',
      'NGroceries',
      'E',
      '^',
      '!Option:AutoSwitch',
      '!Account',
      'NChecking',
      'TBank',
      '^',
      'NVisa',
      'TCCard',
      '^',
      '!Clear:AutoSwitch',
      '!Account',
      'NChecking',
      'TBank',
      '^',
      '!Type:Bank',
      'D2024-03-01',
      'T-10.00',
      '^',
      '!Account',
      'NVisa',
      'TCCard',
      '^',
      '!Type:CCard',
      'D2024-03-02',
      'T-20.00',
      '^',
    ];
    const result = parseQif(bytes(file.join('\n')));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((s) => [s.accountName, s.accountKind, s.transactions[0]?.amountMinor])).toEqual([
      ['Checking', 'asset', -1000],
      ['Visa', 'liability', -2000],
    ]);
  });

  it('refuses investment-only files and records without an amount', () => {
    expect(parseQif(bytes('!Type:Invst\nD1/1/2024\nNBuy\n^'))).toMatchObject({
      ok: false,
      error: { line: 1 },
    });
    expect(parseQif(bytes('!Type:Bank\nD1/1/2024\nPShop\n^'))).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_MALFORMED', line: 2 },
    });
  });
});
