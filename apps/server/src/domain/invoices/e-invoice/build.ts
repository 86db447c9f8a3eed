import { decimalToMinor } from '../../money.js';
import { runChecks } from '../checks.js';
import { parseDate } from '../date-text.js';
import { missingFieldIssues, overallConfidence } from '../honesty.js';
import { normalizeIban } from '../iban.js';
import type { Field, Invoice, InvoiceLineItem, TaxLine } from '../model.js';
import type { EInvoiceData, EInvoiceTax } from './data.js';

/**
 * Structured data is taken as stated: every field read from the XML has confidence 1 (the checks still
 * run, and a sum that does not add up still lowers it). No field has a printed position here; the
 * cross-check with the print (cross-check.ts) adds one where the print shows the same value.
 */
const XML_CONFIDENCE = 1;
/** A due date found in the payment-terms sentence rather than in its own element. */
const TERMS_CONFIDENCE = 0.9;

const field = <T>(value: T | undefined, confidence = XML_CONFIDENCE): Field<T> | undefined =>
  value === undefined ? undefined : { value, confidence };

/** "9.9000" → "9.90", "0.02224" → "0.02224", "191.00000" → "191.00": at least two decimals, no more zeros. */
export function priceDecimal(text: string): string {
  const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${text.startsWith('-') ? '-' : ''}${whole.replace(/^0+(?=\d)/, '')}.${trimmed}`;
}

/**
 * "Zahlbar innerhalb 30 Tagen netto bis 15.12.2024, 3% Skonto innerhalb 10 Tagen bis 25.11.2024": of the
 * dates in a terms sentence the latest is the net due date (an early-payment discount date comes first).
 */
export function dueDateInTerms(terms: string | undefined): string | undefined {
  const dates = [...(terms ?? '').matchAll(/\b(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\b/g)]
    .map((m) => parseDate(m[1] ?? ''))
    .filter((d): d is string => d !== undefined)
    .sort();
  return dates.at(-1);
}

function taxLine(tax: EInvoiceTax, money: (t: string | undefined) => number | undefined): TaxLine {
  return {
    ratePercent: field(tax.rate === undefined ? undefined : Number(tax.rate)),
    category: field(tax.category),
    taxableMinor: field(money(tax.base)),
    amountMinor: { value: money(tax.amount) ?? 0, confidence: XML_CONFIDENCE },
  };
}

export function buildInvoice(data: EInvoiceData, fileName: string | undefined): Invoice {
  const currency = data.currency;
  const money = (text: string | undefined): number | undefined =>
    text === undefined ? undefined : decimalToMinor(text, currency ?? 'EUR');
  const lineItems: InvoiceLineItem[] = data.lines.map((line) => {
    const price = line.unitPrice === undefined ? undefined : priceDecimal(line.unitPrice);
    return {
      description: { value: line.description, confidence: XML_CONFIDENCE },
      quantity: field(line.quantity === undefined ? undefined : Number(line.quantity)),
      unitPrice: field(price),
      unitPriceMinor: field(money(price)),
      amountMinor: { value: money(line.amount) ?? 0, confidence: XML_CONFIDENCE },
      taxRatePercent: field(line.taxRate === undefined ? undefined : Number(line.taxRate)),
    };
  });
  const taxes = data.taxes.map((t) => taxLine(t, money));
  const termsDue = data.dueDate ? undefined : dueDateInTerms(data.paymentTerms);
  const invoice: Invoice = {
    language: 'en',
    vendorName: field(data.sellerName),
    vendorTaxId: field(data.sellerTaxId),
    vendorAddress: field(data.sellerAddress),
    customerName: field(data.buyerName),
    invoiceNumber: field(data.number),
    invoiceDate: field(data.issueDate),
    dueDate: field(data.dueDate) ?? field(termsDue, TERMS_CONFIDENCE),
    currency: field(currency),
    subtotalMinor: field(money(data.taxBasisTotal)),
    taxMinor: field(money(data.taxTotal)),
    taxRatePercent: taxes.length === 1 ? taxes[0]?.ratePercent : undefined,
    taxBreakdown: taxes.length > 1 ? taxes : undefined,
    totalMinor: field(money(data.grandTotal)),
    lineTotalMinor: field(money(data.lineTotal)),
    allowanceTotalMinor: field(money(data.allowanceTotal)),
    chargeTotalMinor: field(money(data.chargeTotal)),
    prepaidMinor: field(money(data.prepaid)),
    amountDueMinor: field(money(data.duePayable)),
    iban: field(data.iban && (normalizeIban(data.iban) ?? data.iban)),
    paymentReference: field(data.paymentReference),
    lineItems,
    source: 'embedded_xml',
    eInvoice: { syntax: data.syntax, guideline: data.guideline, fileName },
    checks: [],
    issues: [],
    confidence: 0,
  };
  invoice.checks = runChecks(invoice);
  invoice.issues = missingFieldIssues(invoice);
  invoice.confidence = overallConfidence(invoice);
  return invoice;
}
