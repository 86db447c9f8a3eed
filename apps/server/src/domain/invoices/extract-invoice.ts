import type { DocumentText } from '../document-text.js';
import { detectDecimalSeparator, parseAmount } from './amount-text.js';
import { runChecks } from './checks.js';
import { addDays, detectDayOrder, findTermDaysInSentence, parseDate, parseTermDays } from './date-text.js';
import { currencyFromAmounts, currencyFromIdentifiers, detectLanguage } from './detect.js';
import { findLabels, findValues, rateIn, stripRate, type FoundValue, type ReadingContext } from './fields.js';
import { findIbans, normalizeIban } from './iban.js';
import { findLineItems, type Table } from './line-items.js';
import {
  CHECK_CODES,
  type ExtractInvoiceResult,
  type Field,
  type Invoice,
  type InvoiceCheck,
  type InvoiceLineItem,
} from './model.js';
import { customerBlock, findVendorAddress, findVendorName, findWindowRecipient } from './parties.js';
import { allCells, buildLayout, sourceOf, unionSource, type Cell, type Layout } from './text-layout.js';

/**
 * Reads an invoice from positioned text: labels and their values, the line-item table, the parties,
 * then the checks that tie the amounts together. A document without invoice wording (a title such as
 * "Invoice"/"Rechnung"/"Faktuur" or an invoice-number label) and without a total or line items, or one
 * that calls itself a statement or quotation and has no invoice number, is NOT_AN_INVOICE.
 */

/** How sure a reading is, by how it was found: a labelled value beats a guess from the layout. */
const CONFIDENCE = {
  inline: 0.95,
  right: 0.95,
  below: 0.9,
  prominent: 0.75,
  block: 0.8,
  pattern: 0.8,
  // A due date computed from terms ("30 days") depends on reading both the terms and the invoice date.
  terms: 0.8,
} as const;

const IBAN_SHAPE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}/;

const notAnInvoice = (message: string): ExtractInvoiceResult => ({
  error: { code: 'NOT_AN_INVOICE', message },
});

function field<T>(found: FoundValue, value: T): Field<T> {
  const cell = found.cells[0] ?? found.label;
  if (found.method !== 'inline') {
    return { value, confidence: CONFIDENCE[found.method], source: unionSource(found.cells) };
  }
  // An inline value sits after its label in the same cell: narrow the rectangle in proportion.
  const share = found.offset / Math.max(cell.text.length, 1);
  const x = cell.x + cell.width * share;
  return {
    value,
    confidence: CONFIDENCE.inline,
    source: sourceOf({ ...cell, x, width: cell.width - (x - cell.x) }),
  };
}

const first = (values: FoundValue[], kind: FoundValue['kind']): FoundValue | undefined =>
  values.find((v) => v.kind === kind);

function amountField(
  found: FoundValue | undefined,
  ctx: ReadingContext,
  currency: string,
): Field<number> | undefined {
  const parsed = found && parseAmount(stripRate(found.text), ctx.decimal, currency);
  return found && parsed ? field(found, parsed.minor) : undefined;
}

/**
 * Without a printed due date, payment terms give one: "Payment terms: 30 days" or a sentence such as
 * "Zahlbar innerhalb von 14 Tagen", counted from the invoice date. A computed date is less certain.
 */
function dueFromTerms(
  values: FoundValue[],
  layout: Layout,
  invoiceDate: Field<string> | undefined,
): Field<string> | undefined {
  if (!invoiceDate) return undefined;
  const labelled = first(values, 'paymentTerms');
  const labelledDays = labelled && parseTermDays(labelled.text);
  if (labelled && labelledDays) {
    return { ...field(labelled, addDays(invoiceDate.value, labelledDays)), confidence: CONFIDENCE.terms };
  }
  for (const cell of allCells(layout)) {
    const days = findTermDaysInSentence(cell.text);
    if (days)
      return {
        value: addDays(invoiceDate.value, days),
        confidence: CONFIDENCE.terms,
        source: sourceOf(cell),
      };
  }
  return undefined;
}

type Amounts = Pick<Invoice, 'subtotalMinor' | 'taxMinor' | 'taxRatePercent' | 'taxBreakdown' | 'totalMinor'>;

/**
 * Subtotal, tax and total. Tax lines with distinct rates (7 % and 19 %) are summed; other repeated tax
 * lines only when subtotal + their sum is a printed total (a summary may repeat the one tax). Otherwise
 * the first stands alone, and the totals check reports whatever does not add up.
 */
