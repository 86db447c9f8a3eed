import { labelWords } from './labels.js';

/**
 * Dates as invoices print them, in the five languages: "2024-03-12", "12.03.2024", "12/03/2024",
 * "12-03-24", "12. März 2024", "1er mars 2024", "12 Maart 2024", "March 12, 2024", "12 Mar 2024".
 * Numeric day-month order is ambiguous ("03/04/2024"); `DayOrder` comes from the document (a date with a
 * day above 12 settles it) and defaults to day first, the convention of every supported language but
 * US English.
 */
export type DayOrder = 'dmy' | 'mdy';

const MONTHS: Record<string, number> = {};
const NAMES: string[][] = [
  ['january', 'jan', 'januar', 'janvier', 'janv', 'januari', 'januarie', 'jän', 'jänner'],
  ['february', 'feb', 'februar', 'fevrier', 'fevr', 'fev', 'februari', 'februarie'],
  ['march', 'mar', 'marz', 'mars', 'maart', 'mrt', 'mrz'],
  ['april', 'apr', 'avril', 'avr'],
  ['may', 'mai', 'mei'],
  ['june', 'jun', 'juni', 'juin', 'junie'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julie'],
  ['august', 'aug', 'aout', 'augustus'],
  ['september', 'sep', 'sept', 'septembre'],
  ['october', 'oct', 'oktober', 'octobre', 'okt'],
  ['november', 'nov', 'novembre'],
  ['december', 'dec', 'dezember', 'dez', 'decembre', 'desember', 'des'],
];
NAMES.forEach((names, index) => names.forEach((name) => (MONTHS[labelWords(name)[0] ?? name] = index + 1)));

const monthNumber = (word: string): number | undefined => MONTHS[labelWords(word)[0] ?? ''];

function isoDate(year: number, month: number, day: number): string | undefined {
  const fullYear = year < 100 ? 2000 + year : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day));
  if (date.getUTCFullYear() !== fullYear || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  if (fullYear < 1990 || fullYear > 2100) return undefined;
  return date.toISOString().slice(0, 10);
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$/;
const DAY_NAME_YEAR = /^(\d{1,2})(?:er|e|st|nd|rd|th)?\.?\s+([\p{L}.]+)\s+(\d{4})$/u;
const NAME_DAY_YEAR = /^([\p{L}.]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/u;

/** Parses one date; the text must be the date alone (a label's remainder or a value cell). */
export function parseDate(text: string, order: DayOrder = 'dmy'): string | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const iso = ISO.exec(trimmed);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = NUMERIC.exec(trimmed);
  if (numeric) {
    const [a, b, year] = [Number(numeric[1]), Number(numeric[3]), Number(numeric[4])];
    return order === 'dmy' ? isoDate(year, b, a) : isoDate(year, a, b);
  }
  const named = DAY_NAME_YEAR.exec(trimmed);
  if (named) {
    const month = monthNumber(named[2] ?? '');
    return month === undefined ? undefined : isoDate(Number(named[3]), month, Number(named[1]));
  }
  const american = NAME_DAY_YEAR.exec(trimmed);
  if (american) {
    const month = monthNumber(american[1] ?? '');
    return month === undefined ? undefined : isoDate(Number(american[3]), month, Number(american[2]));
  }
  return undefined;
}

const TERM_DAYS = /(?:^|\s)(?:net\s*(\d{1,3})|(?:a\s+)?(\d{1,3})\s*(?:days?|tage?n?|jours?|dagen|dae)\b)/;
const TERM_SENTENCE =
  /\b(?:within|innerhalb von|innerhalb|binnen|binne|sous|dans les|dans un delai de)\s+(\d{1,3})\s*(?:days?|tagen|jours|dagen|dae)\b/;

const plain = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Payment terms after their label: "30 days", "Net 30", "14 Tage netto", "à 30 jours", "30 dae". */
export function parseTermDays(text: string): number | undefined {
  const match = TERM_DAYS.exec(plain(text));
  const days = Number(match?.[1] ?? match?.[2]);
  return match && days > 0 ? days : undefined;
}

/** Terms in a sentence: "Payable within 30 days", "Zahlbar innerhalb von 14 Tagen", "binne 30 dae". */
export function findTermDaysInSentence(text: string): number | undefined {
  const days = Number(TERM_SENTENCE.exec(plain(text))?.[1]);
  return days > 0 ? days : undefined;
}

const PAY_BY =
  /\b(?:bis zum|bis spatestens|bis|by|before|no later than|avant le|au plus tard le|uiterlijk op|uiterlijk|voor)\s+(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\p{L}+\s+\d{4})/u;

/** A pay-by date in a sentence: "Bitte überweisen Sie bis zum 30.05.2017.", "Please pay by 12/04/2024". */
export function findPayByDateInSentence(text: string, order: DayOrder): string | undefined {
  const date = PAY_BY.exec(plain(text))?.[1];
  return date === undefined ? undefined : parseDate(date, order);
}

/** "2024-03-12" + 30 → "2024-04-11". */
export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** "mdy" only when some numeric date can only be month first ("03/25/2024") and none only day first. */
export function detectDayOrder(texts: readonly string[]): DayOrder {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const text of texts) {
    const numeric = NUMERIC.exec(text.trim());
    if (!numeric) continue;
    if (Number(numeric[1]) > 12) dayFirst += 1;
    if (Number(numeric[3]) > 12) monthFirst += 1;
  }
  return monthFirst > 0 && dayFirst === 0 ? 'mdy' : 'dmy';
}
