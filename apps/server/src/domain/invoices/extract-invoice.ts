import type { DocumentText } from '../document-text.js';
import { detectDecimalSeparator } from './amount-text.js';
import { runChecks } from './checks.js';
import { detectDayOrder, parseDate } from './date-text.js';
import { currencyFromAmounts, currencyFromIdentifiers, detectLanguage, dollarEvidence } from './detect.js';
import { findLabels, findValues, type FoundValue, type ReadingContext } from './fields.js';
import { missingFieldIssues, overallConfidence } from './honesty.js';
import { findLineItems, type Table } from './line-items.js';
import {
  CHECK_CODES,
  ISSUE_CODES,
  type ExtractInvoiceResult,
  type Field,
  type Invoice,
  type InvoiceCheck,
  type InvoiceLineItem,
} from './model.js';
import { customerBlock, findReturnLine, findVendorAddress, findVendorName } from './parties.js';
import { CONFIDENCE, dueFromTerms, field, first, readAmounts, readIban } from './read-fields.js';
import { allCells, buildLayout, sourceOf, unionSource, type Cell, type Layout } from './text-layout.js';

/**
 * Reads an invoice from positioned text: labels and their values, the line-item table, the parties,
 * then the checks that tie the amounts together. A document without invoice wording (a title such as
 * "Invoice"/"Rechnung"/"Faktuur" or an invoice-number label) and without a total or line items, or one
 * that calls itself a statement or quotation and has no invoice number, is NOT_AN_INVOICE.
 */

/** On a line that says IBAN, anything shaped like one, however grouped ("DE3708 0040 0123 4567 89"). */
const IBAN_SHAPE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){12,30}/;

const notAnInvoice = (message: string): ExtractInvoiceResult => ({
  error: { code: 'NOT_AN_INVOICE', message },
});

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
  if (!values.some((v) => v.kind === 'total' || v.kind === 'amountDue') && table.rows.length === 0)
    return 'No total and no line items were found.';
  return undefined;
}

/**
 * "No. 39" or "Nr. 471102" names the invoice's number only on a document titled as an invoice and
 * without an invoice-number label: the same words also number orders, customers and table rows.
 */
function numberFromGenericLabel(values: FoundValue[], labels: ReturnType<typeof findLabels>): FoundValue[] {
  const generic = values.find((v) => v.kind === 'genericNumber');
  const titled = labels.some((l) => l.kinds.includes('title'));
  const rest = values.filter((v) => v.kind !== 'genericNumber');
  if (!generic || !titled || rest.some((v) => v.kind === 'invoiceNumber')) return rest;
  return [...rest, { ...generic, kind: 'invoiceNumber' }];
}

/** A "$" read as USD stands only where the invoice shows it is the US dollar; otherwise it is unknown. */
function dollarsChecked(guess: Field<string> | undefined, layout: Layout): Field<string> | undefined {
  if (guess?.value !== 'USD' || dollarEvidence(allCells(layout))) return guess;
  return undefined;
}

/** Without any currency marker, a US address means dollars (with the confidence of a guess). */
function usAddressDollars(layout: Layout, values: FoundValue[]): Field<string> | undefined {
  if (values.length === 0) return undefined;
  const cell = dollarEvidence(allCells(layout));
  return cell && { value: 'USD', confidence: 0.5, source: sourceOf(cell) };
}

interface Parties {
  vendorName?: Field<string> | undefined;
  vendorAddress?: Field<string> | undefined;
  customerName?: Field<string> | undefined;
  customerCells: Set<Cell>;
}

function readParties(layout: Layout, values: FoundValue[], table: Table, ctx: ReadingContext): Parties {
  const customer = first(values, 'customer');
  const returnLine = findReturnLine(layout);
  const recipient = customer ? undefined : returnLine?.recipient;
  const customerCells = customerBlock(layout, customer ?? recipient);
  const vendorLabel = first(values, 'vendor');
  const excluded = new Set([
    ...table.cells,
    ...customerCells,
    ...values.flatMap((v) => [v.label, ...v.cells]),
  ]);
  const nameCell = vendorLabel
    ? vendorLabel.cells[0]
    : findVendorName(layout, excluded, ctx, {
        returnLine: returnLine?.sender,
      });
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
  // A VAT id (country prefix) names the vendor better than a national number (SIREN, Steuernummer).
  const taxIds = values.filter((v) => v.kind === 'vendorTaxId' && outsideCustomer(v));
  const taxIdValue = taxIds.find((v) => /^[A-Z]{2}/.test(v.text.replace(/\s/g, ''))) ?? taxIds[0];
  const iban = readIban(values, layout, parties.customerCells);
  const taxId = taxIdValue && field(taxIdValue, taxIdValue.text.replace(/[\s.]/g, '').toUpperCase());
  const currencyLabel = first(values, 'currency');
  const namedByAmountLabel = values.find((v) => v.currency !== undefined);
  const currency =
    (currencyLabel && field(currencyLabel, currencyLabel.text)) ??
    (namedByAmountLabel?.currency
      ? {
          ...field(namedByAmountLabel, namedByAmountLabel.currency),
          source: sourceOf(namedByAmountLabel.label),
        }
      : undefined) ??
    dollarsChecked(currencyGuess, layout) ??
    currencyFromIdentifiers(iban, taxId) ??
    usAddressDollars(layout, values);
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
    dueDate: dates('dueDate') ?? dueFromTerms(values, layout, invoiceDate, ctx.dayOrder),
    currency,
    ...readAmounts(values, ctx, currency?.value ?? 'EUR'),
    iban,
    paymentReference: reference && field(reference, reference.text),
    lineItems: lineItems(table),
    source: 'text',
    issues: [],
  };
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
  const values = numberFromGenericLabel(
    findValues(layout, findLabels(layout, table.cells), table.cells, ctx),
    rawLabels,
  );
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
  if (!invoice.currency && currencyGuess?.value === 'USD') {
    invoice.issues.push({
      code: ISSUE_CODES.currencyAmbiguous,
      field: 'currency',
      message:
        'The amounts carry "$", which several currencies use (US, Canadian, Australian dollars, pesos), and nothing else on the invoice names one.',
    });
  }
  invoice.issues = [...invoice.issues, ...missingFieldIssues(invoice)];
  invoice.confidence = overallConfidence(invoice);
  return { invoice };
}
