/**
 * Invoice metadata extraction (issue 8): pure domain code, positioned text in, fields out.
 *
 *   extractInvoice(doc: DocumentText) → { invoice } | { error: { code: 'NOT_AN_INVOICE', message } }
 *   duplicateKey(invoice) → "vendor|NUMBER|CURtotal", or undefined without a number or a total
 *   normalizeIban(text) / findIbans(text) / mod97(text): IBAN checksum (ISO 13616)
 *
 * `invoice` holds vendor name, tax id and address, customer name, number, invoice and due dates (ISO;
 * the due date may come from payment terms), currency (ISO 4217), subtotal, tax, tax rate (or a
 * `taxBreakdown` per rate), total (integer minor units), IBAN (only when its checksum holds), payment
 * reference and line items. Every field is `{ value, confidence, source: { page, x, y, width, height } }`,
 * in PDF points from the page's top-left corner, for highlighting. `checks` lists what was verified
 * (subtotal + tax = total, lines = subtotal, quantity × price = amount, tax = rate × subtotal, IBAN,
 * due ≥ issue), failures included; a failure lowers the confidence of the fields involved.
 * `invoice.confidence` is the mean over vendor name, number, invoice date, total and currency.
 *
 * Labels are read in English, German, French, Dutch and Afrikaans, with their number formats
 * (1,234.56; 1.234,56; 1 234,56) and dates (12.03.2024; 12 mars 2024; 12 Maart 2024; March 12, 2024).
 * A document without invoice wording (title or number label) and a total or line items, or one that
 * reads as a statement or quotation, is NOT_AN_INVOICE. PDF failures (corrupt, encrypted, image-only)
 * are the PDF adapter's `PdfExtractionError` and never reach this code.
 */
export { extractInvoice } from './extract-invoice.js';
export { readInvoiceDocument, type InvoiceDocument } from './read-invoice.js';
export {
  EInvoiceErrorCode,
  MAX_EINVOICE_XML_BYTES,
  looksLikeXml,
  readEInvoiceXml,
  type ReadEInvoiceResult,
} from './e-invoice/read.js';
export {
  duplicateKey,
  duplicateKeyOf,
  normalizeInvoiceNumber,
  normalizeVendor,
  type DuplicateKeyFields,
} from './duplicate-key.js';
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
  ISSUE_CODES,
  INVOICE_SOURCES,
  type EInvoiceInfo,
  type InvoiceIssue,
  type InvoiceSource,
  type IssueCode,
  type InvoiceLanguage,
  type InvoiceLineItem,
  type NotAnInvoiceError,
  type TaxLine,
} from './model.js';
