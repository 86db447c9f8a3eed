import { Type, type Static, type TSchema } from 'typebox';
import { CalendarDate, Nullable, OcrInfo, PageQuery, Timestamp, Uuid } from './common.js';

const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });

/** Where a value was printed: PDF points from the page's top-left corner (1-based page). */
export const FieldSource = Type.Object({
  page: Type.Integer({ minimum: 1 }),
  x: Type.Number(),
  y: Type.Number(),
  width: Type.Number(),
  height: Type.Number(),
});

const Extracted = <T extends TSchema>(value: T) =>
  Nullable(
    Type.Object({
      value,
      confidence: Type.Number({ minimum: 0, maximum: 1 }),
      /** Null for a value taken from an e-invoice's XML that the printed page does not show. */
      source: Nullable(FieldSource),
    }),
  );

/** Every header field as the extractor read it (null when not found), for highlighting. */
export const ExtractedInvoiceFields = Type.Object({
  vendor_name: Extracted(Type.String()),
  vendor_tax_id: Extracted(Type.String()),
  vendor_address: Extracted(Type.String()),
  customer_name: Extracted(Type.String()),
  invoice_number: Extracted(Type.String()),
  invoice_date: Extracted(Type.String()),
  due_date: Extracted(Type.String()),
  currency: Extracted(Type.String()),
  subtotal_minor: Extracted(Type.Integer()),
  tax_minor: Extracted(Type.Integer()),
  tax_rate_percent: Extracted(Type.Number()),
  total_minor: Extracted(Type.Integer()),
  iban: Extracted(Type.String()),
  payment_reference: Extracted(Type.String()),
});

export const InvoiceLineItemView = Type.Object({
  description: Extracted(Type.String()),
  quantity: Extracted(Type.Number()),
  /** Set when the unit price is a whole number of minor units; `unit_price` always. */
  unit_price_minor: Extracted(Type.Integer()),
  /** The unit price as a decimal string ("0.02224"): prices may carry more decimals than money. */
  unit_price: Extracted(Type.String()),
  amount_minor: Extracted(Type.Integer()),
  tax_rate_percent: Extracted(Type.Number()),
});

/** A problem to look at: a field not found, a failed check, print contradicting the XML, a duplicate. */
export const InvoiceIssue = Type.Object({
  code: Type.String({
    description:
      'FIELD_NOT_FOUND, PRINTED_TEXT_CONFLICTS_WITH_XML, CURRENCY_AMBIGUOUS, EMBEDDED_XML_UNREADABLE, ' +
      'a failed check code (SUBTOTAL_PLUS_TAX_EQUALS_TOTAL, ...), DUPLICATE_INVOICE or DUPLICATE_CHECK_UNAVAILABLE',
  }),
  message: Type.String(),
  /** The field concerned (`total_minor`, `line_items[2]`), where there is one. */
  field: Nullable(Type.String()),
});

const InvoiceSourceKind = Type.Union([Type.Literal('text'), Type.Literal('embedded_xml')], {
  description: '`text`: read from the print; `embedded_xml`: from the e-invoice XML (in the PDF or uploaded)',
});

export const InvoiceCheckView = Type.Object({
  code: Type.String(),
  passed: Type.Boolean(),
  message: Type.String(),
  fields: Type.Array(Type.String()),
  expected_minor: Nullable(Type.Integer()),
  actual_minor: Nullable(Type.Integer()),
});

export const InvoiceCorrectionView = Type.Object({
  field: Type.String(),
  /** The value before this correction (the extracted one, or an earlier correction). */
  previous: Type.Unknown(),
  value: Type.Unknown(),
  corrected_by: Nullable(Uuid),
  corrected_at: Timestamp,
});

