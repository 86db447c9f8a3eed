import { describe, expect, it } from 'vitest';
import { parseMt940 } from './mt940.js';

const bytes = (text: string) => new TextEncoder().encode(text);

const twoStatements = [
  '{1:F01COBADEFFAXXX0000000000}{2:O9401200240131COBADEFFAXXX00000000002401311200N}{4:',
  ':20:STMT2401',
  ':25:DE89370400440532013000',
  ':28C:00001/001',
  ':60F:C231231EUR1000,00',
  ':61:2401020102D12,50NTRFNONREF//8327000090031789',
  ':86:166?00SEPA-UEBERWEISUNG?109310?20EREF+INV-2024-001 SVWZ+Re?21chnung 2024-001?32Max Muster',
  '?33mann',
  ':61:2312290102C250,NMSCREF123',
  'GUTSCHRIFT',
  ':61:2401150115RD5,00NCHGNONREF//B2',
  ':86:Reversal of a debit, credited back to the account and',
  'spread over two lines',
  ':62F:C240131EUR1242,50',
  ':86:Information to the account owner, not a transaction',
  '-}',
  '{1:F01COBADEFFAXXX0000000000}{2:O940}{4:',
  ':20:STMT2401B',
  ':25:10020030/1234567',
  ':28C:7/1',
  ':60M:D240101USD100,',
  ':61:240105D0,99NDDTREF7',
  ':62M:D240131USD100,99',
  '-}',
].join('\r\n');

describe('parseMt940', () => {
  it('splits statements at :20: and reads balances, marks, entry dates and references', () => {
    const result = parseMt940(bytes(twoStatements));
    if (!result.ok) throw new Error(result.error.message);
    const [first, second] = result.value;
    expect(first).toMatchObject({
      format: 'mt940',
      accountNumber: 'DE89370400440532013000',
      currency: 'EUR',
      periodStart: '2023-12-31',
      periodEnd: '2024-01-31',
      openingBalanceMinor: 100_000,
      closingBalanceMinor: 124_250,
      problems: [],
    });
    expect(first?.transactions).toMatchObject([
      {
        date: '2024-01-02',
        amountMinor: -1250,
        bankReference: '8327000090031789',
        description: 'SEPA-UEBERWEISUNG - Max Mustermann - EREF+INV-2024-001 SVWZ+Rechnung 2024-001',
        source: { line: 6 },
      },
      {
        date: '2024-01-02',
        valueDate: '2023-12-29',
        amountMinor: 25_000,
        bankReference: 'REF123',
        description: 'GUTSCHRIFT',
      },
      {
        date: '2024-01-15',
        amountMinor: 500,
        bankReference: 'B2',
        description: 'Reversal of a debit, credited back to the account and spread over two lines',
      },
    ]);
    expect(second).toMatchObject({
      currency: 'USD',
      openingBalanceMinor: -10_000,
      closingBalanceMinor: -10_099,
    });
    expect(second?.transactions[0]).toMatchObject({ amountMinor: -99, bankReference: 'REF7' });
  });

  it('reconciles opening + sum = closing on both statements', () => {
    const result = parseMt940(bytes(twoStatements));
    if (!result.ok) throw new Error(result.error.message);
    for (const statement of result.value) {
      const sum = statement.transactions.reduce((total, t) => total + t.amountMinor, 0);
      expect((statement.openingBalanceMinor ?? NaN) + sum).toBe(statement.closingBalanceMinor);
    }
  });

  it('notes a statement without balances instead of claiming reconciliation', () => {
    const result = parseMt940(bytes(':20:X\n:25:123\n:61:240105D1,00NTRFNONREF\n'));
    expect(result.ok && result.value[0]?.problems.map((p) => p.code)).toEqual(['BALANCE_ABSENT']);
  });

  it('names the line of a malformed :61:', () => {
    const broken = twoStatements.replace(':61:240105D0,99NDDTREF7', ':61:240105X0,99NDDTREF7');
    expect(parseMt940(bytes(broken))).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_MALFORMED', line: 22 },
    });
  });

  it('refuses fields before any :20:', () => {
    expect(parseMt940(bytes(':25:123\n:60F:C240101EUR1,00'))).toMatchObject({
      ok: false,
      error: { line: 1 },
    });
  });
});
