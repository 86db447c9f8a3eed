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

/** Legal forms that end company names: "Acme Ltd.", "Bei Spiel GmbH", "Sample, Inc.", "Hôtel du Lac SA". */
const LEGAL_FORM =
  /(?:^|[\s,(])(?:gmbh|ag|kg|ohg|ug|gbr|e\.?\s?k|ltd|limited|llc|llp|inc|corp|corporation|plc|co|company|sa|sas|sasu|sarl|eurl|bv|nv|vof|bvba|srl|spa|pty|bpk|bk|cc|oy|ab|aps)\.?\)?$/i;
/** Mail and web domains of mail providers name no company. */
const PUBLIC_DOMAINS = new Set([
  'gmail',
  'googlemail',
  'outlook',
  'hotmail',
  'yahoo',
  'gmx',
  'web',
  't-online',
  'icloud',
  'aol',
  'orange',
  'free',
  'live',
  'mail',
]);
const DOMAIN = /(?:@|www\.|https?:\/\/)([a-z0-9-]+)\./gi;

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Text in the font size most of the document is set in. */
function bodySize(layout: Layout): number {
  const weight = new Map<number, number>();
  for (const cell of layout.lines.flatMap((l) => l.cells)) {
    const size = Math.round(cell.fontSize);
    weight.set(size, (weight.get(size) ?? 0) + cell.text.length);
  }
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/** A name, not a sentence, an address line or a number: "Dear customer," and "35 rue d'ici" are no vendors. */
const nameLike = (cell: Cell, ctx: ReadingContext): boolean =>
  isAddressLine(cell, ctx) &&
  cell.text.length <= 60 &&
  cell.text.split(/\s+/).length <= 7 &&
  !/[,:;]$/.test(cell.text) &&
  !/^\d/.test(cell.text) &&
  !/\d{4,}/.test(cell.text);

/**
 * The issuer's name, by the evidence documents give of who issued them rather than by where a block
 * sits: a legal form ("GmbH", "Ltd."), the name printed again (the sender's return line above the
 * recipient, the footer), the mail or web domain printed on the invoice, a letterhead set larger or
 * bolder than the text, and contact details, a tax id or bank details in the block under the name. A
 * candidate without any of that (a recipient's name in the address window, "Dear customer,") is not
 * taken: no vendor is better than the customer as the vendor.
 */
export function findVendorName(
  layout: Layout,
  excluded: ReadonlySet<Cell>,
  ctx: ReadingContext,
  evidence: { returnLine?: Cell[] | undefined } = {},
): Cell | undefined {
  const page = layout.pageSizes.get(1);
  const limit = (page?.height ?? 842) * HEADER_SHARE;
  const body = bodySize(layout);
  const cells = layout.lines.flatMap((l) => l.cells);
  const domains = new Set(
    cells
      .flatMap((c) => [...c.text.matchAll(DOMAIN)].map((m) => fold(m[1] ?? '')))
      .filter((d) => !PUBLIC_DOMAINS.has(d)),
  );
  const sender = evidence.returnLine?.[0];
  let best: Cell | undefined;
  let bestScore = 0;
  for (const line of layout.lines) {
    if (line.page !== 1 || line.y > limit) continue;
    for (const cell of line.cells) {
      if (excluded.has(cell) || isPureLabel(cell.text) || !nameLike(cell, ctx)) continue;
      if (evidence.returnLine?.includes(cell)) continue;
      const name = fold(cell.text);
      const words = name.split(/[^a-z0-9]+/).filter((w) => w.length >= 3);
      const repeated =
        (sender !== undefined && fold(sender.text) === name) ||
        cells.some(
          (c) =>
            c !== cell &&
            c.line !== cell.line &&
            (c.page > 1 || c.y > limit) &&
            fold(c.text).startsWith(name),
        );
      const block = blockBelow(layout, cell, MAX_ADDRESS_LINES + 2);
      const prominence = Math.min(1.5, Math.max(0, cell.fontSize / body - 1)) + (cell.bold ? 0.3 : 0);
      const score =
        prominence +
        (LEGAL_FORM.test(cell.text.trim()) ? 2 : 0) +
        (repeated ? 2 : 0) +
        (words.some((w) => [...domains].some((d) => d.includes(w))) ? 3 : 0) +
        (block.some((c) => CONTACT.test(c.text) || /\b(?:IBAN|VAT|USt|TVA|BTW)\b/i.test(c.text)) ? 1 : 0);
      // Among equals, the higher one (100 points of height weigh 0.1).
      const ranked = score - line.y / 1000;
      if (score >= 0.5 && ranked > bestScore) [best, bestScore] = [cell, ranked];
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
 * · 10115 Berlin") on page 1; other text on the same line (a date column on the right) is not part of it.
 */
export function findReturnLine(layout: Layout): { sender: Cell[]; recipient: Cell } | undefined {
  for (const [index, line] of layout.lines.entries()) {
    const small = line.cells.filter((c) => c.fontSize <= RETURN_LINE_MAX_SIZE);
    const first = small[0];
    if (line.page !== 1 || !first || small.length < 3) continue;
    const end = Math.max(...small.map(right));
    const next = layout.lines[index + 1];
    const under = next?.cells.find(
      (c) => c.x < end && right(c) > first.x - 30 && c.fontSize > first.fontSize && c.x < first.x + 30,
    );
    if (next && under && next.y - bottom(line) < under.height * 2 && !isLabelCell(under.text))
      return { sender: small, recipient: under };
  }
  return undefined;
}

export const findWindowRecipient = (layout: Layout): Cell | undefined => findReturnLine(layout)?.recipient;
