import { parseAmount as parseStatementAmount, type DecimalSeparator } from '../statements/amount-text.js';

/**
 * Amounts as invoices print them. The statement parser (domain/statements/amount-text.ts) reads the
 * number, its sign and a leading marker ("R1 234.56", "€ 1.234,56", "(50.00)"); invoices also put the
 * marker after the number ("1.234,56 €", "1 234,56 EUR"), which is peeled off here first. The decimal
 * separator of a lone "1,234" cannot be read from the text itself, so the caller passes the document's,
 * learnt from its unambiguous amounts (`detectDecimalSeparator`).
 */
export type { DecimalSeparator };

const TRAILING_SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', $: 'USD' };
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
]);
const TRAILING = /\s*([€£$]|[A-Z]{3})$/;

export interface ParsedAmount {
  minor: number;
  /** ISO code of a printed currency marker, if any. */
  currency?: string | undefined;
}

/** Parses a printed amount into minor units; undefined when the text is not exactly one amount. */
export function parseAmount(
  text: string,
  decimal: DecimalSeparator,
  currency = 'EUR',
): ParsedAmount | undefined {
  let rest = text.trim();
  let marked: string | undefined;
  const trail = TRAILING.exec(rest);
  if (trail?.[1]) {
    marked = TRAILING_SYMBOLS[trail[1]] ?? trail[1];
    if (!CODES.has(marked)) return undefined;
    rest = rest.slice(0, rest.length - trail[0].length);
  }
  const parsed = parseStatementAmount(rest, { decimalSeparator: decimal, currency: marked ?? currency });
  // "CR"/"DR" belong to statements; on an invoice such a suffix means the text is something else.
  if (!parsed || parsed.mark === 'cr' || parsed.mark === 'dr' || (marked && parsed.currency))
    return undefined;
  return { minor: parsed.minor, currency: marked ?? parsed.currency };
}

/** A quantity: "3", "1,5", "2.25"; a separator followed by three digits is grouping unless it is the decimal one. */
export function parseQuantity(text: string, decimal: DecimalSeparator): number | undefined {
  const match = /^(\d{1,6})(?:([.,])(\d{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '', separator, fraction = ''] = match;
  if (separator === undefined) return Number(whole);
  return separator !== decimal && fraction.length === 3
    ? Number(whole + fraction)
    : Number(`${whole}.${fraction}`);
}

/** A tax rate anywhere in the text: "VAT 15%", "MwSt. (19 %)", "TVA 5,5 %" → 15, 19, 5.5. */
export function findRatePercent(text: string): number | undefined {
  const match = /(\d{1,2}(?:[.,]\d{1,2})?)\s*%/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1].replace(',', '.'));
}

/**
 * The document's decimal separator: the one its unambiguous amounts use ("1.234,56", "12,50" vote for
 * ","), or the language's convention when no amount decides. Dates ("12.03.2024") do not vote.
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
