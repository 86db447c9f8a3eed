import { decimalToMinor } from '../money.js';

/**
 * Amounts as invoices print them: "1,234.56", "1.234,56 €", "€ 1 234,56", "R1 234.56", "EUR -50,00",
 * "(50.00)". The decimal separator of a lone "1,234" cannot be read from the text itself, so the caller
 * passes the document's separator, learnt from its unambiguous amounts (`detectDecimalSeparator`).
 */
export type DecimalSeparator = '.' | ',';

const SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', $: 'USD', R: 'ZAR', US$: 'USD' };
const CODES = new Set([
  'EUR',
  'USD',
  'GBP',
  'ZAR',
  'CHF',
  'NAD',
  'BWP',
  'AUD',
  'CAD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'JPY',
]);

const MARKER = String.raw`(?:US\$|[€£$]|[A-Z]{3}|R(?=[\s\d]))`;
const LEADING = new RegExp(String.raw`^(${MARKER})\s*`);
const TRAILING = new RegExp(String.raw`\s*(${MARKER})$`);
/** Digits grouped by spaces (U+0020, U+00A0, U+202F), apostrophes, dots or commas. */
const NUMBER = /^\d[\d.,'\u00a0\u202f ]*$/;

export interface ParsedAmount {
  minor: number;
  /** ISO code of a printed currency marker, if any. */
  currency?: string | undefined;
}

function currencyOf(marker: string | undefined): string | undefined | null {
  if (marker === undefined) return undefined;
  const code = SYMBOLS[marker] ?? marker;
  return CODES.has(code) ? code : null;
}

/** "1.234,56" with decimal "," → "1234.56"; undefined when the grouping is not in threes. */
export function toPlainDecimal(digits: string, decimal: DecimalSeparator): string | undefined {
  const compact = digits.replace(/['\u00a0\u202f ]/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  let separator: string | undefined;
  if (lastDot >= 0 && lastComma >= 0) separator = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const only = lastDot >= 0 ? '.' : ',';
    const occurrences = compact.split(only).length - 1;
    const after = compact.length - compact.lastIndexOf(only) - 1;
    separator = occurrences === 1 && (after !== 3 || only === decimal) ? only : undefined;
  }
  const [whole = '', fraction] =
    separator === undefined
      ? [compact]
      : [compact.slice(0, compact.lastIndexOf(separator)), compact.slice(compact.lastIndexOf(separator) + 1)];
  const groups = whole.split(/[.,]/);
  const grouped = groups.length === 1 || groups.slice(1).every((g) => g.length === 3);
  if (!grouped || (groups[0] ?? '').length === 0 || (fraction !== undefined && !/^\d+$/.test(fraction)))
    return undefined;
  if (groups.length > 1 && (groups[0] ?? '').length > 3) return undefined;
  return fraction === undefined ? groups.join('') : `${groups.join('')}.${fraction}`;
}

/** Parses a printed amount into minor units; undefined when the text is not exactly one amount. */
export function parseAmount(
  text: string,
  decimal: DecimalSeparator,
  currency = 'EUR',
): ParsedAmount | undefined {
  let rest = text.trim();
  let negative = false;
  if (/^\(.*\)$/.test(rest)) [negative, rest] = [true, rest.slice(1, -1).trim()];
  if (/^[-−]/.test(rest)) [negative, rest] = [true, rest.slice(1).trim()];
  const lead = LEADING.exec(rest);
  if (lead) rest = rest.slice(lead[0].length);
  if (/^[-−]/.test(rest)) [negative, rest] = [true, rest.slice(1).trim()];
  const trail = TRAILING.exec(rest);
  if (trail) rest = rest.slice(0, rest.length - trail[0].length);
  if (rest.endsWith('-')) [negative, rest] = [true, rest.slice(0, -1).trim()];
  if (lead && trail) return undefined;
  const marked = currencyOf(lead?.[1] ?? trail?.[1]);
  if (marked === null || !NUMBER.test(rest) || !/\d$/.test(rest)) return undefined;
  const plain = toPlainDecimal(rest, decimal);
  const minor = plain === undefined ? undefined : decimalToMinor(plain, marked ?? currency);
  if (minor === undefined) return undefined;
  return { minor: negative ? -minor : minor, currency: marked };
}

/** A quantity: "3", "1,5", "2.25", "1.000" (a thousand with decimal ","). */
export function parseQuantity(text: string, decimal: DecimalSeparator): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed) || !/\d$/.test(trimmed)) return undefined;
  const plain = toPlainDecimal(trimmed, decimal);
  return plain === undefined ? undefined : Number(plain);
}

/** A tax rate anywhere in the text: "VAT 15%", "MwSt. (19 %)", "TVA 5,5 %" → 15, 19, 5.5. */
export function findRatePercent(text: string): number | undefined {
  const match = /(\d{1,2}(?:[.,]\d{1,2})?)\s*%/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1].replace(',', '.'));
}

/**
 * The document's decimal separator: the one its unambiguous amounts use ("1.234,56", "12,50" vote for
 * ","), or the language's convention when no amount decides.
 */
export function detectDecimalSeparator(
  texts: readonly string[],
  fallback: DecimalSeparator,
): DecimalSeparator {
  let votes = 0;
  for (const text of texts) {
    const match = /(\d)([.,])(\d{1,2})(?!\d)/.exec(text);
    if (match && !/\d[.,]\d{1,2}[.,]\d/.test(text)) votes += match[2] === ',' ? 1 : -1;
  }
  if (votes === 0) return fallback;
  return votes > 0 ? ',' : '.';
}
