import { parseAmount, type DecimalSeparator } from './amount-text.js';
import type { LabelCell } from './fields.js';
import { EUROZONE_IBAN_COUNTRIES } from './iban.js';
import { INVOICE_LANGUAGES, type Field, type InvoiceLanguage } from './model.js';
import { sourceOf, type Cell } from './text-layout.js';

/**
 * Document-wide readings that the field parsers depend on: the language (from the labels it uses) and
 * the currency (from the markers printed beside its amounts).
 */

/** Each label votes for its languages; a word shared by several ("Datum") splits its vote. */
export function detectLanguage(labels: readonly LabelCell[]): InvoiceLanguage {
  const votes = new Map<InvoiceLanguage, number>();
  for (const label of labels) {
    for (const language of label.languages) {
      votes.set(language, (votes.get(language) ?? 0) + 1 / label.languages.length);
    }
  }
  let best: InvoiceLanguage = 'en';
  for (const language of INVOICE_LANGUAGES) {
    if ((votes.get(language) ?? 0) > (votes.get(best) ?? 0)) best = language;
  }
  return best;
}

/** Markers beside amounts decide ("1.234,56 €"); a currency label is read in `extractInvoice`. */
export function currencyFromAmounts(
  cells: readonly Cell[],
  decimal: DecimalSeparator,
): Field<string> | undefined {
  const seen = new Map<string, Cell[]>();
  for (const cell of cells) {
    const code = parseAmount(cell.text, decimal)?.currency;
    if (code) seen.set(code, [...(seen.get(code) ?? []), cell]);
  }
  const [code, where] = [...seen.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  const last = where?.at(-1);
  if (!code || !where || !last) return undefined;
  // A lone "$" among many "€" is a quoted price, not the invoice's currency: confidence reflects the share.
  const share = where.length / [...seen.values()].reduce((n, cells) => n + cells.length, 0);
  return { value: code, confidence: Math.min(0.95, 0.6 + 0.35 * share), source: sourceOf(last) };
}

/** Without markers: an IBAN or VAT id from the euro area implies euros; a 10-digit ZA VAT number, rand. */
export function currencyFromIdentifiers(
  iban: Field<string> | undefined,
  taxId: Field<string> | undefined,
): Field<string> | undefined {
  const country = (iban ?? taxId)?.value.slice(0, 2);
  const from = iban ?? taxId;
  if (from && country && EUROZONE_IBAN_COUNTRIES.has(country))
    return { value: 'EUR', confidence: 0.5, source: from.source };
  if (taxId && /^4\d{9}$/.test(taxId.value)) return { value: 'ZAR', confidence: 0.5, source: taxId.source };
  return undefined;
}

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const US_ADDRESS = new RegExp(
  `(?:,\\s*(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?\\b|\\bUnited States\\b|\\bU\\.?S\\.?A\\.?$)`,
);
const DOLLAR_CODE = /\b(?:USD|US\$)/;

/**
 * "$" is the sign of the US, Canadian, Australian dollar and of several pesos: it says USD only on an
 * invoice that prints "USD" or a US address ("Charlotte, NC 28233"). The address alone also says USD
 * when no amount carries a marker.
 */
export function dollarEvidence(cells: readonly Cell[]): Cell | undefined {
  return cells.find((c) => DOLLAR_CODE.test(c.text) || US_ADDRESS.test(c.text));
}
