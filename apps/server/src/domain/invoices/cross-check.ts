import { minorToDecimal } from '../money.js';
import { normalizeInvoiceNumber, normalizeVendor } from './duplicate-key.js';
import { overallConfidence } from './honesty.js';
import { ISSUE_CODES, type Field, type Invoice, type InvoiceIssue } from './model.js';

/**
 * An e-invoice's XML is the invoice; its print is what a person saw. Each header field the text reader
 * also found is compared: the same value lends the XML field its printed position (for highlighting), a
 * different one is an issue (PRINTED_TEXT_CONFLICTS_WITH_XML) naming both, since a PDF whose print and
 * XML disagree was edited after it was made, or made wrongly, and someone should look.
 */
type Comparable = {
  [K in keyof Invoice]-?: NonNullable<Invoice[K]> extends Field<string | number> ? K : never;
}[keyof Invoice];

interface Compared {
  name: Comparable;
  label: string;
  same?: (a: string, b: string) => boolean;
  /** A vendor name is printed in many forms (trade name, letterhead, legal name): never a conflict. */
  noConflict?: boolean;
}

const COMPARED: Compared[] = [
  {
    name: 'vendorName',
    label: 'vendor name',
    same: (a, b) => normalizeVendor(a) === normalizeVendor(b),
    noConflict: true,
  },
  {
    name: 'vendorTaxId',
    label: 'vendor tax id',
    same: (a, b) => a.replace(/^[A-Z]{2}/, '') === b.replace(/^[A-Z]{2}/, ''),
  },
  {
    name: 'invoiceNumber',
    label: 'invoice number',
    same: (a, b) => normalizeInvoiceNumber(a) === normalizeInvoiceNumber(b),
  },
  { name: 'invoiceDate', label: 'invoice date' },
  { name: 'dueDate', label: 'due date' },
  { name: 'currency', label: 'currency' },
  { name: 'subtotalMinor', label: 'subtotal' },
  { name: 'taxMinor', label: 'tax' },
  { name: 'totalMinor', label: 'total' },
  { name: 'prepaidMinor', label: 'prepaid amount' },
  { name: 'amountDueMinor', label: 'amount due' },
  { name: 'iban', label: 'IBAN' },
];

function shown(value: string | number, name: Comparable, currency: string | undefined): string {
  return typeof value === 'number' && name.endsWith('Minor')
    ? minorToDecimal(value, currency ?? 'EUR')
    : String(value);
}

/** Checks the print against the XML in place: sources copied, conflicts added to `xml.issues`. */
export function crossCheck(xml: Invoice, printed: Invoice): void {
  const issues: InvoiceIssue[] = [];
  for (const { name, label, same, noConflict } of COMPARED) {
    const fromXml = xml[name] as Field<string | number> | undefined;
    const fromText = printed[name] as Field<string | number> | undefined;
    if (!fromXml || !fromText) continue;
    const equal =
      fromXml.value === fromText.value ||
      (same !== undefined && same(String(fromXml.value), String(fromText.value)));
    if (equal) {
      fromXml.source ??= fromText.source;
      continue;
    }
    if (noConflict) continue;
    const currency = xml.currency?.value;
    issues.push({
      code: ISSUE_CODES.printedDiffers,
      field: name,
      message: `The ${label} in the e-invoice XML is ${shown(fromXml.value, name, currency)}, but the printed invoice reads ${shown(fromText.value, name, printed.currency?.value)}.`,
    });
    fromXml.confidence = Math.min(fromXml.confidence, 0.5);
  }
  xml.language = printed.language;
  xml.issues = [...xml.issues, ...issues];
  xml.confidence = overallConfidence(xml);
}
