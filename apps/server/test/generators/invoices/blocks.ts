import type { InvoiceSpec } from './data.js';
import { formatMoney } from './locale.js';
import { tableHeader, tableRow, type Column, type Pen } from './pen.js';

/** Blocks that layouts combine: letterheads, party blocks, metadata, tables, totals and payment details. */
export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 545 } as const;

const groupedIban = (iban: string): string => iban.replace(/(.{4})(?=.)/g, '$1 ');

/** Vendor name, address, contact line and VAT id, aligned left (x is the left edge) or right (x is the right edge). */
export function vendorBlock(pen: Pen, spec: InvoiceSpec, x: number, y: number, right = false): number {
  const { vendor, labels } = spec;
  pen.text(vendor.name, x, y, { size: 16, bold: true, right });
  let at = y + 22;
  for (const line of vendor.address) {
    pen.text(line, x, at, { right });
    at += 11;
  }
  pen.text(`Tel ${vendor.phone}`, x, at, { right });
  pen.text(vendor.email, x, at + 11, { right });
  pen.text(`${labels.vatId}: ${vendor.taxIdPrinted}`, x, at + 22, { right });
  return at + 33;
}

/** The customer: label above, or label left of the name. Includes the customer's own VAT id. */
export function customerBlock(
  pen: Pen,
  spec: InvoiceSpec,
  x: number,
  y: number,
  mode: 'above' | 'left',
): number {
  const { customer, labels } = spec;
  let at = y;
  if (mode === 'above') {
    pen.text(labels.billTo.toUpperCase(), x, at, { size: 8, bold: true, color: '#666666' });
    at += 13;
    pen.text(customer.name, x, at, { size: 10, bold: true });
  } else {
    pen.text(`${labels.billTo}:`, x, at, { bold: true });
    pen.text(customer.name, x + 110, at, { size: 10, bold: true });
    x += 110;
  }
  at += 13;
  for (const line of [...customer.address, `${labels.vatId}: ${customer.taxIdPrinted}`]) {
    pen.text(line, x, at);
    at += 11;
  }
  return at;
}

/** Invoice number, date and due date. */
export function metaLeft(
  pen: Pen,
  spec: InvoiceSpec,
  x: number,
  y: number,
  valueX: number,
  colon = true,
): number {
  const { labels } = spec;
  const rows: [string, string][] = [
    [labels.number, spec.number],
    [labels.date, spec.formatDate(spec.invoiceDate)],
    spec.due,
  ];
  rows.forEach(([label, value], i) => {
    pen.text(colon ? `${label}:` : label, x, y + i * 14, { bold: true });
    pen.text(value, valueX, y + i * 14);
  });
  return y + rows.length * 14;
}

/** A header row: labels above values, in columns. */
export function metaAbove(
  pen: Pen,
  spec: InvoiceSpec,
  xs: number[],
  y: number,
  withReference: boolean,
): number {
  const { labels } = spec;
  const cells: [string, string][] = [
    [labels.number, spec.number],
    [labels.date, spec.formatDate(spec.invoiceDate)],
    spec.due,
  ];
  if (withReference) cells.push([labels.reference, spec.reference]);
  cells.forEach(([label, value], i) => {
    const x = xs[i] ?? PAGE.left;
    pen.text(label, x, y, { size: 8, color: '#666666' });
    pen.text(value, x, y + 12, { size: 10, bold: true });
  });
  return y + 30;
}

export const standardColumns = (spec: InvoiceSpec): Column[] => [
  { kind: 'description', x: PAGE.left, header: spec.labels.description },
  { kind: 'quantity', x: 360, header: spec.labels.quantity },
  { kind: 'unitPrice', x: 455, header: spec.labels.unitPrice },
  { kind: 'amount', x: PAGE.right, header: spec.labels.amount },
];

/**
 * The line-item table; rows that do not fit above `bottom` go to new pages, each with the header
 * repeated and a page footer. Returns the y below the last row on the last page.
 */
export function itemTable(pen: Pen, spec: InvoiceSpec, columns: Column[], y: number, bottom = 740): number {
  let at = tableHeader(pen, columns, y, PAGE.left - 4, PAGE.right + 4);
  spec.lines.forEach((line, index) => {
    if (at > bottom) {
      pen.newPage();
      at = tableHeader(pen, columns, 60, PAGE.left - 4, PAGE.right + 4);
    }
    at = tableRow(pen, spec, columns, line, index, at);
  });
  pen.rule(PAGE.left, at, PAGE.right);
  return at + 10;
}

/** Subtotal, one line per VAT rate, total. */
export const totalRows = (spec: InvoiceSpec): [string, number][] => [
  [spec.labels.subtotal, spec.subtotalMinor],
  ...spec.taxes.map((t): [string, number] => [t.label, t.amountMinor]),
  [spec.labels.total, spec.totalMinor],
];

/** Totals: label left of value in a right-hand box. `marker` prints the currency code in a cell of its own. */
export function totalsBox(
  pen: Pen,
  spec: InvoiceSpec,
  y: number,
  options: { marker?: boolean; labelX?: number } = {},
): number {
  const { locale, currency } = spec;
  const rows = totalRows(spec);
  const labelX = options.labelX ?? 350;
  rows.forEach(([label, minor], i) => {
    const at = y + i * 16;
    const bold = i === rows.length - 1;
    pen.text(label, labelX, at, { bold });
    if (options.marker) {
      pen.text(currency, 470, at, { bold });
      pen.text(formatMoney({ ...locale, money: (_c, n) => n }, currency, minor), PAGE.right, at, {
        bold,
        right: true,
      });
    } else pen.text(formatMoney(locale, currency, minor), PAGE.right, at, { bold, right: true });
  });
  return y + rows.length * 16 + 8;
}

/** Totals as one row: labels above values, right-aligned in columns. */
export function totalsRow(pen: Pen, spec: InvoiceSpec, y: number): number {
  const { locale, currency } = spec;
  const cells = totalRows(spec);
  cells.forEach(([label, minor], i) => {
    const x = PAGE.right - (cells.length - 1 - i) * 110;
    pen.text(label, x, y, { size: 8, color: '#666666', right: true });
    pen.text(formatMoney(locale, currency, minor), x, y + 12, { size: 11, bold: true, right: true });
  });
  return y + 34;
}

/** Bank details: IBAN and reference with labels left, or the South African account lines. */
export function paymentBlock(pen: Pen, spec: InvoiceSpec, x: number, y: number, inline = true): number {
  const rows: [string, string][] = [];
  if (spec.iban) rows.push(['IBAN', groupedIban(spec.iban)]);
  else rows.push(['Bank', 'FNB Business, 62812345678, 250655']);
  rows.push([spec.labels.reference, spec.reference]);
  rows.forEach(([label, value], i) => {
    if (inline) pen.text(`${label}: ${value}`, x, y + i * 12);
    else {
      pen.text(label, x, y + i * 12, { bold: true });
      pen.text(value, x + 110, y + i * 12);
    }
  });
  return y + rows.length * 12;
}

export function pageFooters(pen: Pen, spec: InvoiceSpec, extra?: string): void {
  const range = pen.doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    pen.doc.switchToPage(i);
    if (extra) pen.text(extra, PAGE.left, 790, { size: 7, color: '#555555' });
    const page = spec.labels.page.replace('{n}', String(i + 1)).replace('{m}', String(range.count));
    pen.text(page, PAGE.right, 805, { size: 7, color: '#555555', right: true });
  }
}

export { groupedIban };
