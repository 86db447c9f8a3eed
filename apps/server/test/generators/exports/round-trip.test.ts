import { describe, expect, it } from 'vitest';
import { parseExport } from '../../../src/domain/statements/exports/index.js';
import type { ParsedStatement } from '../../../src/domain/statements/model.js';
import {
  generateStatement,
  PLAIN_CSV,
  renderCamt053,
  renderCsv,
  renderMt940,
  renderOfx,
  renderQif,
  type CsvDialect,
  type GeneratedStatement,
} from './statement-generator.js';

function parseOk(bytes: Uint8Array, currency = 'ZAR'): ParsedStatement[] {
  const result = parseExport(bytes, { currency });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value.statements;
}

/** Asset accounts: opening + Σ amounts = closing. */
function expectReconciled(statement: ParsedStatement) {
  const sum = statement.transactions.reduce((total, t) => total + t.amountMinor, 0);
  expect(statement.openingBalanceMinor).toBeDefined();
  expect(statement.openingBalanceMinor! + sum).toBe(statement.closingBalanceMinor);
}

const dialects: [string, CsvDialect][] = [
  ['UTF-8, comma, ISO dates', PLAIN_CSV],
  [
    'UTF-8 BOM, semicolon, European decimals, DMY',
    {
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      dates: 'DMY',
      encoding: 'utf8bom',
      debitCredit: false,
      newestFirst: false,
    },
  ],
  [
    'UTF-16 LE, tab, MDY, debit/credit',
    {
      delimiter: '\t',
      decimal: '.',
      thousands: ',',
      dates: 'MDY',
      encoding: 'utf16le',
      debitCredit: true,
      newestFirst: false,
    },
  ],
  [
    'UTF-16 BE, pipe, newest first',
    {
      delimiter: '|',
      decimal: '.',
      thousands: '',
      dates: 'DMY',
      encoding: 'utf16be',
      debitCredit: false,
      newestFirst: true,
    },
  ],
  [
    'Windows-1252, semicolon, debit/credit, newest first',
    {
      delimiter: ';',
      decimal: ',',
      thousands: ' ',
      dates: 'DMY',
      encoding: 'windows1252',
      debitCredit: true,
      newestFirst: true,
    },
  ],
];

const expected = (g: GeneratedStatement) => g.transactions.map((t) => [t.date, t.description, t.amountMinor]);
const actual = (s: ParsedStatement | undefined) =>
  s?.transactions.map((t) => [t.date, t.description, t.amountMinor]);

describe('generated statements round-trip through every format', () => {
  it.each(dialects)('CSV: %s', (_name, dialect) => {
    const generated = generateStatement({ seed: 7, rows: 300 });
    const [statement, ...rest] = parseOk(renderCsv(generated, dialect));
    expect(rest).toEqual([]);
    expect(actual(statement)).toEqual(expected(generated));
    expect(statement?.transactions.map((t) => [t.valueDate, t.balanceMinor, t.bankReference])).toEqual(
      generated.transactions.map((t) => [t.valueDate, t.balanceMinor, t.reference]),
    );
    expect(statement).toMatchObject({
      openingBalanceMinor: generated.openingMinor,
      closingBalanceMinor: generated.closingMinor,
    });
    expectReconciled(statement!);
  });

  it('MT940 with several statements', () => {
    const generated = [1, 2, 3].map((seed) =>
      generateStatement({ seed, rows: 120, currency: 'EUR', safeText: true }),
    );
    const statements = parseOk(renderMt940(generated));
    expect(statements).toHaveLength(3);
    statements.forEach((statement, i) => {
      const g = generated[i]!;
      expect(actual(statement)).toEqual(expected(g));
      expect(statement.transactions.map((t) => [t.valueDate ?? t.date, t.bankReference])).toEqual(
        g.transactions.map((t) => [t.valueDate, t.reference]),
      );
      expect(statement).toMatchObject({
        currency: 'EUR',
        accountNumber: g.accountNumber,
        openingBalanceMinor: g.openingMinor,
        closingBalanceMinor: g.closingMinor,
      });
      expectReconciled(statement);
    });
  });

  it('CAMT.053 with several statements', () => {
    const generated = [4, 5].map((seed) => generateStatement({ seed, rows: 150, currency: 'EUR' }));
    const statements = parseOk(renderCamt053(generated));
    expect(statements).toHaveLength(2);
    statements.forEach((statement, i) => {
      expect(actual(statement)).toEqual(expected(generated[i]!));
      expect(statement.transactions.map((t) => t.bankReference)).toEqual(
        generated[i]!.transactions.map((t) => t.reference),
      );
      expectReconciled(statement);
    });
  });

  it.each(['sgml', 'xml'] as const)(
    'OFX %s: transactions and the closing balance (no opening in OFX)',
    (version) => {
      const generated = generateStatement({ seed: 9, rows: 200, currency: 'USD' });
      const [statement] = parseOk(renderOfx(generated, version));
      expect(actual(statement)).toEqual(expected(generated));
      expect(statement?.transactions.map((t) => t.bankReference)).toEqual(
        generated.transactions.map((t) => t.reference),
      );
      expect(statement).toMatchObject({
        closingBalanceMinor: generated.closingMinor,
        openingBalanceMinor: undefined,
      });
    },
  );

  it('QIF: transactions, no balances', () => {
    const generated = generateStatement({ seed: 11, rows: 200 });
    const [statement] = parseOk(renderQif(generated));
    expect(actual(statement)).toEqual(expected(generated));
    expect(statement?.problems.map((p) => p.code)).toContain('BALANCE_ABSENT');
  });

  it('re-parsing the same bytes gives the same bank references (re-import key)', () => {
    const bytes = renderCamt053([generateStatement({ seed: 12, rows: 50 })]);
    const refs = () => parseOk(bytes)[0]?.transactions.map((t) => t.bankReference);
    expect(new Set(refs()).size).toBe(50);
    expect(refs()).toEqual(refs());
  });
});
