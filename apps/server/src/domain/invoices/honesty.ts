import { ISSUE_CODES, type Invoice, type InvoiceIssue } from './model.js';

/**
 * What an extraction owes its reader: every field it could not find is named (FIELD_NOT_FOUND) rather
 * than silently absent, and the confidence counts a missing field as zero, so an invoice read without a
 * total can never look as certain as one read with it.
 */
const EXPECTED_FIELDS = {
  vendorName: 'vendor name',
  invoiceNumber: 'invoice number',
  invoiceDate: 'invoice date',
  dueDate: 'due date',
  currency: 'currency',
  subtotalMinor: 'subtotal (net amount)',
  taxMinor: 'tax amount',
  totalMinor: 'total',
} as const satisfies Partial<Record<keyof Invoice, string>>;

/** The fields the confidence is the mean of. A due date is often legitimately absent, so it is not one. */
const CORE_FIELDS = [
  'vendorName',
  'invoiceNumber',
  'invoiceDate',
  'currency',
  'subtotalMinor',
  'taxMinor',
  'totalMinor',
] as const satisfies readonly (keyof Invoice)[];

export function missingFieldIssues(invoice: Invoice): InvoiceIssue[] {
  return Object.entries(EXPECTED_FIELDS)
    .filter(([name]) => invoice[name as keyof typeof EXPECTED_FIELDS] === undefined)
    .map(([name, label]) => ({
      code: ISSUE_CODES.fieldNotFound,
      field: name,
      message: `No ${label} was found${invoice.source === 'embedded_xml' ? ' in the e-invoice XML' : ' on the invoice'}.`,
    }));
}

/** The mean confidence of the core fields; a missing one counts as 0. */
export function overallConfidence(invoice: Invoice): number {
  const sum = CORE_FIELDS.reduce((acc, name) => acc + (invoice[name]?.confidence ?? 0), 0);
  return Math.round((sum / CORE_FIELDS.length) * 1000) / 1000;
}
