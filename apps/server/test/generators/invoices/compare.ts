import type { Invoice } from '../../../src/domain/invoices/index.js';
import type { ExpectedInvoice } from './index.js';

/** One field of an extraction compared with the generator's answer; shared by tests and the accuracy report. */
export interface FieldResult {
  field: keyof ExpectedInvoice;
  exact: boolean;
  expected: unknown;
  actual: unknown;
}

export const COMPARED_FIELDS = [
  'vendorName',
  'vendorTaxId',
  'vendorAddress',
  'customerName',
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'currency',
  'subtotalMinor',
  'taxMinor',
  'taxRatePercent',
  'taxBreakdown',
  'totalMinor',
  'iban',
  'paymentReference',
  'lineItems',
] as const satisfies readonly (keyof ExpectedInvoice)[];

function actualOf(invoice: Invoice, field: keyof ExpectedInvoice): unknown {
  if (field === 'lineItems') {
    return invoice.lineItems.map((line) => ({
      description: line.description.value,
      ...(line.quantity ? { quantity: line.quantity.value } : {}),
      ...(line.unitPriceMinor ? { unitPriceMinor: line.unitPriceMinor.value } : {}),
      amountMinor: line.amountMinor.value,
    }));
  }
  if (field === 'taxBreakdown') {
    return invoice.taxBreakdown?.map((t) => ({
      ratePercent: t.ratePercent?.value,
      amountMinor: t.amountMinor.value,
    }));
  }
  return invoice[field]?.value;
}

export function compareInvoice(expected: ExpectedInvoice, invoice: Invoice): FieldResult[] {
  return COMPARED_FIELDS.map((field) => {
    const actual = actualOf(invoice, field);
    return {
      field,
      exact: JSON.stringify(actual) === JSON.stringify(expected[field]),
      expected: expected[field],
      actual,
    };
  });
}
