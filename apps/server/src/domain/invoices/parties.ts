import { parseAmount } from './amount-text.js';
import { parseDate } from './date-text.js';
import { isLabelCell, isPureLabel, type FoundValue, type ReadingContext } from './fields.js';
import { bottom, right, type Cell, type Layout } from './text-layout.js';

/**
 * Vendor and customer blocks. The customer is announced by a label ("Bill to", "Rechnungsempfänger");
 * the vendor rarely is, so without a "From" label its name is the most prominent text in the top part
 * of page 1 that is neither a label, a value nor part of the customer block, and its address is the
 * tight block of lines aligned under that name (or, in footer layouts, the cells after the name).
 */

/** The vendor's name is looked for in this top share of page 1 (letterheads stay above the middle). */
const HEADER_SHARE = 0.4;
/** Lines of one block are at most this many line heights apart (1.2 leading plus slack). */
const BLOCK_GAP = 0.9;
const MAX_ADDRESS_LINES = 4;
const CONTACT =
  /@|www\.|https?:|\b(?:tel|phone|fax|telefon|telefoon|t[eé]l[eé]phone|email|e-mail|mobile|gsm|selfoon)\b/i;

const aligned = (a: Cell, b: Cell): boolean => Math.abs(a.x - b.x) < 3 || Math.abs(right(a) - right(b)) < 3;

/** Cells aligned under `top` in a tight block (including ones holding labels), top excluded. */
export function blockBelow(layout: Layout, top: Cell, maxLines = 8): Cell[] {
  const block: Cell[] = [];
  let previous = top;
  for (let index = top.line + 1; index < layout.lines.length && block.length < maxLines; index += 1) {
    const line = layout.lines[index];
    if (!line || line.page !== top.page || line.y - bottom(previous) > previous.height * BLOCK_GAP) break;
    const next = line.cells.find((c) => aligned(c, top));
    if (!next) continue;
    block.push(next);
    previous = next;
  }
  return block;
}

const isAddressLine = (cell: Cell, ctx: ReadingContext): boolean =>
  /\p{L}/u.test(cell.text) &&
  !CONTACT.test(cell.text) &&
  !isLabelCell(cell.text) &&
  parseDate(cell.text, ctx.dayOrder) === undefined &&
  parseAmount(cell.text, ctx.decimal) === undefined;

export function findVendorName(
  layout: Layout,
  excluded: ReadonlySet<Cell>,
  ctx: ReadingContext,
): Cell | undefined {
  const page = layout.pageSizes.get(1);
  const limit = (page?.height ?? 842) * HEADER_SHARE;
  let best: Cell | undefined;
  let bestScore = 0;
  for (const line of layout.lines) {
    if (line.page !== 1 || line.y > limit) continue;
    for (const cell of line.cells) {
      if (excluded.has(cell) || isPureLabel(cell.text)) continue;
      if (!isAddressLine(cell, ctx) || cell.text.length > 60) continue;
      // Larger and bolder wins; among equals, the higher one (1 point of size outweighs 100 points of height).
      const score = cell.fontSize * (cell.bold ? 1.25 : 1) - line.y / 100;
      if (score > bestScore) [best, bestScore] = [cell, score];
    }
  }
  return best;
}

/** The address under the vendor's name, or after it on its line when the name heads a footer. */
export function findVendorAddress(layout: Layout, name: Cell, ctx: ReadingContext): Cell[] {
  const below: Cell[] = [];
  for (const cell of blockBelow(layout, name, MAX_ADDRESS_LINES)) {
    if (!isAddressLine(cell, ctx)) break;
    below.push(cell);
  }
  if (below.length > 0) return below;
  const footer = layout.lines.find(
    (l) => l.cells.length > 1 && l.cells.some((c) => c !== name && c.text === name.text),
  );
  const cells = footer?.cells ?? [];
  const start = cells.findIndex((c) => c.text === name.text);
  const after: Cell[] = [];
  for (const cell of cells.slice(start + 1)) {
    if (!isAddressLine(cell, ctx)) break;
    after.push(cell);
  }
  return after;
}

/** The customer label, its value and the block under both: none of it can be the vendor's. */
export function customerBlock(layout: Layout, customer: FoundValue | Cell | undefined): Set<Cell> {
  if (!customer) return new Set();
  if (!('kind' in customer)) return new Set([customer, ...blockBelow(layout, customer)]);
  const value = customer.cells[0] ?? customer.label;
  return new Set([customer.label, ...customer.cells, ...blockBelow(layout, value)]);
}

/** A sender line is small print: DIN 5008 sets it at 6–8 points, text at 9–12. */
const RETURN_LINE_MAX_SIZE = 8;

/**
 * Window-envelope invoices (DIN 5008 and its kin) carry no customer label: the recipient's name is the
 * first line under the sender's return line, a small-print line of several parts ("Acme GmbH · Main St 1
 * · 10115 Berlin") on page 1.
 */
export function findWindowRecipient(layout: Layout): Cell | undefined {
  for (const [index, line] of layout.lines.entries()) {
    const first = line.cells[0];
    if (line.page !== 1 || !first || line.cells.length < 3) continue;
    if (line.cells.some((c) => c.fontSize > RETURN_LINE_MAX_SIZE)) continue;
    const next = layout.lines[index + 1];
    const under = next?.cells.find((c) => Math.abs(c.x - first.x) < 3 && c.fontSize > first.fontSize);
    if (next && under && next.y - bottom(line) < under.height * 2 && !isLabelCell(under.text)) return under;
  }
  return undefined;
}
