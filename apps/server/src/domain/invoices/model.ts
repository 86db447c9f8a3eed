/**
 * The result of reading an invoice: every field carries the value, a confidence in [0, 1] and the
 * rectangle it was read from, so the web app can highlight it and the user can correct it. Money is in
 * integer minor units of `currency`; dates are ISO `YYYY-MM-DD`.
 */

/** A rectangle in PDF points, origin at the page's top-left corner (as in DocumentText). */
export interface FieldSource {
  /** 1-based. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Field<T> {
  value: T;
  confidence: number;
  /** Where the value is printed; absent for a value read from an e-invoice's XML that the print does not show. */
  source?: FieldSource | undefined;
}

export interface InvoiceLineItem {
  description: Field<string>;
  /** Not money, so a plain number; services are often billed in fractions (1.5 hours). */
  quantity?: Field<number> | undefined;
  /** Set when the unit price is a whole number of minor units (most are; see `unitPrice`). */
  unitPriceMinor?: Field<number> | undefined;
  /** The unit price as a decimal string ("0.02224", "9.90"): prices may carry more decimals than money. */
  unitPrice?: Field<string> | undefined;
  amountMinor: Field<number>;
  /** The line's VAT rate, where printed or in the XML. */
  taxRatePercent?: Field<number> | undefined;
}

export interface TaxLine {
  ratePercent?: Field<number> | undefined;
  /** EN 16931 VAT category (S standard, Z zero, E exempt, AE reverse charge, K intra-community, ...). */
  category?: Field<string> | undefined;
  /** The base the tax is computed on. */
  taxableMinor?: Field<number> | undefined;
  amountMinor: Field<number>;
}

export const INVOICE_LANGUAGES = ['en', 'de', 'fr', 'nl', 'af'] as const;
export type InvoiceLanguage = (typeof INVOICE_LANGUAGES)[number];

export const CHECK_CODES = {
  totals: 'SUBTOTAL_PLUS_TAX_EQUALS_TOTAL',
  lines: 'LINES_SUM_TO_SUBTOTAL',
  lineAmount: 'QUANTITY_TIMES_PRICE_EQUALS_AMOUNT',
  taxRate: 'TAX_MATCHES_RATE',
  iban: 'IBAN_CHECKSUM',
  dueAfterIssue: 'DUE_DATE_NOT_BEFORE_INVOICE_DATE',
} as const;
export type CheckCode = (typeof CHECK_CODES)[keyof typeof CHECK_CODES];

/** One consistency check; failures lower the confidence of the fields involved and stay visible here. */
export interface InvoiceCheck {
  code: CheckCode;
  passed: boolean;
  message: string;
  /** Names of the invoice fields the check involved (`lineItems[2]` for a line). */
  fields: string[];
  expectedMinor?: number | undefined;
  actualMinor?: number | undefined;
}

export interface Invoice {
  /** The language whose labels matched best; it also decides ambiguous dates and numbers. */
  language: InvoiceLanguage;
  vendorName?: Field<string> | undefined;
  vendorTaxId?: Field<string> | undefined;
  /** Address lines joined with ", ". */
  vendorAddress?: Field<string> | undefined;
  customerName?: Field<string> | undefined;
  invoiceNumber?: Field<string> | undefined;
  invoiceDate?: Field<string> | undefined;
  dueDate?: Field<string> | undefined;
  /** ISO 4217 code. */
  currency?: Field<string> | undefined;
  subtotalMinor?: Field<number> | undefined;
  taxMinor?: Field<number> | undefined;
  /** Percent, e.g. 19 or 7.7; undefined when the invoice has several rates (see `taxBreakdown`). */
  taxRatePercent?: Field<number> | undefined;
  /** One entry per rate when the invoice mixes rates (7 % and 19 %); `taxMinor` is then their sum. */
  taxBreakdown?: TaxLine[] | undefined;
  totalMinor?: Field<number> | undefined;
  /** Sum of the line amounts, where it differs from the subtotal (document allowances or charges follow). */
  lineTotalMinor?: Field<number> | undefined;
  /** Document-level discounts, as a positive amount subtracted before the subtotal. */
  allowanceTotalMinor?: Field<number> | undefined;
  /** Document-level charges (freight, travel), added before the subtotal. */
  chargeTotalMinor?: Field<number> | undefined;
  /** Already paid (a deposit or prepayment), deducted from the total. */
  prepaidMinor?: Field<number> | undefined;
  /** What remains to pay: total − prepaid; set when it is printed or differs from the total. */
  amountDueMinor?: Field<number> | undefined;
  /** Electronic format: upper case, no spaces; only ever set when the mod-97 checksum holds. */
  iban?: Field<string> | undefined;
  paymentReference?: Field<string> | undefined;
  lineItems: InvoiceLineItem[];
  /** Where the fields come from: the printed text, or the e-invoice XML embedded in (or uploaded as) the file. */
  source: InvoiceSource;
  /** The e-invoice read, when `source` is `embedded_xml`. */
  eInvoice?: EInvoiceInfo | undefined;
  checks: InvoiceCheck[];
  /** Problems that are not arithmetic: fields not found, print that contradicts the XML, an ambiguous currency. */
  issues: InvoiceIssue[];
  /** Mean confidence of vendor name, number, invoice date, total and currency; a missing one counts 0. */
  confidence: number;
  /** Pages read by OCR (they had no text layer) and Tesseract's mean word confidence over them, 0–100. */
  ocr?: { pages: number[]; meanConfidence: number } | undefined;
}

export const INVOICE_SOURCES = ['text', 'embedded_xml'] as const;
export type InvoiceSource = (typeof INVOICE_SOURCES)[number];

export interface EInvoiceInfo {
  /** UN/CEFACT Cross Industry Invoice (Factur-X, ZUGFeRD, XRechnung CII) or OASIS UBL (XRechnung UBL, Peppol). */
  syntax: 'CII' | 'UBL';
  /** The guideline (profile) the XML names, e.g. `urn:cen.eu:en16931:2017`. */
  guideline?: string | undefined;
  /** The attachment's file name inside a PDF (`factur-x.xml`), or undefined for an uploaded XML file. */
  fileName?: string | undefined;
}

export const ISSUE_CODES = {
  fieldNotFound: 'FIELD_NOT_FOUND',
  printedDiffers: 'PRINTED_TEXT_CONFLICTS_WITH_XML',
  currencyAmbiguous: 'CURRENCY_AMBIGUOUS',
  eInvoiceUnreadable: 'EMBEDDED_XML_UNREADABLE',
} as const;
export type IssueCode = (typeof ISSUE_CODES)[keyof typeof ISSUE_CODES];

export interface InvoiceIssue {
  code: IssueCode;
  message: string;
  /** The field concerned, as the model names it (`totalMinor`). */
  field?: string | undefined;
}

export interface NotAnInvoiceError {
  code: 'NOT_AN_INVOICE';
  message: string;
}

export type ExtractInvoiceResult =
  { invoice: Invoice; error?: undefined } | { error: NotAnInvoiceError; invoice?: undefined };