/** An invoice in lists: current values (corrections applied), money in minor units. */
export const InvoiceSummary = Type.Object({
  id: Uuid,
  file_id: Nullable(Uuid),
  task_id: Nullable(Uuid),
  original_name: Type.String(),
  vendor_name: Nullable(Type.String()),
  invoice_number: Nullable(Type.String()),
  invoice_date: Nullable(CalendarDate),
  due_date: Nullable(CalendarDate),
  currency: Nullable(Type.String()),
  total_minor: Nullable(Type.Integer()),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  /** The earlier invoice with the same vendor, number and total. */
  duplicate_of: Nullable(Uuid),
  /** Issues: fields not found, failed checks (e.g. subtotal + tax ≠ total), conflicts, duplicates. */
  issue_count: Type.Integer(),
  corrected_fields: Type.Array(Type.String()),
  created_by: Nullable(Uuid),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type InvoiceSummary = Static<typeof InvoiceSummary>;

export const InvoiceView = Type.Object({
  ...InvoiceSummary.properties,
  language: Type.String(),
  vendor_tax_id: Nullable(Type.String()),
  vendor_address: Nullable(Type.String()),
  customer_name: Nullable(Type.String()),
  subtotal_minor: Nullable(Type.Integer()),
  tax_minor: Nullable(Type.Integer()),
  tax_rate_percent: Nullable(Type.Number()),
  tax_breakdown: Type.Array(
    Type.Object({
      rate_percent: Nullable(Type.Number()),
      /** EN 16931 VAT category code (S, Z, E, AE, K, G, O, L, M) where known. */
      category: Nullable(Type.String()),
      taxable_minor: Nullable(Type.Integer()),
      amount_minor: Type.Integer(),
    }),
  ),
  /** Sum of the lines, before document-level allowances and charges (null when not shown). */
  line_total_minor: Nullable(Type.Integer()),
  allowance_total_minor: Nullable(Type.Integer()),
  charge_total_minor: Nullable(Type.Integer()),
  /** Already paid (deposit, prepayment). */
  prepaid_minor: Nullable(Type.Integer()),
  /** What remains to pay (total − prepaid). */
  amount_due_minor: Nullable(Type.Integer()),
  iban: Nullable(Type.String()),
  payment_reference: Nullable(Type.String()),
  source: InvoiceSourceKind,
  /** The e-invoice read, when `source` is `embedded_xml`. */
  e_invoice: Nullable(
    Type.Object({
      syntax: Type.Union([Type.Literal('CII'), Type.Literal('UBL')]),
      guideline: Nullable(Type.String()),
      file_name: Nullable(Type.String()),
    }),
  ),
  extracted: ExtractedInvoiceFields,
  line_items: Type.Array(InvoiceLineItemView),
  checks: Type.Array(InvoiceCheckView),
  issues: Type.Array(InvoiceIssue),
  corrections: Type.Array(InvoiceCorrectionView),
  ocr: Type.Optional(OcrInfo),
});
export type InvoiceView = Static<typeof InvoiceView>;

/** The `extract_invoice_metadata` task's result. */
export const InvoiceExtractionResult = Type.Object({
  invoice_id: Uuid,
  vendor_name: Nullable(Type.String()),
  invoice_number: Nullable(Type.String()),
  invoice_date: Nullable(CalendarDate),
  total_minor: Nullable(Type.Integer()),
  currency: Nullable(Type.String()),
  confidence: Type.Number(),
  source: InvoiceSourceKind,
  duplicate_of: Nullable(Uuid),
  issues: Type.Array(InvoiceIssue),
  ocr: Type.Optional(OcrInfo),
});
export type InvoiceExtractionResult = Static<typeof InvoiceExtractionResult>;

export const InvoiceListQuery = Type.Object(
  {
    ...PageQuery,
    vendor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive part of the vendor name' }),
    ),
    date_from: Type.Optional({ ...CalendarDate, description: 'Invoice date on or after' }),
    date_to: Type.Optional({ ...CalendarDate, description: 'Invoice date on or before' }),
    currency: Type.Optional(CurrencyCode),
    duplicate: Type.Optional(
      Type.Boolean({ description: 'true: only duplicates of an earlier invoice; false: only originals' }),
    ),
  },
  { additionalProperties: false },
);
export type InvoiceListQuery = Static<typeof InvoiceListQuery>;

const Money = Nullable(Type.Integer({ minimum: -1e15, maximum: 1e15, description: 'Minor units' }));
const Text = (maxLength: number) => Nullable(Type.String({ minLength: 1, maxLength }));

/** User corrections: each given field replaces the current value (null clears it). */
export const InvoiceCorrections = Type.Object(
  {
    vendor_name: Type.Optional(Text(300)),
    vendor_tax_id: Type.Optional(Text(64)),
    vendor_address: Type.Optional(Text(500)),
    customer_name: Type.Optional(Text(300)),
    invoice_number: Type.Optional(Text(100)),
    invoice_date: Type.Optional(Nullable(CalendarDate)),
    due_date: Type.Optional(Nullable(CalendarDate)),
    currency: Type.Optional(
      Nullable(Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 (stored upper-case)' })),
    ),
    subtotal_minor: Type.Optional(Money),
    tax_minor: Type.Optional(Money),
    tax_rate_percent: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))),
    total_minor: Type.Optional(Money),
    iban: Type.Optional(Text(42)),
    payment_reference: Type.Optional(Text(200)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InvoiceCorrections = Static<typeof InvoiceCorrections>;

/** The text fields of an invoice upload (multipart/form-data, beside the `file` part). */
export const InvoiceUploadFields = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1024, description: 'For an encrypted PDF' })) },
  { additionalProperties: false },
);
export type InvoiceUploadFields = Static<typeof InvoiceUploadFields>;
