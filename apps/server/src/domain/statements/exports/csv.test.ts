import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { previewCsv } from './csv-layout.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

const standard = [
  'Account,62001234567',
  'Period,01/03/2024 - 31/03/2024',
  '',
  'Date,Description,Amount,Balance,Reference',
  '02/03/2024,"Groceries, Pick n Pay",-245.50,754.50,R1',
  '05/03/2024,Salary,"15,000.00","15,754.50",R2',
  '13/03/2024,Rent,-8000.00,7754.50,R3',
  'Closing balance,,,7754.50,',
].join('\r\n');

describe('parseCsv', () => {
  it('skips the preamble, finds the header, reads signed amounts and derives balances from the running balance', () => {
    const result = parseCsv(utf8(standard), { currency: 'ZAR' });
    if (!result.ok) throw new Error(result.error.message);
    const [statement] = result.value;
    expect(statement).toMatchObject({
      format: 'csv',
      currency: 'ZAR',
      periodStart: '2024-03-02',
      periodEnd: '2024-03-13',
      openingBalanceMinor: 100_000,
      closingBalanceMinor: 775_450,
    });
    expect(
      statement?.transactions.map((t) => [
        t.date,
        t.description,
        t.amountMinor,
        t.balanceMinor,
        t.bankReference,
      ]),
    ).toEqual([
      ['2024-03-02', 'Groceries, Pick n Pay', -24_550, 75_450, 'R1'],
      ['2024-03-05', 'Salary', 1_500_000, 1_575_450, 'R2'],
      ['2024-03-13', 'Rent', -800_000, 775_450, 'R3'],
    ]);
    expect(statement?.transactions[0]?.source?.line).toBe(5);
    expect(statement?.problems).toMatchObject([{ code: 'ROW_SKIPPED', source: { line: 8 } }]);
  });

  it('reads a semicolon, Windows-1252, European-decimal export with debit and credit columns, newest first', () => {
    const text = [
      'Buchungstag;Wertstellung;Verwendungszweck;Soll;Haben;Saldo',
      '15.01.2024;16.01.2024;Überweisung Müller;;1.000,00;2.234,56',
      '03.01.2024;03.01.2024;Café am Markt;12,34;;1.234,56',
      '02.01.2024;02.01.2024;Miete;800,00;;1.246,90',
    ].join('\n');
    const result = parseCsv(iconv.encode(text, 'windows1252'), { currency: 'EUR' });
    if (!result.ok) throw new Error(result.error.message);
    const [statement] = result.value;
    expect(statement?.transactions.map((t) => [t.date, t.valueDate, t.description, t.amountMinor])).toEqual([
      ['2024-01-02', '2024-01-02', 'Miete', -80_000],
      ['2024-01-03', '2024-01-03', 'Café am Markt', -1234],
      ['2024-01-15', '2024-01-16', 'Überweisung Müller', 100_000],
    ]);
    expect(statement).toMatchObject({ openingBalanceMinor: 204_690, closingBalanceMinor: 223_456 });
  });

  it('reads UTF-16 with and without a byte-order mark, tab-delimited', () => {
    const text = 'Date\tDescription\tAmount\n2024-04-01\tCoffee ☕\t-3.20\n2024-04-02\tRefund\t3.20\n';
    for (const bytes of [
      iconv.encode(text, 'utf16le', { addBOM: true }),
      iconv.encode(text, 'utf16-be'),
      iconv.encode(text, 'utf16le'),
    ]) {
      const result = parseCsv(bytes, { currency: 'EUR' });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value[0]?.transactions.map((t) => [t.description, t.amountMinor])).toEqual([
        ['Coffee ☕', -320],
        ['Refund', 320],
      ]);
    }
  });

  it('decides month-first from one row of the whole file, for every row', () => {
    const text = 'Date|Payee|Amount\n03/04/2024|A|-1.00\n03/25/2024|B|-2.00\n04/01/2024|C|-3.00\n';
    const result = parseCsv(utf8(text));
    expect(result.ok && result.value[0]?.transactions.map((t) => t.date)).toEqual([
      '2024-03-04',
      '2024-03-25',
      '2024-04-01',
    ]);
  });

  it('reads an unsigned amount with an Af/Bij direction column and splits currencies into statements', () => {
    const text =
      'Datum,Naam / Omschrijving,Af Bij,Bedrag,Munt\n20240105,Albert Heijn,Af,"12,50",EUR\n20240106,Salaris,Bij,"2500,00",EUR\n20240107,Hotel,Af,"99,00",USD\n';
    const result = parseCsv(utf8(text), { csv: { mapping: { date: 'Datum' }, dayMonthOrder: 'DMY' } });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((s) => [s.currency, s.transactions.map((t) => t.amountMinor)])).toEqual([
      ['EUR', [-1250, 250_000]],
      ['USD', [-9900]],
    ]);
  });

  it('asks for a mapping when two columns claim the amount, and accepts one by name', () => {
    const text = 'Date,Description,Amount,Amount\n2024-01-01,A,1.00,2.00\n';
    expect(parseCsv(utf8(text))).toMatchObject({ ok: false, error: { code: 'EXPORT_CSV_MAPPING_NEEDED' } });
    const mapped = parseCsv(utf8(text), { csv: { mapping: { amount: 3 } } });
    expect(mapped.ok && mapped.value[0]?.transactions[0]?.amountMinor).toBe(200);
  });

  it('counts lines inside quoted multi-line cells when naming a bad row', () => {
    const text =
      'Date,Description,Amount\n2024-01-01,"two\r\nlines",-1.00\n\n2024-01-02,"three\nline\ncell",-2.00\n2024-01-03,Bad,x\n';
    const result = parseCsv(utf8(text));
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED', line: 8 } });
    const good = parseCsv(utf8(text.replace(',x', ',3.00')));
    expect(good.ok && good.value[0]?.transactions.map((t) => [t.source?.line, t.description])).toEqual([
      [2, 'two\r\nlines'],
      [5, 'three\nline\ncell'],
      [8, 'Bad'],
    ]);
  });

  it('names the line and column of an unreadable amount', () => {
    const broken = standard.replace('-8000.00', 'eight thousand');
    const result = parseCsv(utf8(broken));
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED', line: 7 } });
    expect(!result.ok && result.error.message).toMatch(/Amount "eight thousand"/);
  });

  it('reports an unclosed quote and binary content as errors, not exceptions', () => {
    expect(parseCsv(utf8('Date,Description,Amount\n2024-01-01,"open,1.00\n'))).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_MALFORMED' },
    });
    expect(parseCsv(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x02]))).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_ENCODING_UNSUPPORTED' },
    });
  });
});

