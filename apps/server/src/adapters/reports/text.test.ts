import { describe, expect, it } from 'vitest';
import { csvText, MAX_CELL_TEXT, sheetText, startsLikeFormula } from './text.js';

describe('startsLikeFormula', () => {
  it('flags every OWASP trigger character and nothing else', () => {
    for (const text of ['=1+1', '+1', '-5.00 refund', '@SUM(1)', '\tx', '\rx']) {
      expect(startsLikeFormula(text), JSON.stringify(text)).toBe(true);
    }
    for (const text of ['', 'Salary', ' =1', '5-3', "'=1", '\nx']) {
      expect(startsLikeFormula(text), JSON.stringify(text)).toBe(false);
    }
  });
});

describe('csvText', () => {
  it('leaves plain text alone and quotes RFC 4180 specials, doubling quotes', () => {
    expect(csvText('Woolworths')).toBe('Woolworths');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('prefixes formula-like text with an apostrophe and always quotes it', () => {
    expect(csvText('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvText('-5.00 refund')).toBe('"\'-5.00 refund"');
    expect(csvText('@SUM(1)')).toBe('"\'@SUM(1)"');
    expect(csvText('\tcmd')).toBe('"\'\tcmd"');
  });
});

describe('sheetText', () => {
  it('drops the non-characters XML forbids and caps text at the Excel cell limit', () => {
    expect(sheetText('a\uFFFEb\uFFFFc')).toBe('abc');
    expect(sheetText('x'.repeat(MAX_CELL_TEXT + 10))).toHaveLength(MAX_CELL_TEXT);
    expect(sheetText('=1+1')).toBe('=1+1');
  });
});
