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
  source: FieldSource;
}

export interface InvoiceLineItem {
  description: Field<string>;
  /** Not money, so a plain number; services are often billed in fractions (1.5 hours). */
  quantity?: Field<number> | undefined;
  unitPriceMinor?: Field<number> | undefined;
  amountMinor: Field<number>;
}

export interface TaxLine {
  ratePercent?: Field<number> | undefined;
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
  /** Electronic format: upper case, no spaces; only ever set when the mod-97 checksum holds. */
  iban?: Field<string> | undefined;
  paymentReference?: Field<string> | undefined;
  lineItems: InvoiceLineItem[];
  checks: InvoiceCheck[];
  /** Mean confidence of vendor name, number, invoice date, total and currency; a missing one counts 0. */
  confidence: number;
}

export interface NotAnInvoiceError {
  code: 'NOT_AN_INVOICE';
  message: string;
}

export type ExtractInvoiceResult =
  { invoice: Invoice; error?: undefined } | { error: NotAnInvoiceError; invoice?: undefined };
