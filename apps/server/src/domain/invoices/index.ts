/**
 * Invoice metadata extraction (issue 8): pure domain code, positioned text in, fields out.
 *
 *   extractInvoice(doc: DocumentText) → { invoice } | { error: { code: 'NOT_AN_INVOICE', message } }
 *   duplicateKey(invoice) → "vendor|NUMBER|CURtotal" or undefined (no number or total)
 *   normalizeIban(text) / findIbans(text) / mod97(text): IBAN checksum (ISO 13616)
 *
 * `invoice` holds vendor name, tax id and address, customer name, number, dates (ISO), currency,
 * subtotal, tax and rate, total (integer minor units), IBAN (only when its checksum holds), payment
 * reference and line items; every field is `{ value, confidence, source: { page, x, y, width, height } }`
 * in PDF points from the page's top-left, and `checks` lists what was verified (subtotal + tax = total,
 * lines = subtotal, quantity × price = amount, tax = rate × subtotal, IBAN, due ≥ issue), failures included.
 * Labels are read in English, German, French, Dutch and Afrikaans, with their number and date formats.
 */
export { extractInvoice } from './extract-invoice.js';
export { duplicateKey, normalizeInvoiceNumber, normalizeVendor } from './duplicate-key.js';
export { findIbans, formatIban, mod97, normalizeIban } from './iban.js';
export {
  CHECK_CODES,
  INVOICE_LANGUAGES,
  type CheckCode,
  type ExtractInvoiceResult,
  type Field,
  type FieldSource,
  type Invoice,
  type InvoiceCheck,
  type InvoiceLanguage,
  type InvoiceLineItem,
  type NotAnInvoiceError,
  type TaxLine,
} from './model.js';
