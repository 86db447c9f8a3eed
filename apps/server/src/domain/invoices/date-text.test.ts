import { describe, expect, it } from 'vitest';
import { addDays, detectDayOrder, findTermDaysInSentence, parseDate, parseTermDays } from './date-text.js';

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

describe('payment terms', () => {
  it.each([
    ['30 days', 30],
    ['Net 14', 14],
    ['14 Tage netto', 14],
    ['à 30 jours', 30],
    ['30 dagen', 30],
    ['7 dae', 7],
  ])('reads %s after a terms label', (text, days) => {
    expect(parseTermDays(text)).toBe(days);
  });

  it.each([
    ['Payable within 30 days of the invoice date.', 30],
    ['Zahlbar innerhalb von 14 Tagen ohne Abzug.', 14],
    ['Paiement sous 30 jours.', 30],
    ['Betaling binnen 14 dagen.', 14],
    ['Betaalbaar binne 7 dae.', 7],
  ])('finds the terms in "%s"', (text, days) => {
    expect(findTermDaysInSentence(text)).toBe(days);
  });

  it('finds none in a date or an amount, and counts days across months and years', () => {
    expect(parseTermDays('12.03.2024')).toBeUndefined();
    expect(findTermDaysInSentence('Thank you for your business.')).toBeUndefined();
    expect(addDays('2024-12-20', 30)).toBe('2025-01-19');
    expect(addDays('2024-02-15', 14)).toBe('2024-02-29');
  });
});
