import { parseAmount } from './amount-text.js';
import {
  addDays,
  findPayByDateInSentence,
  findTermDaysInSentence,
  parseTermDays,
  type DayOrder,
} from './date-text.js';
import { rateIn, stripRate, type FoundValue, type ReadingContext } from './fields.js';
import { findIbans, normalizeIban } from './iban.js';
import type { Field, Invoice } from './model.js';
import { blockBelow } from './parties.js';
import { allCells, overlapX, sourceOf, unionSource, type Cell, type Layout } from './text-layout.js';

/** The first cell under `label` that shares its column. */
function belowOf(layout: Layout, label: Cell): Cell | undefined {
  const next = layout.lines[label.line + 1];
  return next?.page === label.page ? next.cells.find((c) => overlapX(c, label) > 0) : undefined;
}

/**
 * Turning found label values into invoice fields: confidence by how a value was found, the amounts
 * (with several tax rates), a due date from payment terms, and the IBAN.
 */

/** How sure a reading is, by how it was found: a labelled value beats a guess from the layout. */
export const CONFIDENCE = {
  inline: 0.95,
  right: 0.95,
  below: 0.9,
  prominent: 0.75,
  block: 0.8,
  pattern: 0.8,
  // A due date computed from terms ("30 days") depends on reading both the terms and the invoice date.
  terms: 0.8,
} as const;

