import { describe, expect, it } from 'vitest';
import { decideDayMonthOrder, inferYear, isoDate, parseDateText, readDateShape } from './date-text.js';

const may2026 = { start: '2026-05-01', end: '2026-05-31' };

describe('parseDateText', () => {
  it.each([
    ['03/04/2026', 'DMY', '2026-04-03'],
    ['03/04/2026', 'MDY', '2026-03-04'],
    ['25/12/2025', 'DMY', '2025-12-25'],
    ['12/25/2025', 'MDY', '2025-12-25'],
    ['03-04-26', 'DMY', '2026-04-03'],
    ['03.04.1999', 'DMY', '1999-04-03'],
    ['31/12/99', 'DMY', '1999-12-31'],
  ] as const)('reads numeric %s as %s', (text, order, iso) => {
    expect(parseDateText(text, { order })).toBe(iso);
  });

  it.each([
    ['2025-03-02', '2025-03-02'],
    ['2 Apr 26', '2026-04-02'],
    ['02 Apr 2026', '2026-04-02'],
    ['1 May 2026', '2026-05-01'],
    ['1 September 2025', '2025-09-01'],
    ['14-Sep-2025', '2025-09-14'],
    ['Sep 14, 2025', '2025-09-14'],
    ['3rd March 2024', '2024-03-03'],
    ['5 Mei 2026', '2026-05-05'],
    ['2026/05/02', '2026-05-02'],
    ['02May2026', '2026-05-02'],
    ['02-MAY-26', '2026-05-02'],
  ])('reads %s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  it.each([
    ['05 02', 'MDY', '2026-05-02'],
    ['02/05', 'DMY', '2026-05-02'],
    ['2 May', 'DMY', '2026-05-02'],
  ] as const)('takes the year of yearless %s from the period', (text, order, iso) => {
    expect(parseDateText(text, { order, period: may2026 })).toBe(iso);
  });

  it('leaves yearless dates unresolved without a period or year, and honours an explicit year', () => {
    expect(parseDateText('05 02', { order: 'MDY' })).toBeUndefined();
    expect(parseDateText('05 02', { order: 'MDY', year: 2020 })).toBe('2020-05-02');
  });

  it.each(['31/04/2026', '30 Feb 2026', '2026-13-01', 'Balance', '1 Foo 2026', '13/13/2026', '123.45'])(
    'rejects %s',
    (text) => {
      expect(parseDateText(text, { order: 'DMY' })).toBeUndefined();
    },
  );
});

describe('decideDayMonthOrder', () => {
  it('is proven by a day above 12 in either position', () => {
    expect(decideDayMonthOrder(['01/02/2026', '13/02/2026'])).toBe('DMY');
    expect(decideDayMonthOrder(['01/02/2026', '02/13/2026'])).toBe('MDY');
  });

  it('reports a contradictory column instead of deciding row by row', () => {
    expect(decideDayMonthOrder(['13/02/2026', '02/13/2026'])).toBeUndefined();
  });

  it('uses the statement period when no day proves it', () => {
    expect(decideDayMonthOrder(['05 01', '05 02', '05 04'], { period: may2026 })).toBe('MDY');
    expect(decideDayMonthOrder(['01 05', '02 05', '04 05'], { period: may2026 })).toBe('DMY');
  });

  it('then uses chronological order, then the fallback', () => {
    expect(decideDayMonthOrder(['01/03/2026', '03/02/2026', '03/03/2026'])).toBe('MDY');
    expect(decideDayMonthOrder(['01/02/2026', '01/03/2026'], { fallback: 'MDY' })).toBe('MDY');
    expect(decideDayMonthOrder(['01/02/2026'])).toBe('DMY');
  });
});

describe('inferYear', () => {
  const rollover = { start: '2025-12-15', end: '2026-01-14' };
  it('rolls December back and January forward on a statement spanning the new year', () => {
    expect(inferYear(12, 28, rollover)).toBe(2025);
    expect(inferYear(1, 3, rollover)).toBe(2026);
  });

  it('picks the nearest year for a date just outside the period', () => {
    expect(inferYear(12, 1, rollover)).toBe(2025);
    expect(inferYear(4, 30, may2026)).toBe(2026);
  });

  it('handles 29 February only in leap years', () => {
    expect(inferYear(2, 29, { start: '2024-02-01', end: '2024-02-29' })).toBe(2024);
    expect(isoDate(2025, 2, 29)).toBeUndefined();
  });
});

describe('readDateShape', () => {
  it('keeps numeric dates unresolved until the column decides', () => {
    expect(readDateShape('03/04')).toEqual({ kind: 'numeric', a: 3, b: 4, year: undefined });
  });
});
