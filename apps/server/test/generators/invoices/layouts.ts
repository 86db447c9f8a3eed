import {
  PAGE,
  customerBlock,
  groupedIban,
  itemTable,
  metaAbove,
  metaLeft,
  pageFooters,
  paymentBlock,
  standardColumns,
  totalsBox,
  totalRows,
  totalsRow,
  vendorBlock,
} from './blocks.js';
import type { InvoiceSpec } from './data.js';
import { formatMoney } from './locale.js';
import type { Column, Pen } from './pen.js';

/**
 * Invoice layouts: where the vendor, customer, metadata, table, totals and payment details sit, and
 * whether labels stand left of, above or inline with their values. Each one prints every fact of the
 * spec that `expectedOf` requires.
 */
export interface Layout {
  /** Lines on the invoice; the two-page layout asks for enough to overflow page 1. */
  lineCount: [number, number];
  wrap?: boolean;
  draw(pen: Pen, spec: InvoiceSpec): void;
}

/** The document title; 18 points keeps "BELASTINGFAKTUUR" clear of a long vendor name on the same line. */
const title = (pen: Pen, spec: InvoiceSpec, x: number, y: number, right = false, size = 18): void =>
  pen.text(spec.labels.title, x, y, { size, bold: true, right, color: '#1f3a5f' });

const thanks = (pen: Pen, spec: InvoiceSpec, y: number): void =>
  pen.text(spec.labels.thanks, PAGE.left, y, { color: '#555555' });

/** Letterhead left, title right, metadata label-left, customer below, totals box, payment bottom-left. */
function classic(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.left, 50);
  title(pen, spec, PAGE.right, 50, true);
  metaLeft(pen, spec, 340, 95, 450);
  customerBlock(pen, spec, PAGE.left, 175, 'above');
  const y = itemTable(pen, spec, standardColumns(spec), 260);
  const after = totalsBox(pen, spec, y + 6);
  paymentBlock(pen, spec, PAGE.left, after + 20);
  thanks(pen, spec, after + 60);
}

/** Metadata as a header row of label-above cells, customer on the right. */
function headerRow(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.left, 45);
  title(pen, spec, PAGE.right, 45, true);
  customerBlock(pen, spec, 340, 95, 'above');
  metaAbove(pen, spec, [PAGE.left, 180, 310, 440], 190, true);
  const y = itemTable(pen, spec, standardColumns(spec), 250);
  const after = totalsBox(pen, spec, y + 6);
  paymentBlock(pen, spec, PAGE.left, after + 20, false);
}

/** Letterhead right-aligned at the top right; title and customer on the left. */
function vendorRight(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.right, 50, true);
  title(pen, spec, PAGE.left, 50);
  customerBlock(pen, spec, PAGE.left, 95, 'left');
  metaLeft(pen, spec, PAGE.left, 175, 160, false);
  const y = itemTable(pen, spec, standardColumns(spec), 240);
  const after = totalsBox(pen, spec, y + 6, { labelX: 380 });
  paymentBlock(pen, spec, 300, after + 20);
}

/** Only the name in the header; address, VAT id and bank details in a footer line separated by dots. */
function footerVendor(pen: Pen, spec: InvoiceSpec): void {
  const { vendor, labels } = spec;
  pen.text(vendor.name, PAGE.left, 45, { size: 20, bold: true, color: '#7a1f1f' });
  title(pen, spec, PAGE.right, 110, true);
  customerBlock(pen, spec, PAGE.left, 110, 'above');
  metaLeft(pen, spec, 340, 150, 450);
  const y = itemTable(pen, spec, standardColumns(spec), 240);
  const after = totalsBox(pen, spec, y + 6);
  pen.text(`${labels.reference}: ${spec.reference}`, PAGE.left, after + 16);
  const bank = spec.iban ? `IBAN ${groupedIban(spec.iban)}` : 'FNB 62812345678';
  const footer = [vendor.name, ...vendor.address, `${labels.vatId} ${vendor.taxIdPrinted}`, bank].join(' · ');
  pen.rule(PAGE.left, 780, PAGE.right);
  pen.text(footer, PAGE.left, 788, { size: 7, color: '#444444' });
}

