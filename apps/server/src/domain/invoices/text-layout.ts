import type { DocumentText, TextItem } from '../document-text.js';
import type { FieldSource } from './model.js';

/**
 * Invoices are read as lines of cells: items on the same baseline form a line, and items on a line
 * that nearly touch form a cell (a phrase such as "Invoice date:" or "1.234,56 €"). Labels and values
 * are then found by their neighbours, which is what distinguishes an invoice's layout from free text.
 */
export interface Cell {
  text: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Largest font size among the cell's items (titles and vendor names are set large). */
  fontSize: number;
  bold: boolean;
  /** Index of the cell's line in `Layout.lines`. */
  line: number;
}

export interface Line {
  page: number;
  y: number;
  height: number;
  cells: Cell[];
}

export interface Layout {
  lines: Line[];
  pageSizes: Map<number, { width: number; height: number }>;
}

/** Items whose vertical centres differ by less than this share of their height sit on one line. */
const SAME_LINE_SHARE = 0.5;
/**
 * A gap narrower than this share of the font size joins two items into one cell: a space in Helvetica
 * is 0.28 em and in Courier 0.6 em (some producers place each word on its own and leave that gap
 * instead of a space), while columns are separated by at least one em in any layout worth reading.
 */
const SAME_CELL_GAP_EM = 0.75;

export const right = (c: { x: number; width: number }): number => c.x + c.width;
export const bottom = (c: { y: number; height: number }): number => c.y + c.height;

export function sourceOf(c: Pick<Cell, 'page' | 'x' | 'y' | 'width' | 'height'>): FieldSource {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { page: c.page, x: round(c.x), y: round(c.y), width: round(c.width), height: round(c.height) };
}

/** The smallest rectangle around several cells of one page. */
export function unionSource(cells: readonly Cell[]): FieldSource {
  const first = cells[0];
  if (!first) throw new RangeError('unionSource needs at least one cell');
  const x = Math.min(...cells.map((c) => c.x));
  const y = Math.min(...cells.map((c) => c.y));
  const width = Math.max(...cells.map(right)) - x;
  const height = Math.max(...cells.map(bottom)) - y;
  return sourceOf({ page: first.page, x, y, width, height });
}

const isBold = (item: TextItem): boolean => /bold|black|heavy|semibold/i.test(item.fontName ?? '');
const sizeOf = (item: TextItem): number => item.fontSize ?? item.height;

function groupLines(items: TextItem[]): TextItem[][] {
  const sorted = items
    .filter((i) => i.text.trim() !== '')
    .sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2) || a.x - b.x);
  const lines: TextItem[][] = [];
  let centre = Number.NEGATIVE_INFINITY;
  for (const item of sorted) {
    const itemCentre = item.y + item.height / 2;
    const current = lines.at(-1);
    if (current && Math.abs(itemCentre - centre) < Math.max(item.height, 1) * SAME_LINE_SHARE) {
      current.push(item);
    } else {
      lines.push([item]);
      centre = itemCentre;
    }
  }
  return lines.map((line) => line.sort((a, b) => a.x - b.x));
}

function mergeCells(items: TextItem[], page: number, line: number): Cell[] {
  const cells: Cell[] = [];
  for (const item of items) {
    const last = cells.at(-1);
    const gap = last ? item.x - right(last) : Number.POSITIVE_INFINITY;
    if (last && gap < sizeOf(item) * SAME_CELL_GAP_EM) {
      const spaced = gap > sizeOf(item) * 0.1 || last.text.endsWith(':');
      const joiner = spaced && !last.text.endsWith(' ') ? ' ' : '';
      last.text += joiner + item.text;
      last.width = right(item) - last.x;
      last.y = Math.min(last.y, item.y);
      last.height = Math.max(bottom(last), bottom(item)) - last.y;
      last.fontSize = Math.max(last.fontSize, sizeOf(item));
      last.bold ||= isBold(item);
    } else {
      const { x, y, width, height, text } = item;
      cells.push({ text, page, x, y, width, height, fontSize: sizeOf(item), bold: isBold(item), line });
    }
  }
  for (const cell of cells) cell.text = cell.text.replace(/\s+/g, ' ').trim();
  return cells.flatMap(splitAtSeparators);
}

/** Footers run several fields into one string ("Acme GmbH · Main St 1 · VAT No GB123"); each is a cell. */
const SEPARATOR = /\s+[·|•]\s+/g;

function splitAtSeparators(cell: Cell): Cell[] {
  const parts: Cell[] = [];
  const perChar = cell.width / Math.max(cell.text.length, 1);
  let start = 0;
  for (const match of [...cell.text.matchAll(SEPARATOR), undefined]) {
    const end = match ? match.index : cell.text.length;
    const text = cell.text.slice(start, end);
    parts.push({ ...cell, text, x: cell.x + start * perChar, width: text.length * perChar });
    if (match) start = match.index + match[0].length;
  }
  return parts.length > 1 ? parts : [cell];
}

export function buildLayout(doc: DocumentText): Layout {
  const lines: Line[] = [];
  const pageSizes = new Map<number, { width: number; height: number }>();
  for (const page of doc.pages) {
    pageSizes.set(page.pageNumber, { width: page.width, height: page.height });
    for (const items of groupLines(page.items)) {
      const cells = mergeCells(items, page.pageNumber, lines.length);
      const y = Math.min(...cells.map((c) => c.y));
      const height = Math.max(...cells.map(bottom)) - y;
      lines.push({ page: page.pageNumber, y, height, cells });
    }
  }
  return { lines, pageSizes };
}

export const allCells = (layout: Layout): Cell[] => layout.lines.flatMap((l) => l.cells);

export const overlapX = (a: Cell, b: Cell): number => Math.min(right(a), right(b)) - Math.max(a.x, b.x);
