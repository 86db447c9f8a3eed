import { formatMoney, formatQuantity, formatRate } from './locale.js';
import type { InvoiceSpec, LineSpec } from './data.js';

/** Drawing helpers over pdfkit: text placed by its top-left corner (or its right edge), rules and boxes. */
export interface TextStyle {
  size?: number;
  bold?: boolean;
  /** `x` is the right edge: numbers and right-hand blocks are right-aligned. */
  right?: boolean;
  color?: string;
}

export class Pen {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  text(text: string, x: number, y: number, style: TextStyle = {}): void {
    const { doc } = this;
    doc
      .font(style.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(style.size ?? 9)
      .fillColor(style.color ?? '#111111');
    const left = style.right ? x - doc.widthOfString(text) : x;
    doc.text(text, left, y, { lineBreak: false });
  }

  rule(x1: number, y: number, x2: number, color = '#999999'): void {
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(0.5).strokeColor(color).stroke();
  }

  box(x: number, y: number, width: number, height: number, fill: string): void {
    this.doc.rect(x, y, width, height).fillColor(fill).fill();
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
  }
}

export interface Column {
  kind: 'position' | 'description' | 'quantity' | 'unit' | 'unitPrice' | 'rate' | 'amount';
  /** Left edge for text columns, right edge for number columns. */
  x: number;
  header: string;
}

const NUMERIC = new Set<Column['kind']>(['quantity', 'unitPrice', 'rate', 'amount']);
const UNITS = ['h', 'pcs', 'x', 'lot'];

function cellText(spec: InvoiceSpec, column: Column, line: LineSpec, index: number): string {
  const { locale, currency } = spec;
  switch (column.kind) {
    case 'position':
      return String(index + 1);
    case 'description':
      return line.description[0] ?? '';
    case 'quantity':
      return formatQuantity(locale, line.quantity);
    case 'unit':
      return UNITS[index % UNITS.length] ?? 'x';
    case 'unitPrice':
      return formatMoney(locale, currency, line.unitPriceMinor);
    case 'rate':
      return `${formatRate(locale, line.rate)} %`;
    case 'amount':
      return formatMoney(locale, currency, line.amountMinor);
  }
}

export function tableHeader(pen: Pen, columns: Column[], y: number, x0: number, x1: number): number {
  pen.box(x0, y - 4, x1 - x0, 18, '#e8e8e8');
  for (const column of columns)
    pen.text(column.header, column.x, y, { bold: true, right: NUMERIC.has(column.kind) });
  return y + 22;
}

/** One row (with its continuation line); returns the y of the next row. */
export function tableRow(
  pen: Pen,
  spec: InvoiceSpec,
  columns: Column[],
  line: LineSpec,
  index: number,
  y: number,
): number {
  for (const column of columns)
    pen.text(cellText(spec, column, line, index), column.x, y, { right: NUMERIC.has(column.kind) });
  const description = columns.find((c) => c.kind === 'description');
  const second = line.description[1];
  if (description && second) {
    pen.text(second, description.x, y + 11, { color: '#555555' });
    return y + 28;
  }
  return y + 17;
}