/** Every label inline with its value, "Label: value", including the customer and the totals. */
function inline(pen: Pen, spec: InvoiceSpec): void {
  const { labels, locale, currency } = spec;
  title(pen, spec, PAGE.left, 40);
  vendorBlock(pen, spec, PAGE.right, 40, true);
  pen.text(`${labels.number}: ${spec.number}`, PAGE.left, 80);
  pen.text(`${labels.date}: ${spec.formatDate(spec.invoiceDate)}`, PAGE.left, 94);
  pen.text(`${spec.due[0]}: ${spec.due[1]}`, PAGE.left, 108);
  pen.text(`${labels.billTo}: ${spec.customer.name}`, PAGE.left, 150, { bold: true });
  spec.customer.address.forEach((line, i) => pen.text(line, PAGE.left, 164 + i * 11));
  const y = itemTable(pen, spec, standardColumns(spec), 220);
  const rows = totalRows(spec);
  rows.forEach(([label, minor], i) =>
    pen.text(`${label}: ${formatMoney(locale, currency, minor)}`, PAGE.right, y + 8 + i * 15, {
      right: true,
      bold: i === rows.length - 1,
    }),
  );
  paymentBlock(pen, spec, PAGE.left, y + 70);
}

/** Totals as a label-above row under the table. */
function totalsAsRow(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.left, 50);
  title(pen, spec, PAGE.right, 50, true);
  metaLeft(pen, spec, 340, 95, 450);
  customerBlock(pen, spec, PAGE.left, 170, 'above');
  const y = itemTable(pen, spec, standardColumns(spec), 260);
  const after = totalsRow(pen, spec, y + 10);
  paymentBlock(pen, spec, PAGE.left, after + 20);
}

/** Enough lines for two pages: the table header repeats and each page has a numbered footer. */
function twoPage(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.left, 40);
  title(pen, spec, PAGE.right, 40, true);
  metaLeft(pen, spec, 340, 85, 450);
  customerBlock(pen, spec, PAGE.left, 150, 'above');
  const y = itemTable(pen, spec, standardColumns(spec), 230, 730);
  const after = totalsBox(pen, spec, y + 6);
  paymentBlock(pen, spec, PAGE.left, after + 20);
  pageFooters(pen, spec);
}

/** A wide table: position, unit and VAT-rate columns besides the usual ones. */
function taxColumn(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.left, 50);
  title(pen, spec, PAGE.right, 50, true);
  metaLeft(pen, spec, 340, 95, 450);
  customerBlock(pen, spec, PAGE.left, 175, 'above');
  const columns: Column[] = [
    { kind: 'position', x: PAGE.left, header: 'Pos.' },
    { kind: 'description', x: 80, header: spec.labels.description },
    { kind: 'quantity', x: 300, header: spec.labels.quantity },
    { kind: 'unit', x: 310, header: 'Unit' },
    { kind: 'unitPrice', x: 400, header: spec.labels.unitPrice },
    { kind: 'rate', x: 450, header: '%' },
    { kind: 'amount', x: PAGE.right, header: spec.labels.amount },
  ];
  const y = itemTable(pen, spec, columns, 260);
  const after = totalsBox(pen, spec, y + 6);
  paymentBlock(pen, spec, PAGE.left, after + 20);
}

/** A coloured sidebar with the metadata and payment details label-above; vendor and table on the right. */
function sidebar(pen: Pen, spec: InvoiceSpec): void {
  const { labels } = spec;
  pen.box(0, 0, 170, PAGE.height, '#f1f4f8');
  title(pen, spec, 20, 40, false, 13);
  const facts: [string, string][] = [
    [labels.number, spec.number],
    [labels.date, spec.formatDate(spec.invoiceDate)],
    spec.due,
    [labels.reference, spec.reference],
    ...(spec.iban ? ([['IBAN', groupedIban(spec.iban)]] as [string, string][]) : []),
  ];
  facts.forEach(([label, value], i) => {
    pen.text(label, 20, 100 + i * 34, { size: 8, color: '#666666' });
    pen.text(value, 20, 112 + i * 34, { size: 8.5, bold: true });
  });
  vendorBlock(pen, spec, 200, 40);
  customerBlock(pen, spec, 400, 60, 'above');
  const columns: Column[] = [
    { kind: 'description', x: 200, header: labels.description },
    { kind: 'quantity', x: 390, header: labels.quantity },
    { kind: 'unitPrice', x: 465, header: labels.unitPrice },
    { kind: 'amount', x: PAGE.right, header: labels.amount },
  ];
  const y = itemTable(pen, spec, columns, 200);
  totalsBox(pen, spec, y + 6, { labelX: 370 });
}

