import type { InvoiceSummary, InvoiceView } from '@ledgerflow/contracts';
import type { InvoiceRow } from '../db/types.js';
import type { Field, Invoice } from '../domain/invoices/index.js';
import { apiFieldName, invoiceIssues, type InvoiceCorrection } from '../services/invoice.service.js';

/** Maps invoice rows (columns + the stored extraction) to the API's wire shapes. */
const field = <T>(f: Field<T> | undefined) =>
  f ? { value: f.value, confidence: f.confidence, source: f.source ? { ...f.source } : null } : null;

const correctedFields = (row: InvoiceRow): string[] => Object.keys(row.corrections ?? {}).sort();

export function invoiceSummary(row: InvoiceRow): InvoiceSummary {
  return {
    id: row.id,
    file_id: row.fileId,
    task_id: row.taskId,
    original_name: row.originalName,
    vendor_name: row.vendorName,
    invoice_number: row.invoiceNumber,
    invoice_date: row.invoiceDate,
    due_date: row.dueDate,
    currency: row.currency,
    total_minor: row.totalMinor,
    confidence: row.confidence,
    duplicate_of: row.duplicateOf,
    issue_count: invoiceIssues(row).length,
    corrected_fields: correctedFields(row),
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function invoiceView(row: InvoiceRow): InvoiceView {
  const x = row.extraction as Invoice;
  const corrections = (row.corrections ?? {}) as Record<string, InvoiceCorrection>;
  return {
    ...invoiceSummary(row),
    language: row.language,
    vendor_tax_id: row.vendorTaxId,
    vendor_address: row.vendorAddress,
    customer_name: row.customerName,
    subtotal_minor: row.subtotalMinor,
    tax_minor: row.taxMinor,
    tax_rate_percent: row.taxRatePercent,
    tax_breakdown: (x.taxBreakdown ?? []).map((t) => ({
      rate_percent: t.ratePercent?.value ?? null,
      category: t.category?.value ?? null,
      taxable_minor: t.taxableMinor?.value ?? null,
      amount_minor: t.amountMinor.value,
    })),
    line_total_minor: x.lineTotalMinor?.value ?? null,
    allowance_total_minor: x.allowanceTotalMinor?.value ?? null,
    charge_total_minor: x.chargeTotalMinor?.value ?? null,
    prepaid_minor: x.prepaidMinor?.value ?? null,
    amount_due_minor: x.amountDueMinor?.value ?? null,
    iban: row.iban,
    payment_reference: row.paymentReference,
    source: x.source ?? 'text',
    e_invoice: x.eInvoice
      ? {
          syntax: x.eInvoice.syntax,
          guideline: x.eInvoice.guideline ?? null,
          file_name: x.eInvoice.fileName ?? null,
        }
      : null,
    extracted: {
      vendor_name: field(x.vendorName),
      vendor_tax_id: field(x.vendorTaxId),
      vendor_address: field(x.vendorAddress),
      customer_name: field(x.customerName),
      invoice_number: field(x.invoiceNumber),
      invoice_date: field(x.invoiceDate),
      due_date: field(x.dueDate),
      currency: field(x.currency),
      subtotal_minor: field(x.subtotalMinor),
      tax_minor: field(x.taxMinor),
      tax_rate_percent: field(x.taxRatePercent),
      total_minor: field(x.totalMinor),
      iban: field(x.iban),
      payment_reference: field(x.paymentReference),
    },
    line_items: x.lineItems.map((line) => ({
      description: field(line.description),
      quantity: field(line.quantity),
      unit_price_minor: field(line.unitPriceMinor),
      unit_price: field(line.unitPrice),
      amount_minor: field(line.amountMinor),
      tax_rate_percent: field(line.taxRatePercent),
    })),
    checks: x.checks.map((c) => ({
      code: c.code,
      passed: c.passed,
      message: c.message,
      fields: c.fields.map(apiFieldName),
      expected_minor: c.expectedMinor ?? null,
      actual_minor: c.actualMinor ?? null,
    })),
    issues: invoiceIssues(row),
    corrections: Object.entries(corrections)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, c]) => ({ field: name, ...c })),
    ...(x.ocr && { ocr: { pages: x.ocr.pages, mean_confidence: x.ocr.meanConfidence } }),
  };
}
