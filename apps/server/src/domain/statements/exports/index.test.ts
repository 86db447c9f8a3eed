import { describe, expect, it } from 'vitest';
import { detectExportFormat, parseExport } from './index.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detectExportFormat', () => {
  it.each([
    ['OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>', 'statement.csv', 'ofx'],
    ['<?xml version="1.0"?>\n<?OFX OFXHEADER="200"?>\n<OFX>', undefined, 'ofx'],
    [
      '\uFEFF<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>',
      undefined,
      'camt053',
    ],
    ['<?xml version="1.0"?><Document><BkToCstmrDbtCdtNtfctn>', 'x.xml', 'unknown'],
    ['!Type:Bank\nD1/1/2024\nT-1.00\n^', 'export.txt', 'qif'],
    ['{1:F01BANK}{2:O940}{4:\n:20:X\n:25:1\n', undefined, 'mt940'],
    [':20:STMT\r\n:25:123\r\n:28C:1\r\n:60F:C240101EUR1,00', 'file.txt', 'mt940'],
    ['Date;Amount\n2024-01-01;1,00\n', 'export.ofx', 'csv'],
    ['%PDF-1.7\n...', 'statement.csv', 'unknown'],
    ['just one line of text', 'notes.txt', 'unknown'],
    ['just one line of text', 'export.qif', 'qif'],
  ])('%j (%s) → %s', (text, fileName, format) => {
    expect(detectExportFormat(utf8(text), fileName)).toBe(format);
  });
});

describe('parseExport', () => {
  it('detects and parses, returning the format with the statements', () => {
    const result = parseExport(
      utf8(':20:X\n:25:1\n:60F:C240101EUR1,00\n:61:240102C1,00NTRFA//B\n:62F:C240102EUR2,00\n'),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { format: 'mt940', statements: [{ closingBalanceMinor: 200 }] },
    });
  });

  it('refuses files above the byte limit before reading them', () => {
    expect(parseExport(new Uint8Array(11), { maxBytes: 10 })).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_TOO_LARGE' },
    });
  });

  it('refuses empty and unknown files with stable codes', () => {
    expect(parseExport(new Uint8Array(0))).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED' } });
    expect(parseExport(utf8('%PDF-1.4'))).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_FORMAT_UNKNOWN' },
    });
  });

  it('honours an explicit format over detection', () => {
    const result = parseExport(utf8('Date,Amount\n2024-01-01,1.00\n'), { format: 'qif' });
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED' } });
  });

  it('refuses UTF-32 and an unknown declared CSV encoding', () => {
    const utf32 = Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]);
    expect(parseExport(utf32, { format: 'csv' })).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_ENCODING_UNSUPPORTED' },
    });
    const declared = parseExport(utf8('a,b\n1,2\n'), { format: 'csv', csv: { encoding: 'klingon-8' } });
    expect(declared).toMatchObject({ ok: false, error: { code: 'EXPORT_ENCODING_UNSUPPORTED' } });
  });
});