describe('previewCsv', () => {
  it('shows the detected layout and first rows of a header-less file', () => {
    const text =
      '2024-05-01;Shop A;-10,00;90,00\n2024-05-02;Shop B;-20,00;70,00\n2024-05-03;Salary;100,00;170,00\n';
    const preview = previewCsv(utf8(text), {}, 2);
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value).toMatchObject({
      encoding: 'utf8',
      delimiter: ';',
      headerLine: undefined,
      columns: ['Column 1', 'Column 2', 'Column 3', 'Column 4'],
      mapping: { date: 0, description: [1], amount: 2, balance: 3 },
      ambiguities: [],
      decimalSeparator: ',',
      rowCount: 3,
      rows: [
        ['2024-05-01', 'Shop A', '-10,00', '90,00'],
        ['2024-05-02', 'Shop B', '-20,00', '70,00'],
      ],
    });
  });

  it('puts amount and balance right in a header-less file that prints the balance first', () => {
    const text =
      '2024-05-01,Shop A,90.00,-10.00\n2024-05-02,Shop B,70.00,-20.00\n2024-05-03,Salary,170.00,100.00\n';
    const preview = previewCsv(utf8(text));
    expect(preview.ok && preview.value.mapping).toMatchObject({ amount: 3, balance: 2 });
  });

  it('refuses a file above the byte limit', () => {
    expect(previewCsv(utf8('Date,Amount\n2024-01-01,1.00\n'), {}, 20, 10)).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_TOO_LARGE' },
    });
  });

  it('lists ambiguities instead of failing', () => {
    const preview = previewCsv(utf8('Name,Note\nA,B\nC,D\n'));
    expect(preview.ok && preview.value.ambiguities).toEqual([
      'no column holds amounts',
      'no column holds dates',
    ]);
  });
});
