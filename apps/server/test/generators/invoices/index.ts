/**
 * Invoice generator for tests, the accuracy report and the benchmark: renders an invoice in one of
 * `LAYOUT_NAMES` and one of the five languages from a seed, as real PDF bytes (pdfkit), together with
 * the answer extraction must give.
 *
 *   generateInvoice({ layout, language, seed }) → Promise<{ pdf, expected, spec }>
 *   generateNonInvoice(kind, seed) → Promise<Uint8Array>  (a bank statement, a letter, a quotation)
 */
import type { InvoiceLanguage } from '../../../src/domain/invoices/index.js';
import { renderPdf } from '../statements/render-pdf.js';
import { buildSpec, type InvoiceSpec } from './data.js';
import { LAYOUTS, type LayoutName } from './layouts.js';
import { Pen } from './pen.js';
import { seeded } from '../random.js';

export { LAYOUT_NAMES, type LayoutName } from './layouts.js';
export { generateNonInvoice, NON_INVOICE_KINDS, type NonInvoiceKind } from './non-invoices.js';
export type { InvoiceSpec } from './data.js';

/** What extraction must read: plain values, compared exactly. */
export interface ExpectedInvoice {
  vendorName: string;
  vendorTaxId: string;
  vendorAddress: string;
  customerName: string;
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  /** Undefined when the invoice has several rates; `taxBreakdown` lists them then. */
  taxRatePercent: number | undefined;
  taxBreakdown: { ratePercent: number; amountMinor: number }[] | undefined;
  totalMinor: number;
  iban: string | undefined;
  paymentReference: string;
  lineItems: { description: string; quantity?: number; unitPriceMinor?: number; amountMinor: number }[];
}

export interface GeneratedInvoice {
  pdf: Uint8Array;
  expected: ExpectedInvoice;
  spec: InvoiceSpec;
}

export function expectedOf(spec: InvoiceSpec, layout: LayoutName): ExpectedInvoice {
  const withQuantities = layout !== 'from-to';
  return {
    vendorName: spec.vendor.name,
    vendorTaxId: spec.vendor.taxId,
    vendorAddress: spec.vendor.address.join(', '),
    customerName: spec.customer.name,
    invoiceNumber: spec.number,
    invoiceDate: spec.invoiceDate,
    dueDate: spec.dueDate,
    currency: spec.currency,
    subtotalMinor: spec.subtotalMinor,
    taxMinor: spec.taxMinor,
    taxRatePercent: spec.taxes.length === 1 ? spec.taxes[0]?.rate : undefined,
    taxBreakdown:
      spec.taxes.length > 1
        ? spec.taxes.map((t) => ({ ratePercent: t.rate, amountMinor: t.amountMinor }))
        : undefined,
    totalMinor: spec.totalMinor,
    iban: spec.iban,
    paymentReference: spec.reference,
    lineItems: spec.lines.map((line) => ({
      description: line.description.join(' '),
      ...(withQuantities ? { quantity: line.quantity, unitPriceMinor: line.unitPriceMinor } : {}),
      amountMinor: line.amountMinor,
    })),
  };
}

/**
 * Deliberate errors an invoice may carry, to prove that checks report them: a total 1.00 too high, a
 * first line amount 10.00 too high (so lines no longer add up), or an IBAN with two digits swapped.
 */
export const MISPRINTS = ['total', 'lineAmount', 'iban'] as const;
export type Misprint = (typeof MISPRINTS)[number];

function misprinted(spec: InvoiceSpec, misprint: Misprint | undefined): InvoiceSpec {
  const [first, ...rest] = spec.lines;
  switch (misprint) {
    case 'total':
      return { ...spec, totalMinor: spec.totalMinor + 100 };
    case 'lineAmount':
      return first
        ? { ...spec, lines: [{ ...first, amountMinor: first.amountMinor + 1000 }, ...rest] }
        : spec;
    case 'iban': {
      const iban = spec.iban;
      if (!iban || iban[5] === iban[6])
        throw new RangeError('pick a seed and language whose IBAN can be misprinted');
      return { ...spec, iban: `${iban.slice(0, 5)}${iban[6]}${iban[5]}${iban.slice(7)}` };
    }
    case undefined:
      return spec;
  }
}

export async function generateInvoice(options: {
  layout: LayoutName;
  language: InvoiceLanguage;
  seed: number;
  misprint?: Misprint;
  /** Encrypts the PDF (RC4/AES as pdfkit does for PDF 1.7) with this user password. */
  password?: string;
}): Promise<GeneratedInvoice> {
  const layout = LAYOUTS[options.layout];
  const random = seeded(options.seed);
  const [min, max] = layout.lineCount;
  const facts = buildSpec(options.language, random, {
    lineCount: random.int(min, max),
    wrap: 'wrap' in layout && layout.wrap,
  });
  const spec = misprinted(facts, options.misprint);
  const pdf = await renderPdf((doc) => layout.draw(new Pen(doc), spec), {
    bufferPages: true,
    ...(options.password
      ? {
          userPassword: options.password,
          ownerPassword: `${options.password}-owner`,
          pdfVersion: '1.7' as const,
        }
      : {}),
    info: {
      Title: `${spec.labels.title} ${spec.number}`,
      Producer: 'Ledgerflow invoice generator',
      CreationDate: new Date(Date.UTC(2026, 0, 1)),
    },
  });
  const expected = expectedOf(spec, options.layout);
  // A misprinted IBAN fails its checksum, so extraction must not return it.
  return { pdf, expected: options.misprint === 'iban' ? { ...expected, iban: undefined } : expected, spec };
}
