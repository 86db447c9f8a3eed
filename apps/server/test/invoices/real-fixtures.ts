import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { minorToDecimal } from '../../src/domain/money.js';
import { extractDocumentText, extractPdfContent } from '../../src/adapters/pdf/index.js';
import {
  extractInvoice,
  readInvoiceDocument,
  type ExtractInvoiceResult,
  type Invoice,
} from '../../src/domain/invoices/index.js';

/**
 * The real invoice fixtures (`test/fixtures/invoices/<source>/NAME.pdf` + `NAME.expected.json`, see
 * PROVENANCE.md there) and one way to compare a reading with them, shared by the accuracy report
 * (`scripts/invoice-accuracy.ts`), the fixture test and the API test. Values are compared as the
 * expected files write them: money as decimal strings, dates ISO, quantities and prices as numbers,
 * descriptions with white space collapsed and trailing punctuation dropped.
 */
export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/invoices');

export interface ExpectedLine {
  description: string;
  quantity?: string;
  unit_price?: string;
  amount: string;
  tax_rate?: string;
}

export interface ExpectedTax {
  category?: string;
  rate: string;
  base: string;
  tax: string;
}

export interface ExpectedInvoiceFile {
  vendor_name: string | null;
  vendor_tax_id: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
  due_date: string | null;
  currency: string | null;
  subtotal: string | null;
  tax: string | null;
  total: string | null;
  iban: string | null;
  prepaid?: string;
  amount_due?: string;
  line_total?: string;
  allowance_total?: string;
  charge_total?: string;
  line_items: ExpectedLine[];
  tax_breakdown?: ExpectedTax[];
}

export interface RealFixture {
  /** `<source>/<name>` */
  name: string;
  pdfPath: string;
  expected: ExpectedInvoiceFile;
}

export function realFixtures(): RealFixture[] {
  const fixtures: RealFixture[] = [];
  for (const source of readdirSync(FIXTURE_DIR, { withFileTypes: true })) {
    if (!source.isDirectory()) continue;
    for (const file of readdirSync(path.join(FIXTURE_DIR, source.name)).sort()) {
      if (!file.endsWith('.expected.json')) continue;
      const base = file.slice(0, -'.expected.json'.length);
      const expected = JSON.parse(
        readFileSync(path.join(FIXTURE_DIR, source.name, file), 'utf8'),
      ) as ExpectedInvoiceFile;
      fixtures.push({
        name: `${source.name}/${base}`,
        pdfPath: path.join(FIXTURE_DIR, source.name, `${base}.pdf`),
        expected,
      });
    }
  }
  return fixtures.sort((a, b) => a.name.localeCompare(b.name));
}

/** The fields every real fixture must read exactly from its printed text alone (issue 13). */
export const TEXT_REQUIRED = [
  'vendor_name',
  'invoice_number',
  'invoice_date',
  'due_date',
  'currency',
  'subtotal',
  'tax',
  'total',
  'iban',
] as const;

const HEADER = [
  'vendor_name',
  'vendor_tax_id',
  'invoice_number',
  'invoice_date',
  'due_date',
  'currency',
  'subtotal',
  'tax',
  'total',
  'iban',
] as const;
const OPTIONAL = ['prepaid', 'amount_due', 'line_total', 'allowance_total', 'charge_total'] as const;

export interface FieldComparison {
  field: string;
  expected: string | null;
  found: string | null;
  exact: boolean;
}

const money = (minor: number | undefined, currency: string | undefined): string | null =>
  minor === undefined ? null : minorToDecimal(minor, currency ?? 'EUR');

/** "Heiße Luft pro Liter:" and "Heiße  Luft pro Liter" read alike. */
const description = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:.,;]+$/, '');

const numeric = (text: string | undefined | null): string | null =>
  text === undefined || text === null || text === '' ? null : String(Number(text));