export function field<T>(found: FoundValue, value: T): Field<T> {
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

export const first = (values: FoundValue[], kind: FoundValue['kind']): FoundValue | undefined =>
  values.find((v) => v.kind === kind);

function amountField(
  found: FoundValue | undefined,
  ctx: ReadingContext,
  currency: string,
): Field<number> | undefined {
  const parsed = found && parseAmount(stripRate(found.text), ctx.decimal, found.currency ?? currency);
  return found && parsed ? field(found, parsed.minor) : undefined;
}

/**
 * Without a printed due date, payment terms give one: "Payment terms: 30 days" or a sentence such as
 * "Zahlbar innerhalb von 14 Tagen", counted from the invoice date. A computed date is less certain.
 */
export function dueFromTerms(
  values: FoundValue[],
  layout: Layout,
  invoiceDate: Field<string> | undefined,
  dayOrder: DayOrder = 'dmy',
): Field<string> | undefined {
  if (!invoiceDate) return undefined;
  const labelled = first(values, 'paymentTerms');
  const labelledDays = labelled && parseTermDays(labelled.text);
  if (labelled && labelledDays) {
    return { ...field(labelled, addDays(invoiceDate.value, labelledDays)), confidence: CONFIDENCE.terms };
  }
  // A date the sentence names ("bis zum 30.05.2017") is printed; days counted from the invoice date are not.
  for (const cell of allCells(layout)) {
    const date = findPayByDateInSentence(cell.text, dayOrder);
    if (date && date >= invoiceDate.value)
      return { value: date, confidence: CONFIDENCE.below, source: sourceOf(cell) };
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

type Amounts = Pick<
  Invoice,
  | 'subtotalMinor'
  | 'taxMinor'
  | 'taxRatePercent'
  | 'taxBreakdown'
  | 'totalMinor'
  | 'prepaidMinor'
  | 'amountDueMinor'
>;

interface TaxReading {
  found: FoundValue;
  amount: Field<number>;
  rate?: Field<number> | undefined;
}

/** Each tax label's amount and printed rate, one per label cell. */
function readTaxes(values: FoundValue[], ctx: ReadingContext, currency: string): TaxReading[] {
  const readings: TaxReading[] = [];
  for (const found of values) {
    if (found.kind !== 'tax' || readings.some((t) => t.found.label === found.label)) continue;
    const amount = amountField(found, ctx, currency);
    const rate = rateIn(found.label.text) ?? rateIn(found.text);
    const rateField =
      rate === undefined ? undefined : { value: rate, confidence: 0.9, source: sourceOf(found.label) };
    if (amount) readings.push({ found, amount, rate: rateField });
  }
  return readings;
}

/** The printed amounts of one kind, in reading order. */
const amountsOf = (values: FoundValue[], kind: FoundValue['kind'], ctx: ReadingContext, currency: string) =>
  values
    .filter((v) => v.kind === kind)
    .map((v) => amountField(v, ctx, currency))
    .filter((f): f is Field<number> => f !== undefined);

/**
 * The tax: tax lines with distinct rates (7 % and 19 %) are summed; other repeated tax lines only when a
 * subtotal + their sum is a printed total (a summary may repeat the one tax); a printed tax total
 * ("Tax total", "USt. gesamt") that equals the sum of the lines confirms it.
 */
function readTax(
  taxes: TaxReading[],
  subtotals: Field<number>[],
  totals: Field<number>[],
): Pick<Amounts, 'taxMinor' | 'taxRatePercent' | 'taxBreakdown'> {
  const sum = taxes.reduce((acc, t) => acc + t.amount.value, 0);
  const rates = new Set(taxes.map((t) => t.rate?.value));
  const distinctRates = rates.size === taxes.length && !rates.has(undefined);
  const sumExplains = subtotals.some((s) => totals.some((t) => t.value === s.value + sum));
  const summed = taxes.length > 1 && (distinctRates || sumExplains);
  if (!summed) {
    // Of several tax amounts, the one that subtotal + tax = total explains, else the first.
    const tax =
      taxes.find((t) => subtotals.some((s) => totals.some((x) => x.value === s.value + t.amount.value))) ??
      taxes[0];
    return { taxMinor: tax?.amount, taxRatePercent: tax?.rate };
  }
  const confidence = Math.min(...taxes.map((t) => t.amount.confidence));
  return {
    taxMinor: { value: sum, confidence, source: unionSource(taxes.flatMap((t) => t.found.cells)) },
    taxBreakdown: taxes.map((t) => ({ ratePercent: t.rate, amountMinor: t.amount })),
  };
}

/**
 * Subtotal, tax, total, prepayment and amount due. Of several printed subtotals and totals, the pair
 * that subtotal + tax explains wins ("Net total" after discounts rather than the line "Subtotal";
 * "Total" rather than a tax column's sum); else the first subtotal and the last total. Without a printed
 * total, the amount due is the total when nothing was prepaid (most invoices print only "Amount due").
 */
export function readAmounts(values: FoundValue[], ctx: ReadingContext, currency: string): Amounts {
  const subtotals = amountsOf(values, 'subtotal', ctx, currency);
  const totals = amountsOf(values, 'total', ctx, currency);
  const dues = amountsOf(values, 'amountDue', ctx, currency);
  const prepaidMinor = amountsOf(values, 'prepaid', ctx, currency)[0];
  const candidates = totals.length > 0 ? totals : dues;
  const tax = readTax(readTaxes(values, ctx, currency), subtotals, candidates);
  const taxValue = tax.taxMinor?.value;
  const fits = (s: Field<number>, t: Field<number>) =>
    taxValue !== undefined && s.value + taxValue === t.value;
  const pair = subtotals.flatMap((s) => candidates.map((t) => [s, t] as const)).find(([s, t]) => fits(s, t));
  const subtotalMinor = pair?.[0] ?? subtotals[0];
  let totalMinor = pair?.[1] ?? candidates.at(-1);
  if (totals.length === 0 && prepaidMinor && prepaidMinor.value !== 0 && totalMinor) {
    // Only "Amount due" after a prepayment: the invoice's total is what was due before it.
    totalMinor = {
      ...totalMinor,
      value: totalMinor.value + prepaidMinor.value,
      confidence: CONFIDENCE.terms,
    };
  }
  const amountDueMinor = dues.at(-1);
  return { subtotalMinor, ...tax, totalMinor, prepaidMinor, amountDueMinor };
}

export function readIban(
  values: FoundValue[],
  layout: Layout,
  customerCells: Set<Cell>,
): Field<string> | undefined {
  const labelled = first(values, 'iban');
  const iban = labelled && normalizeIban(labelled.text);
  if (labelled && iban) return field(labelled, iban);
  // A narrow column breaks a long IBAN over two lines ("DE67 1004 8392 7221" / "8882 72").
  const ibanLabel = allCells(layout).find((c) => /^IBAN:?$/i.test(c.text));
  const start = ibanLabel && belowOf(layout, ibanLabel);
  const rest = start && blockBelow(layout, start, 1)[0];
  const joined = start && rest && normalizeIban(`${start.text}${rest.text}`);
  if (start && rest && joined)
    return { value: joined, confidence: CONFIDENCE.below, source: unionSource([start, rest]) };
  for (const cell of allCells(layout)) {
    const found = customerCells.has(cell) ? undefined : findIbans(cell.text)[0];
    if (found) return { value: found, confidence: CONFIDENCE.pattern, source: sourceOf(cell) };
  }
  return undefined;
}
