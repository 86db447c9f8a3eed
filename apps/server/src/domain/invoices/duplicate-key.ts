import type { Invoice } from './model.js';

/**
 * The identity of an invoice for duplicate detection: vendor, invoice number and total. The same
 * invoice scanned, re-exported or sent twice prints its vendor with small differences ("ACME GmbH",
 * "Acme GmbH."), so the vendor is compared without case, accents, punctuation or legal form; the
 * vendor's tax id stands in when no name was read. Undefined when number or total is missing: two
 * invoices without a number cannot be told apart from two genuinely different ones.
 */
const LEGAL_FORMS = new Set([
  'gmbh',
  'ag',
  'kg',
  'ug',
  'ohg',
  'ev',
  'ltd',
  'limited',
  'llc',
  'inc',
  'plc',
  'pty',
  'cc',
  'bv',
  'nv',
  'vof',
  'sarl',
  'sas',
  'sa',
  'eurl',
  'bvba',
  'srl',
  'co',
  'corp',
  'company',
]);

export function normalizeVendor(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .split(/\s+/)
    .filter((word) => word !== '' && !LEGAL_FORMS.has(word))
    .join(' ');
}

/** "inv 2024/001", "#INV2024/001" → "INV2024/001" */
export const normalizeInvoiceNumber = (number: string): string =>
  number.toUpperCase().replace(/^#/, '').replace(/\s+/g, '');

/** The fields an invoice is identified by, as plain values (an extraction's, or a user's corrections). */
export interface DuplicateKeyFields {
  vendorName?: string | null | undefined;
  vendorTaxId?: string | null | undefined;
  invoiceNumber?: string | null | undefined;
  totalMinor?: number | null | undefined;
  currency?: string | null | undefined;
}

export function duplicateKeyOf(fields: DuplicateKeyFields): string | undefined {
  const vendor = fields.vendorName ? normalizeVendor(fields.vendorName) : fields.vendorTaxId?.toUpperCase();
  const number = fields.invoiceNumber;
  const total = fields.totalMinor;
  if (!vendor || !number || total === undefined || total === null) return undefined;
  return [vendor, normalizeInvoiceNumber(number), `${fields.currency ?? ''}${total}`].join('|');
}

export function duplicateKey(invoice: Invoice): string | undefined {
  return duplicateKeyOf({
    vendorName: invoice.vendorName?.value,
    vendorTaxId: invoice.vendorTaxId?.value,
    invoiceNumber: invoice.invoiceNumber?.value,
    totalMinor: invoice.totalMinor?.value,
    currency: invoice.currency?.value,
  });
}
