import { parseAmount, parseQuantity } from './amount-text.js';
import type { ReadingContext } from './fields.js';
import { matchColumnLabel, matchFieldLabel, type ColumnKind } from './labels.js';
import { bottom, right, type Cell, type Layout, type Line } from './text-layout.js';

/**
 * The line-item table: a header line naming at least a description and an amount column, then rows
 * until the totals (a subtotal, tax or total label), a wide gap or the end of the page. A row is a line
 * with an amount in the amount column; a line with text only in the description column right below a
 * row continues that row's description. A table broken by a page goes on after the next page's header,
 * or, without one, from the next page's first line that has an amount in the amount column.
 */
export interface TableRow {
  description: Cell[];
  quantity?: { cell: Cell; value: number } | undefined;
  unitPrice?: { cell: Cell; minor: number } | undefined;
  amount: { cell: Cell; minor: number };
}

export interface Table {
  rows: TableRow[];
  /** Header and row cells, which no label search may use again ("Total" is also a column header). */
  cells: Set<Cell>;
}

interface Column {
  kind: ColumnKind | 'other';
  x: number;
  right: number;
}

type Columns = Column[] & { start: number; end: number };

const SPAN_SLACK = 5;

/** Rows further apart than this many row heights are not one table (a blank area of about 3 lines). */
const ROW_GAP_LIMIT = 3.5;
/** A description continues on the next line when that line starts within this many heights of it. */
const CONTINUATION_GAP = 1.0;

/**
 * The columns of a header line, limited to the span between its first and last column label, so text
 * beside the table (a sidebar on the same line) is neither a column nor consumed by the table.
 */
function headerColumns(line: Line): Columns | undefined {
  const labelled = line.cells.map((c) => ({
    kind: matchColumnLabel(c.text) ?? ('other' as const),
    x: c.x,
    right: right(c),
  }));
  const known = labelled.filter((c) => c.kind !== 'other');
  if (
    !known.some((c) => c.kind === 'description') ||
    !known.some((c) => c.kind === 'amount' || c.kind === 'unitPrice')
  ) {
    return undefined;
  }
  const start = Math.min(...known.map((c) => c.x));
  const end = Math.max(...known.map((c) => c.right));
  const columns = labelled.filter((c) => c.x >= start && c.right <= end);
  if (known.length < columns.length / 2) return undefined;
  // With two amount-like columns ("Net", "Total"), the rightmost one is the line amount.
  const amounts = columns.filter((c) => c.kind === 'amount');
  amounts.slice(0, -1).forEach((c) => (c.kind = 'other'));
  if (amounts.length === 0) {
    const lastPrice = columns.filter((c) => c.kind === 'unitPrice').at(-1);
    if (lastPrice) lastPrice.kind = 'amount';
  }
  return Object.assign(columns, { start, end });
}

/** Cells of a line that lie within the table's span (a few points of slack for right-aligned numbers). */
const inSpan = (line: Line, columns: Columns): Cell[] =>
  line.cells.filter((c) => right(c) > columns.start - SPAN_SLACK && c.x < columns.end + SPAN_SLACK);

function columnOf(cell: Cell, columns: Columns): Column | undefined {
  let best: Column | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const column of columns) {
    const overlap = Math.min(right(cell), column.right) - Math.max(cell.x, column.x);
    if (overlap > bestScore) [best, bestScore] = [column, overlap];
  }
  return best;
}

const isTotalsLine = (line: Line): boolean =>
  line.cells.some((c) => {
    const match = matchFieldLabel(c.text);
    return match !== undefined && match.kinds.some((k) => k === 'subtotal' || k === 'total' || k === 'tax');
  });