/** Vendor and customer both labelled ("From", "Bill to"); a description-and-amount table. */
function fromAndTo(pen: Pen, spec: InvoiceSpec): void {
  const { labels, vendor } = spec;
  title(pen, spec, PAGE.left, 40);
  metaLeft(pen, spec, 340, 40, 450);
  pen.text(labels.from.toUpperCase(), PAGE.left, 110, { size: 8, bold: true, color: '#666666' });
  pen.text(vendor.name, PAGE.left, 123, { size: 10, bold: true });
  vendor.address.forEach((line, i) => pen.text(line, PAGE.left, 136 + i * 11));
  pen.text(`${labels.vatId}: ${vendor.taxIdPrinted}`, PAGE.left, 136 + vendor.address.length * 11);
  customerBlock(pen, spec, 300, 110, 'above');
  const columns: Column[] = [
    { kind: 'description', x: PAGE.left, header: labels.description },
    { kind: 'amount', x: PAGE.right, header: labels.amount },
  ];
  const y = itemTable(pen, spec, columns, 220);
  const after = totalsBox(pen, spec, y + 6);
  paymentBlock(pen, spec, PAGE.left, after + 20);
}

/** Totals with the currency code in a cell of its own, and a "Currency" label. */
function currencyMarker(pen: Pen, spec: InvoiceSpec): void {
  vendorBlock(pen, spec, PAGE.left, 50);
  title(pen, spec, PAGE.right, 50, true);
  const end = metaLeft(pen, spec, 340, 95, 450);
  pen.text(`${spec.labels.currency}:`, 340, end, { bold: true });
  pen.text(spec.currency, 450, end);
  customerBlock(pen, spec, PAGE.left, 175, 'above');
  const y = itemTable(pen, spec, standardColumns(spec), 260);
  const after = totalsBox(pen, spec, y + 6, { marker: true });
  paymentBlock(pen, spec, PAGE.left, after + 20);
}

/**
 * A window-envelope letter (DIN 5008): letterhead top right, the sender's return line in small print
 * above the recipient's address, which has no label; a three-column footer with the company details.
 */
function windowEnvelope(pen: Pen, spec: InvoiceSpec): void {
  const { vendor, customer, labels } = spec;
  vendorBlock(pen, spec, PAGE.right, 40, true);
  pen.text([vendor.name, ...vendor.address].join(' · '), 57, 127, { size: 7, color: '#555555' });
  [customer.name, ...customer.address].forEach((line, i) => pen.text(line, 57, 140 + i * 12, { size: 10 }));
  metaLeft(pen, spec, 340, 170, 450);
  pen.text(labels.title, 57, 240, { size: 12, bold: true });
  const y = itemTable(pen, spec, standardColumns(spec), 270);
  const after = totalsBox(pen, spec, y + 6);
  paymentBlock(pen, spec, PAGE.left, after + 20);
  const columns: string[][] = [
    [vendor.name, ...vendor.address],
    [`${labels.vatId}: ${vendor.taxIdPrinted}`, vendor.email],
    spec.iban ? [`IBAN: ${groupedIban(spec.iban)}`] : ['FNB 62812345678'],
  ];
  columns.forEach((lines, c) =>
    lines.forEach((line, i) => pen.text(line, 57 + c * 170, 770 + i * 9, { size: 7 })),
  );
}

export const LAYOUTS = {
  classic: { lineCount: [2, 6], draw: classic },
  'header-row': { lineCount: [2, 6], draw: headerRow },
  'vendor-right': { lineCount: [2, 6], draw: vendorRight },
  'footer-vendor': { lineCount: [2, 6], draw: footerVendor },
  inline: { lineCount: [2, 6], draw: inline },
  'totals-row': { lineCount: [2, 6], draw: totalsAsRow },
  'two-page': { lineCount: [36, 44], draw: twoPage },
  'tax-column': { lineCount: [2, 6], draw: taxColumn },
  'multi-line': { lineCount: [3, 6], wrap: true, draw: classic },
  sidebar: { lineCount: [2, 6], draw: sidebar },
  'from-to': { lineCount: [2, 5], draw: fromAndTo },
  'currency-marker': { lineCount: [2, 6], draw: currencyMarker },
  'window-envelope': { lineCount: [2, 6], draw: windowEnvelope },
} as const satisfies Record<string, Layout>;

export type LayoutName = keyof typeof LAYOUTS;
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as LayoutName[];
