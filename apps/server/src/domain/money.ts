/**
 * Money is an integer count of minor units plus an ISO 4217 currency code; never a float. This is the
 * one place amounts are parsed from text and formatted back.
 */
export interface Money {
  minor: number;
  currency: string;
}

/** Minor-unit exponent per currency (ISO 4217); 2 unless listed. */
const EXPONENTS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export const currencyExponent = (currency: string): number => EXPONENTS[currency.toUpperCase()] ?? 2;

/**
 * Parses a plain decimal string with `.` as the decimal separator and an optional leading minus
 * ("-1234.5", "1000.00") into minor units, exactly (no floating point). Returns undefined when the text
 * is not such a number or has more decimals than the currency allows.
 */
export function decimalToMinor(text: string, currency = 'ZAR'): number | undefined {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const exponent = currencyExponent(currency);
  const fraction = match[3] ?? '';
  if (fraction.length > exponent) {
    if (!/^0*$/.test(fraction.slice(exponent))) return undefined;
  }
  const digits = (match[2] ?? '0') + fraction.slice(0, exponent).padEnd(exponent, '0');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return undefined;
  return match[1] && value !== 0 ? -value : value;
}

/** Formats minor units as a plain decimal string: -12345 → "-123.45". */
export function minorToDecimal(minor: number, currency = 'ZAR'): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor).toString();
  if (exponent === 0) return sign + abs;
  const padded = abs.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}