function readRow(
  line: Line,
  columns: Columns,
  ctx: ReadingContext & { currency: string },
): TableRow | undefined {
  const byKind = new Map<string, Cell[]>();
  for (const cell of inSpan(line, columns)) {
    const kind = columnOf(cell, columns)?.kind ?? 'other';
    byKind.set(kind, [...(byKind.get(kind) ?? []), cell]);
  }
  const amountCell = byKind.get('amount')?.at(-1);
  const amount = amountCell && parseAmount(amountCell.text, ctx.decimal, ctx.currency);
  const description = byKind.get('description') ?? [];
  if (!amountCell || !amount || description.length === 0) return undefined;
  const quantityCell = byKind.get('quantity')?.[0];
  const quantity = quantityCell && parseQuantity(quantityCell.text, ctx.decimal);
  const priceCell = byKind.get('unitPrice')?.[0];
  const price = priceCell && parseAmount(priceCell.text, ctx.decimal, ctx.currency);
  return {
    description,
    quantity: quantityCell && quantity !== undefined ? { cell: quantityCell, value: quantity } : undefined,
    unitPrice: priceCell && price ? { cell: priceCell, minor: price.minor } : undefined,
    amount: { cell: amountCell, minor: amount.minor },
  };
}

function onlyDescription(line: Line, columns: Columns): boolean {
  const cells = inSpan(line, columns);
  return cells.length > 0 && cells.every((c) => columnOf(c, columns)?.kind === 'description');
}

/** Reads rows from `start` on; returns the index where reading stopped and whether the totals stopped it. */
function readRows(
  layout: Layout,
  start: number,
  columns: Columns,
  ctx: ReadingContext & { currency: string },
  table: Table,
  after: Line | undefined,
): { next: number; ended: boolean } {
  let previous = after;
  let index = start;
  for (; index < layout.lines.length; index += 1) {
    const line = layout.lines[index];
    if (!line || (previous && line.page !== previous.page)) return { next: index, ended: false };
    if (isTotalsLine(line) || headerColumns(line)) return { next: index, ended: true };
    // A line with nothing inside the table's span (a sidebar's text) neither ends nor continues it.
    if (inSpan(line, columns).length === 0) continue;
    const gap = previous ? line.y - bottom(previous) : 0;
    if (previous && gap > previous.height * ROW_GAP_LIMIT) return { next: index, ended: false };
    const row = readRow(line, columns, ctx);
    const last = table.rows.at(-1);
    if (row) table.rows.push(row);
    else if (last && previous && gap < previous.height * CONTINUATION_GAP && onlyDescription(line, columns)) {
      last.description.push(...inSpan(line, columns));
    } else return { next: index, ended: false };
    inSpan(line, columns).forEach((c) => table.cells.add(c));
    previous = line;
  }
  return { next: index, ended: true };
}

export function findLineItems(layout: Layout, ctx: ReadingContext & { currency: string }): Table {
  const table: Table = { rows: [], cells: new Set() };
  let columns: Columns | undefined;
  let index = 0;
  while (index < layout.lines.length) {
    const line = layout.lines[index];
    const header = line && headerColumns(line);
    if (!line || !header) {
      index += 1;
      continue;
    }
    columns = header;
    inSpan(line, columns).forEach((c) => table.cells.add(c));
    const { next, ended } = readRows(layout, index + 1, columns, ctx, table, line);
    const lastPage = table.rows.at(-1)?.amount.cell.page ?? line.page;
    index = ended ? next : continueOnNextPage(layout, next, lastPage, columns, ctx, table);
  }
  return table;
}

/** After a page break inside the table: the rows go on at the next page's first row-like line. */
function continueOnNextPage(
  layout: Layout,
  from: number,
  page: number,
  columns: Columns,
  ctx: ReadingContext & { currency: string },
  table: Table,
): number {
  for (let index = from; index < layout.lines.length; index += 1) {
    const line = layout.lines[index];
    if (!line || line.page === page) continue;
    if (line.page > page + 1) return index;
    if (headerColumns(line) || isTotalsLine(line)) return index;
    if (readRow(line, columns, ctx)) {
      return readRows(layout, index, columns, ctx, table, undefined).next;
    }
  }
  return layout.lines.length;
}
