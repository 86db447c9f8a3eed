import { minorToDecimal } from '../money.js';
import { CHECK_CODES, type Field, type Invoice, type InvoiceCheck } from './model.js';

/**
 * An invoice proves itself the way a statement does: subtotal + tax = total, the line amounts add up
 * to the subtotal, each line's quantity × unit price gives its amount, and the tax matches its rate. A
 * failed check stays in `checks` and lowers the confidence of every field it involves; a passed check
 * raises the confidence of its amounts, since two independent readings agree.
 */

/** Confidence multiplier for the fields of a failed check: below 0.5 anything once certain. */
const FAILED = 0.5;
/** Fields confirmed by a passed check. */
const CONFIRMED = 0.99;
/** Tax is rounded per line on many invoices, so each line may move it by one minor unit. */
const taxTolerance = (lines: number): number => Math.max(1, lines);

function money(minor: number, currency: string | undefined): string {
  return `${minorToDecimal(minor, currency)}${currency ? ` ${currency}` : ''}`;
}

function adjust(field: Field<unknown> | undefined, passed: boolean): void {
  if (!field) return;
  field.confidence = passed ? Math.max(field.confidence, CONFIRMED) : field.confidence * FAILED;
}

function totalsCheck(invoice: Invoice): InvoiceCheck | undefined {
  const { subtotalMinor: subtotal, taxMinor: tax, totalMinor: total } = invoice;
  if (!subtotal || !tax || !total) return undefined;
  const expected = subtotal.value + tax.value;
  const passed = expected === total.value;
  [subtotal, tax, total].forEach((f) => adjust(f, passed));
  const currency = invoice.currency?.value;
  return {
    code: CHECK_CODES.totals,
    passed,
    message: passed
      ? 'Subtotal plus tax equals the total.'
      : `Subtotal ${money(subtotal.value, currency)} plus tax ${money(tax.value, currency)} is ${money(expected, currency)}, but the total reads ${money(total.value, currency)}.`,
    fields: ['subtotalMinor', 'taxMinor', 'totalMinor'],
    expectedMinor: expected,
    actualMinor: total.value,
  };
}

function linesCheck(invoice: Invoice): InvoiceCheck | undefined {
  const lines = invoice.lineItems;
  // Without a subtotal, lines add up to the total when no tax is shown separately.
  const target = invoice.subtotalMinor ?? (invoice.taxMinor ? undefined : invoice.totalMinor);
  if (lines.length === 0 || !target) return undefined;
  const sum = lines.reduce((acc, line) => acc + line.amountMinor.value, 0);
  const passed = sum === target.value;
  adjust(target, passed);
  lines.forEach((line) => adjust(line.amountMinor, passed));
  const name = target === invoice.subtotalMinor ? 'subtotalMinor' : 'totalMinor';
  const currency = invoice.currency?.value;
  return {
    code: CHECK_CODES.lines,
    passed,
    message: passed
      ? `The ${lines.length} line amounts add up to the ${name === 'subtotalMinor' ? 'subtotal' : 'total'}.`
      : `The ${lines.length} line amounts add up to ${money(sum, currency)}, but the ${name === 'subtotalMinor' ? 'subtotal' : 'total'} reads ${money(target.value, currency)}.`,
    fields: [name, ...lines.map((_, i) => `lineItems[${i}]`)],
    expectedMinor: sum,
    actualMinor: target.value,
  };
}

function lineAmountChecks(invoice: Invoice): InvoiceCheck[] {
  const checks: InvoiceCheck[] = [];
  invoice.lineItems.forEach((line, index) => {
    if (!line.quantity || !line.unitPriceMinor) return;
    const expected = Math.round(line.quantity.value * line.unitPriceMinor.value);
    // A fractional quantity times a rounded unit price may land one minor unit off the printed amount.
    const passed = Math.abs(expected - line.amountMinor.value) <= 1;
    if (passed) return;
    [line.quantity, line.unitPriceMinor, line.amountMinor].forEach((f) => adjust(f, false));
    checks.push({
      code: CHECK_CODES.lineAmount,
      passed,
      message: `Line ${index + 1}: ${line.quantity.value} × ${money(line.unitPriceMinor.value, invoice.currency?.value)} is ${money(expected, invoice.currency?.value)}, but the amount reads ${money(line.amountMinor.value, invoice.currency?.value)}.`,
      fields: [`lineItems[${index}]`],
      expectedMinor: expected,
      actualMinor: line.amountMinor.value,
    });
  });
  return checks;
}

function taxRateCheck(invoice: Invoice): InvoiceCheck | undefined {
  const { subtotalMinor: subtotal, taxMinor: tax, taxRatePercent: rate } = invoice;
  if (!subtotal || !tax || !rate) return undefined;
  const expected = Math.round((subtotal.value * rate.value) / 100);
  const passed = Math.abs(expected - tax.value) <= taxTolerance(invoice.lineItems.length);
  adjust(rate, passed);
  if (!passed) adjust(tax, false);
  return {
    code: CHECK_CODES.taxRate,
    passed,
    message: passed
      ? `Tax is ${rate.value}% of the subtotal.`
      : `${rate.value}% of the subtotal is ${money(expected, invoice.currency?.value)}, but the tax reads ${money(tax.value, invoice.currency?.value)}.`,
    fields: ['taxMinor', 'taxRatePercent', 'subtotalMinor'],
    expectedMinor: expected,
    actualMinor: tax.value,
  };
}

function dueDateCheck(invoice: Invoice): InvoiceCheck | undefined {
  const { invoiceDate, dueDate } = invoice;
  if (!invoiceDate || !dueDate) return undefined;
  const passed = dueDate.value >= invoiceDate.value;
  if (!passed) [invoiceDate, dueDate].forEach((f) => adjust(f, false));
  return {
    code: CHECK_CODES.dueAfterIssue,
    passed,
    message: passed
      ? 'The due date is not before the invoice date.'
      : `The due date ${dueDate.value} is before the invoice date ${invoiceDate.value}.`,
    fields: ['invoiceDate', 'dueDate'],
  };
}

/** Runs every check that the invoice's fields allow, adjusting confidences in place. */
export function runChecks(invoice: Invoice): InvoiceCheck[] {
  const checks = [
    ...lineAmountChecks(invoice),
    linesCheck(invoice),
    totalsCheck(invoice),
    taxRateCheck(invoice),
    dueDateCheck(invoice),
  ];
  return checks.filter((c): c is InvoiceCheck => c !== undefined);
}
