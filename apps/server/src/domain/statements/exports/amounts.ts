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

const PLAIN_DOT = /^-?\d+(?:\.\d+)?$/;
const PLAIN_COMMA = /^-?\d+(?:,\d+)?$/;

/**
 * A printed amount in a known decimal convention (../amount-text.ts rules: `1,234.56`, `(12.00)`,
 * `12.00 DR`, `R 12.00`), falling back to machine form for exports that write fewer decimals than the
 * currency has (`-12.5`, `1234.5`), which printed-amount rules reject on purpose.
 */
export function flexibleAmountToMinor(
  text: string,
  decimal: DecimalSeparator,
  currency: string,
): number | undefined {
  // Most export cells are plain (`-245.50`); skipping the printed-amount rules for them halves CSV time.
  if (decimal === '.' ? PLAIN_DOT.test(text) : PLAIN_COMMA.test(text)) {
    return decimalToMinor(decimal === '.' ? text : text.replace(',', '.'), currency);
  }
  const printed = parseAmount(text, { decimalSeparator: decimal, currency, allowWholeNumbers: true });
  if (printed) return printed.minor;
  const thousands = decimal === '.' ? /[,\s'’]/g : /[.\s'’]/g;
  return machineAmountToMinor(text.replace(thousands, ''), currency, decimal);
}