function readAmounts(values: FoundValue[], ctx: ReadingContext, currency: string): Amounts {
  const subtotalMinor = amountField(first(values, 'subtotal'), ctx, currency);
  const taxes = values
    .filter(
      (v, i) => v.kind === 'tax' && values.findIndex((w) => w.kind === 'tax' && w.label === v.label) === i,
    )
    .map((v) => ({
      found: v,
      amount: amountField(v, ctx, currency),
      rate: rateIn(v.label.text) ?? rateIn(v.text),
    }))
    .filter((t): t is typeof t & { amount: Field<number> } => t.amount !== undefined);
  const totals = values.filter((v) => v.kind === 'total');
  const totalOf = (expected: number | undefined): Field<number> | undefined => {
    const explained = totals.find((v) => amountField(v, ctx, currency)?.value === expected);
    return amountField(explained ?? totals.at(-1), ctx, currency);
  };
  const rateField = (t: (typeof taxes)[number]): Field<number> | undefined =>
    t.rate === undefined ? undefined : { value: t.rate, confidence: 0.9, source: sourceOf(t.found.label) };
  const sum = taxes.reduce((acc, t) => acc + t.amount.value, 0);
  const subtotal = subtotalMinor?.value;
  const rates = new Set(taxes.map((t) => t.rate));
  const distinctRates = taxes.length > 1 && rates.size === taxes.length && !rates.has(undefined);
  const summed =
    distinctRates ||
    (taxes.length > 1 && subtotal !== undefined && totalOf(subtotal + sum)?.value === subtotal + sum);
  if (summed) {
    const cells = taxes.flatMap((t) => t.found.cells);
    const confidence = Math.min(...taxes.map((t) => t.amount.confidence));
    return {
      subtotalMinor,
      taxMinor: { value: sum, confidence, source: unionSource(cells) },
      taxBreakdown: taxes.map((t) => ({ ratePercent: rateField(t), amountMinor: t.amount })),
      totalMinor: totalOf(subtotal === undefined ? undefined : subtotal + sum),
    };
  }
  const tax = taxes[0];
  const expected = subtotal !== undefined && tax ? subtotal + tax.amount.value : undefined;
  return {
    subtotalMinor,
    taxMinor: tax?.amount,
    taxRatePercent: tax && rateField(tax),
    totalMinor: totalOf(expected),
  };
}

function lineItems(table: Table): InvoiceLineItem[] {
  const read = (cell: Cell): Pick<Field<never>, 'confidence' | 'source'> => ({
    confidence: 0.9,
    source: sourceOf(cell),
  });
  return table.rows.map((row) => ({
    description: {
      value: row.description.map((c) => c.text).join(' '),
      confidence: 0.9,
      source: unionSource(row.description),
    },
    quantity: row.quantity && { value: row.quantity.value, ...read(row.quantity.cell) },
    unitPriceMinor: row.unitPrice && { value: row.unitPrice.minor, ...read(row.unitPrice.cell) },
    amountMinor: { value: row.amount.minor, ...read(row.amount.cell) },
  }));
}

/** A printed IBAN whose mod-97 checksum fails is a misprint or a misread: it is reported, never used. */
function ibanCheck(iban: Field<string> | undefined, layout: Layout): InvoiceCheck | undefined {
  if (iban) {
    return {
      code: CHECK_CODES.iban,
      passed: true,
      message: 'The IBAN checksum (mod 97) holds.',
      fields: ['iban'],
    };
  }
  const onIbanLine = (c: Cell): boolean =>
    layout.lines[c.line]?.cells.some((x) => /\bIBAN\b/i.test(x.text)) ?? false;
  const shaped = allCells(layout).find((c) => IBAN_SHAPE.test(c.text) && onIbanLine(c));
  if (!shaped) return undefined;
  return {
    code: CHECK_CODES.iban,
    passed: false,
    message: `"${shaped.text}" looks like an IBAN but its mod-97 checksum fails; it was not used.`,
    fields: ['iban'],
  };
}

function classify(
  labels: ReturnType<typeof findLabels>,
  values: FoundValue[],
  table: Table,
): string | undefined {
  const hasTitle = labels.some((l) => l.kinds.includes('title') && l.remainder === '');
  const hasNumber = values.some((v) => v.kind === 'invoiceNumber');
  const statement = labels.find((l) => l.kinds.includes('notInvoice') && l.remainder === '');
  if (!hasTitle && !hasNumber) return 'No invoice title or invoice number label was found.';
  if (statement && !hasNumber)
    return `The document reads as "${statement.cell.text}", not as an invoice (it has no invoice number).`;
  if (!values.some((v) => v.kind === 'total') && table.rows.length === 0)
    return 'No total and no line items were found.';
  return undefined;
}

interface Parties {
  vendorName?: Field<string> | undefined;
  vendorAddress?: Field<string> | undefined;
  customerName?: Field<string> | undefined;
  customerCells: Set<Cell>;
}

