/**
 * Amount strings as statements print them → signed integer minor units.
 *
 * Forms: `1,234.56`, `1.234,56`, `1 234,56`, `1'234.56`, a sign as leading or trailing minus (ASCII or
 * Unicode), parentheses, or a `CR`/`DR` suffix, and a leading currency symbol or code (`R`, `£`, `$`, `€`,
 * `ZAR`...). The decimal separator is never guessed per string: a caller decides it once for a whole
 * statement with `detectDecimalSeparator` and passes it in, because `1,234` alone is either 1234 or 1.234.
 */
import { currencyExponent, decimalToMinor } from '../money.js';

export type DecimalSeparator = '.' | ',';

/** How the sign of an amount was printed; `cr`/`dr` are the bank's words and mean different things on cards. */
export const AmountSignMark = {
  none: 'none',
  plus: 'plus',
  minus: 'minus',
  parentheses: 'parentheses',
  credit: 'cr',
  debit: 'dr',
} as const;
export type AmountSignMark = (typeof AmountSignMark)[keyof typeof AmountSignMark];

export interface ParsedAmount {
  /** Signed minor units: minus, parentheses and DR give a negative value; CR and no mark a positive one. */
  minor: number;
  mark: AmountSignMark;
  /** ISO currency implied by a symbol or code in the text, when there was one. */
  currency?: string | undefined;
}

export interface AmountOptions {
  decimalSeparator?: DecimalSeparator;
  /** Fixes the number of decimals (ISO 4217 exponent); ZAR (2) by default. */
  currency?: string;
  /** Accept integers without decimals (`1,234`); statements print decimals, so off by default. */
  allowWholeNumbers?: boolean;
}

const SYMBOLS: Record<string, string> = {
  R: 'ZAR',
  ZAR: 'ZAR',
  '£': 'GBP',
  GBP: 'GBP',
  $: 'USD',
  US$: 'USD',
  USD: 'USD',
  '€': 'EUR',
  EUR: 'EUR',
  '¥': 'JPY',
  JPY: 'JPY',
};

// U+2212 minus sign, U+2012/U+2013 dashes (typesetters use them as minus), U+FE63 and U+FF0D variants.
const MINUS = /[\u2212\u2012\u2013\uFE63\uFF0D]/g;
const SPACES = /[\s\u00A0\u202F\u2009]+/g;

const SHAPE =
  /^(?<lead>[-+])?(?<open>\()?(?<sym>US\$|ZAR|GBP|USD|EUR|JPY|[R£$€¥])?\s?(?<lead2>[-+])?(?<num>\d[\d\s.,'’]*|[.,]\d+)(?<close>\))?(?<trail>-|\+)?\s?(?<mark>CR|DR|Cr|Dr|cr|dr)?$/u;

/**
 * Parses one amount. Returns undefined for anything that is not exactly an amount (a date, a reference
 * number, text), so callers can use it to classify tokens.
 */
export function parseAmount(text: string, options: AmountOptions = {}): ParsedAmount | undefined {
  const decimal = options.decimalSeparator ?? '.';
  const currency = options.currency ?? 'ZAR';
  const cleaned = text.trim().replace(MINUS, '-');
  const match = SHAPE.exec(cleaned);
  const groups = match?.groups;
  if (!groups) return undefined;
  const signs = [groups.lead, groups.lead2, groups.trail].filter((sign) => sign !== undefined);
  const negations = signs.filter((sign) => sign === '-').length;
  if (signs.length > 1 || Boolean(groups.open) !== Boolean(groups.close)) return undefined;
  const body = (groups.num ?? '').replace(SPACES, ' ').trim();
  const plain = toPlainDecimal(body, decimal, currencyExponent(currency), options.allowWholeNumbers ?? false);
  if (plain === undefined) return undefined;
  const magnitude = decimalToMinor(plain, currency);
  if (magnitude === undefined) return undefined;
  const markWord = groups.mark?.toLowerCase();
  if (markWord && (signs.length > 0 || groups.open)) return undefined;
  const mark: AmountSignMark = groups.open
    ? AmountSignMark.parentheses
    : negations > 0
      ? AmountSignMark.minus
      : signs.length > 0
        ? AmountSignMark.plus
        : markWord === 'cr'
          ? AmountSignMark.credit
          : markWord === 'dr'
            ? AmountSignMark.debit
            : AmountSignMark.none;
  const negative = mark === AmountSignMark.minus || mark === AmountSignMark.parentheses || mark === 'dr';
  const minor = negative && magnitude !== 0 ? -magnitude : magnitude;
  return { minor, mark, currency: groups.sym ? SYMBOLS[groups.sym] : undefined };
}

/**
 * `1 234,56` with decimal `,` → `1234.56`. Thousands groups must be exactly three digits, with one
 * separator kind per number, and the fraction must have exactly `exponent` digits (statements always print
 * them, and a stray `2024` or `12.5` is then not mistaken for money).
 */
function toPlainDecimal(body: string, decimal: DecimalSeparator, exponent: number, whole: boolean) {
  const at = exponent > 0 ? body.lastIndexOf(decimal) : -1;
  const intPart = at >= 0 ? body.slice(0, at) : body;
  const fraction = at >= 0 ? body.slice(at + 1) : '';
  if (at >= 0 ? fraction.length !== exponent || !/^\d+$/.test(fraction) : exponent > 0 && !whole) {
    return undefined;
  }
  // ".15": cents printed without the leading zero.
  if (intPart === '') return at === 0 ? `0.${fraction}` : undefined;
  const grouping = /^\d{1,3}(?:([ ,.'’])\d{3})?(?:\1\d{3})*$/.exec(intPart);
  if (!/^\d+$/.test(intPart)) {
    if (!grouping || grouping[1] === decimal) return undefined;
  }
  const digits = intPart.replace(/\D/g, '');
  return fraction ? `${digits}.${fraction}` : digits;
}

/**
 * Decides the decimal separator from all the amount-like strings of one statement: a separator followed
 * by one or two final digits (`12,50`, `1.234,5`) is a decimal mark; three final digits (`1,234`) say
 * nothing. Ties and silence fall back to `.`, the more common convention in the banks we import.
 */
export function detectDecimalSeparator(texts: Iterable<string>): DecimalSeparator {
  let dot = 0;
  let comma = 0;
  for (const text of texts) {
    const match = /([.,])(\d+)\D*$/.exec(text);
    if (!match || match[2]?.length === 3) continue;
    if (match[1] === '.') dot += 1;
    else comma += 1;
  }
  return comma > dot ? ',' : '.';
}

/** True when the text could be an amount in either convention; cheap pre-filter for token classification. */
export function looksLikeAmount(text: string, currency = 'ZAR'): boolean {
  return (
    parseAmount(text, { decimalSeparator: '.', currency }) !== undefined ||
    parseAmount(text, { decimalSeparator: ',', currency }) !== undefined
  );
}