/** The reading's value of each compared field, written as the expected files write it. */
function foundValues(invoice: Invoice | undefined): Record<string, string | null> {
  const cur = invoice?.currency?.value;
  const m = (f: { value: number } | undefined) => money(f?.value, cur);
  return {
    vendor_name: invoice?.vendorName?.value ?? null,
    vendor_tax_id: invoice?.vendorTaxId?.value ?? null,
    invoice_number: invoice?.invoiceNumber?.value ?? null,
    invoice_date: invoice?.invoiceDate?.value ?? null,
    due_date: invoice?.dueDate?.value ?? null,
    currency: cur ?? null,
    subtotal: m(invoice?.subtotalMinor),
    tax: m(invoice?.taxMinor),
    total: m(invoice?.totalMinor),
    iban: invoice?.iban?.value ?? null,
    prepaid: m(invoice?.prepaidMinor),
    amount_due: m(invoice?.amountDueMinor),
    line_total: m(invoice?.lineTotalMinor),
    allowance_total: m(invoice?.allowanceTotalMinor),
    charge_total: m(invoice?.chargeTotalMinor),
  };
}

function lineText(line: ExpectedLine, withRate: boolean): string {
  const parts = [description(line.description), numeric(line.quantity), numeric(line.unit_price)];
  parts.push(numeric(line.amount));
  if (withRate) parts.push(numeric(line.tax_rate));
  return parts.map((p) => p ?? '-').join(' | ');
}

function foundLines(invoice: Invoice | undefined, withRate: boolean): string {
  const cur = invoice?.currency?.value;
  return (invoice?.lineItems ?? [])
    .map((line) =>
      lineText(
        {
          description: line.description.value,
          quantity: line.quantity === undefined ? undefined : String(line.quantity.value),
          unit_price:
            line.unitPrice?.value ??
            (line.unitPriceMinor ? (money(line.unitPriceMinor.value, cur) ?? undefined) : undefined),
          amount: money(line.amountMinor.value, cur) ?? '',
          tax_rate: line.taxRatePercent === undefined ? undefined : String(line.taxRatePercent.value),
        },
        withRate,
      ),
    )
    .join('\n');
}

const taxText = (t: { rate: string | null; base: string | null; tax: string | null }): string =>
  `${numeric(t.rate) ?? '-'}% of ${numeric(t.base) ?? '-'} = ${numeric(t.tax) ?? '-'}`;

function foundTaxes(invoice: Invoice | undefined): string {
  const cur = invoice?.currency?.value;
  return (invoice?.taxBreakdown ?? [])
    .map((t) =>
      taxText({
        rate: t.ratePercent === undefined ? null : String(t.ratePercent.value),
        base: money(t.taxableMinor?.value, cur),
        tax: money(t.amountMinor.value, cur),
      }),
    )
    .sort()
    .join('\n');
}

/**
 * Every field of the expected file against the reading: the header fields, the optional totals the file
 * names (prepayment, amount due, line total, allowances, charges), the line items (description, quantity,
 * unit price, amount, and the line's rate where the file gives one) and the tax breakdown (rate, base,
 * tax, in any order).
 */
export function compareWithExpected(
  expected: ExpectedInvoiceFile,
  invoice: Invoice | undefined,
): FieldComparison[] {
  const found = foundValues(invoice);
  const rows: FieldComparison[] = [];
  const push = (field: string, want: string | null, got: string | null) =>
    rows.push({ field, expected: want, found: got, exact: invoice !== undefined && want === got });
  for (const field of HEADER) push(field, expected[field], found[field] ?? null);
  for (const field of OPTIONAL) {
    const want = expected[field];
    if (want !== undefined) push(field, want, found[field] ?? null);
  }
  const withRate = expected.line_items.some((l) => l.tax_rate !== undefined);
  push(
    'line_items',
    expected.line_items.map((l) => lineText(l, withRate)).join('\n'),
    foundLines(invoice, withRate) || null,
  );
  if (expected.tax_breakdown) {
    push('tax_breakdown', expected.tax_breakdown.map(taxText).sort().join('\n'), foundTaxes(invoice) || null);
  }
  return rows;
}

/** The text path: the printed text alone, any embedded XML ignored. */
export async function readByText(pdf: Uint8Array): Promise<ExtractInvoiceResult> {
  return extractInvoice(await extractDocumentText(pdf));
}

/** The XML path: the e-invoice embedded in the PDF, read into an Invoice; undefined without one. */
export async function readByXml(pdf: Uint8Array): Promise<Invoice | undefined> {
  const { attachments } = await extractPdfContent(pdf, { attachments: true });
  if (attachments.length === 0) return undefined;
  return readInvoiceDocument({ text: { pages: [], metadata: {} }, attachments }).invoice;
}
