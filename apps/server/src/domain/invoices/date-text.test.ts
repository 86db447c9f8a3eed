import { describe, expect, it } from 'vitest';
import { detectDayOrder, parseDate } from './date-text.js';

describe('parseDate', () => {
  it.each([
    ['2024-03-12', '2024-03-12'],
    ['2024/03/12', '2024-03-12'],
    ['12.03.2024', '2024-03-12'],
    ['12/03/2024', '2024-03-12'],
    ['12-03-2024', '2024-03-12'],
    ['12.03.24', '2024-03-12'],
    ['12 March 2024', '2024-03-12'],
    ['12 Mar 2024', '2024-03-12'],
    ['March 12, 2024', '2024-03-12'],
    ['12. März 2024', '2024-03-12'],
    ['3. Dezember 2024', '2024-12-03'],
    ['1er mars 2024', '2024-03-01'],
    ['15 août 2024', '2024-08-15'],
    ['17 février 2025', '2025-02-17'],
    ['12 maart 2024', '2024-03-12'],
    ['5 mei 2024', '2024-05-05'],
    ['12 Maart 2024', '2024-03-12'],
    ['24 Desember 2024', '2024-12-24'],
    ['1 Oktober 2024', '2024-10-01'],
  ])('reads %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it('reads numeric dates month first when told to', () => {
    expect(parseDate('03/12/2024', 'mdy')).toBe('2024-03-12');
    expect(parseDate('03/12/2024', 'dmy')).toBe('2024-12-03');
  });

  it.each(['31.02.2024', '12 Fooday 2024', 'INV-2024-03', '2024', '12.03.1850'])('refuses %s', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('detectDayOrder', () => {
  it('is month first only when a date proves it and none contradicts it', () => {
    expect(detectDayOrder(['03/25/2024', '04/01/2024'])).toBe('mdy');
    expect(detectDayOrder(['25/03/2024', '04/01/2024'])).toBe('dmy');
    expect(detectDayOrder(['04/01/2024'])).toBe('dmy');
  });
});