function readParties(layout: Layout, values: FoundValue[], table: Table, ctx: ReadingContext): Parties {
  const customer = first(values, 'customer');
  const recipient = customer ? undefined : findWindowRecipient(layout);
  const customerCells = customerBlock(layout, customer ?? recipient);
  const vendorLabel = first(values, 'vendor');
  const excluded = new Set([
    ...table.cells,
    ...customerCells,
    ...values.flatMap((v) => [v.label, ...v.cells]),
  ]);
  const nameCell = vendorLabel ? vendorLabel.cells[0] : findVendorName(layout, excluded, ctx);
  const vendorName = vendorLabel
    ? field(vendorLabel, vendorLabel.text)
    : nameCell && { value: nameCell.text, confidence: CONFIDENCE.prominent, source: sourceOf(nameCell) };
  const address = nameCell
    ? findVendorAddress(layout, nameCell, ctx).filter((c) => !excluded.has(c) || c === nameCell)
    : [];
  return {
    vendorName,
    vendorAddress:
      address.length > 0
        ? {
            value: address.map((c) => c.text).join(', '),
            confidence: CONFIDENCE.block,
            source: unionSource(address),
          }
        : undefined,
    customerName: customer
      ? field(customer, customer.text)
      : recipient && { value: recipient.text, confidence: CONFIDENCE.prominent, source: sourceOf(recipient) },
    customerCells,
  };
}

function readIban(values: FoundValue[], layout: Layout, customerCells: Set<Cell>): Field<string> | undefined {
  const labelled = first(values, 'iban');
  const iban = labelled && normalizeIban(labelled.text);
  if (labelled && iban) return field(labelled, iban);
  for (const cell of allCells(layout)) {
    const found = customerCells.has(cell) ? undefined : findIbans(cell.text)[0];
    if (found) return { value: found, confidence: CONFIDENCE.pattern, source: sourceOf(cell) };
  }
  return undefined;
}

function assemble(
  layout: Layout,
  values: FoundValue[],
  table: Table,
  ctx: ReadingContext,
  currencyGuess: Field<string> | undefined,
): Omit<Invoice, 'language' | 'checks' | 'confidence'> {
  const parties = readParties(layout, values, table, ctx);
  const outsideCustomer = (v: FoundValue): boolean =>
    !parties.customerCells.has(v.label) && !v.cells.some((c) => parties.customerCells.has(c));
  const taxIdValue = values.find((v) => v.kind === 'vendorTaxId' && outsideCustomer(v));
  const iban = readIban(values, layout, parties.customerCells);
  const taxId = taxIdValue && field(taxIdValue, taxIdValue.text.replace(/[\s.]/g, '').toUpperCase());
  const currencyLabel = first(values, 'currency');
  const currency =
    (currencyLabel && field(currencyLabel, currencyLabel.text)) ??
    currencyGuess ??
    currencyFromIdentifiers(iban, taxId);
  const dates = (kind: 'invoiceDate' | 'dueDate'): Field<string> | undefined => {
    const found = first(values, kind);
    const iso = found && parseDate(found.text, ctx.dayOrder);
    return found && iso ? field(found, iso) : undefined;
  };
  const invoiceDate = dates('invoiceDate');
  const number = first(values, 'invoiceNumber');
  const reference = first(values, 'paymentReference');
  return {
    vendorName: parties.vendorName,
    vendorTaxId: taxId,
    vendorAddress: parties.vendorAddress,
    customerName: parties.customerName,
    invoiceNumber: number && field(number, number.text.replace(/^#\s*/, '')),
    invoiceDate,
    dueDate: dates('dueDate') ?? dueFromTerms(values, layout, invoiceDate),
    currency,
    ...readAmounts(values, ctx, currency?.value ?? 'EUR'),
    iban,
    paymentReference: reference && field(reference, reference.text),
    lineItems: lineItems(table),
  };
}

/** The mean confidence of the fields every invoice has; a missing one counts as 0. */
function overallConfidence(invoice: Invoice): number {
  const core = [
    invoice.vendorName,
    invoice.invoiceNumber,
    invoice.invoiceDate,
    invoice.totalMinor,
    invoice.currency,
  ];
  const sum = core.reduce((acc, f) => acc + (f?.confidence ?? 0), 0);
  return Math.round((sum / core.length) * 1000) / 1000;
}

export function extractInvoice(doc: DocumentText): ExtractInvoiceResult {
  const layout = buildLayout(doc);
  if (layout.lines.length === 0)
    return notAnInvoice('The document has no text; a scanned image needs OCR before it can be read.');
  const rawLabels = findLabels(layout, new Set());
  const language = detectLanguage(rawLabels);
  const cells = allCells(layout);
  const texts = [...cells.map((c) => c.text), ...rawLabels.map((l) => l.remainder)];
  const ctx: ReadingContext = {
    decimal: detectDecimalSeparator(texts, language === 'en' ? '.' : ','),
    dayOrder: detectDayOrder(texts),
  };
  const currencyGuess = currencyFromAmounts(cells, ctx.decimal);
  const table = findLineItems(layout, { ...ctx, currency: currencyGuess?.value ?? 'EUR' });
  const values = findValues(layout, findLabels(layout, table.cells), table.cells, ctx);
  const verdict = classify(rawLabels, values, table);
  if (verdict) return notAnInvoice(verdict);
  const invoice: Invoice = {
    language,
    ...assemble(layout, values, table, ctx, currencyGuess),
    checks: [],
    confidence: 0,
  };
  const iban = ibanCheck(invoice.iban, layout);
  invoice.checks = [...runChecks(invoice), ...(iban ? [iban] : [])];
  invoice.confidence = overallConfidence(invoice);
  return { invoice };
}
