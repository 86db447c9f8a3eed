/**
 * Amounts as machine formats write them (OFX `-1234.5`, MT940 `1234,56`, CAMT `1234.56`): no thousands
 * separators, any number of decimals up to the currency's. Printed amounts (`1.234,56 CR`) belong to
 * ../amount-text.ts instead.
 */
import { decimalToMinor } from '../../money.js';
import { parseAmount, type DecimalSeparator } from '../amount-text.js';

/**
 * `-12.5`, `+12.50`, `12,50` (with `decimal: ','`), `.5` → signed minor units; undefined when the text is
 * anything else or has more decimals than the currency has.
 */
export function machineAmountToMinor(
  text: string,
  currency: string,
  decimal: '.' | ',' = '.',
): number | undefined {
  let value = text.trim();
  if (decimal === ',') {
    if (value.includes('.')) return undefined;
    value = value.replace(',', '.');
  }
  value = value
    .replace(/^\+/, '')
    .replace(/^(-?)\./, '$10.')
    .replace(/\.$/, '');
  return decimalToMinor(value, currency);
}

/** Plain or consistently grouped numbers (`-1234.5`, `1,234.56`; `1.234,56` for decimal comma). */
const PLAIN_DOT = /^-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
const PLAIN_COMMA = /^-?(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d+)?$/;

/**
 * An amount cell in a known decimal convention: plain or grouped numbers directly (exports often write
 * fewer decimals than the currency has, `-12.5`, which printed-amount rules reject on purpose), then
 * ../amount-text.ts rules (`(12.00)`, `12.00 DR`, `R 12.00`), then machine forms (`+12.5`, `.5`).
 */
export function flexibleAmountToMinor(
  text: string,
  decimal: DecimalSeparator,
  currency: string,
): number | undefined {
  // Most export cells are plain; skipping the printed-amount rules for them halves CSV parse time.
  if (decimal === '.' ? PLAIN_DOT.test(text) : PLAIN_COMMA.test(text)) {
    const plain = decimal === '.' ? text.replace(/,/g, '') : text.replace(/\./g, '').replace(',', '.');
    return decimalToMinor(plain, currency);
  }
  const printed = parseAmount(text, { decimalSeparator: decimal, currency, allowWholeNumbers: true });
  if (printed) return printed.minor;
  return machineAmountToMinor(text, currency, decimal);
}
