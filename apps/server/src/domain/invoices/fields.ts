import { findRatePercent, parseAmount, type DecimalSeparator } from './amount-text.js';
import { parseDate, parseTermDays, type DayOrder } from './date-text.js';
import { normalizeIban } from './iban.js';
import { matchFieldLabel, type LabelKind } from './labels.js';
import type { InvoiceLanguage } from './model.js';
import { bottom, overlapX, right, type Cell, type Layout } from './text-layout.js';

/**
 * Finds the value of each label: after it in the same cell ("Invoice No: 42"), in the next cell to its
 * right (label-left layouts and totals boxes) or in the nearest cell below that shares its column
 * (label-above layouts and header rows). Each candidate must parse as its field's kind of value, which
 * is how a right neighbour that is itself a label is passed over.
 */
export interface ReadingContext {
  decimal: DecimalSeparator;
  dayOrder: DayOrder;
}

export type Method = 'inline' | 'right' | 'below';

export interface FoundValue {
  kind: LabelKind;
  label: Cell;
  /** The cell(s) the value was read from; for an inline value, the label's own cell. */
  cells: Cell[];
  /** The value's printed text. */
  text: string;
  method: Method;
  /** For an inline value: where in the cell's text it starts, to narrow the highlighted rectangle. */
  offset: number;
  /** A currency the label names ("Total GBP"). */
  currency?: string | undefined;
}

export interface LabelCell {
  cell: Cell;
  kinds: LabelKind[];
  languages: InvoiceLanguage[];
  remainder: string;
  currency?: string | undefined;
}

/** Value kinds that are free text; everything else must parse. */
const TEXT_KINDS = new Set<LabelKind>(['customer', 'vendor', 'paymentReference', 'shipTo']);
/** Parties are names: they hold a letter ("Supplier: 00302999" is a number, not a supplier). */
const PARTY_KINDS = new Set<LabelKind>(['customer', 'vendor', 'shipTo']);
/** A party's name stands close to its label; a cell far to the right belongs to another column. */
const PARTY_RIGHT_REACH_EM = 12;
/** A title names its number right beside it ("Invoice   R-2024/00001"), within this many ems. */
const TITLE_NUMBER_REACH_EM = 2;
const MARKER_ONLY = /^(?:[€£$R]|[A-Z]{3})$/;
const RATE_ONLY = /^[(@]?\s*\d{1,2}(?:[.,]\d{1,2})?\s*%\s*\)?$/;
/** A label-left value sits at most this share of the page width to the right of its label. */
const RIGHT_REACH = 0.4;
/** Totals boxes spread wide: "Bruttosumme ............ 529,87" spans most of the page. */
const AMOUNT_RIGHT_REACH = 0.8;
const AMOUNT_KINDS = new Set<LabelKind>(['subtotal', 'tax', 'total', 'amountDue', 'prepaid']);
/** A label-above value sits at most this many label heights below its label (one blank line). */
const BELOW_REACH = 3.2;

export function isValueOf(kind: LabelKind, text: string, ctx: ReadingContext): boolean {
  switch (kind) {
    case 'invoiceNumber':
    case 'genericNumber':
      return (
        /^#?\s*[A-Za-z0-9][A-Za-z0-9\-/._]{0,29}$/.test(text) &&
        /\d/.test(text) &&
        !parseDate(text, ctx.dayOrder)
      );
    case 'invoiceDate':
    case 'dueDate':
      return parseDate(text, ctx.dayOrder) !== undefined;
    case 'paymentTerms':
      return parseTermDays(text) !== undefined;
    case 'vendorTaxId':
    case 'customerTaxId':
      // VAT ids (country prefix), national numbers of 9-12 digits, and French SIREN (9) / SIRET (14).
      return (
        /^(?:[A-Z]{2}[A-Z0-9]{8,13}|\d{9,14})$/.test(text.replace(/[\s.]/g, '')) &&
        /\d{6}/.test(text.replace(/[\s.]/g, ''))
      );
    case 'customerNumber':
      return /^[A-Za-z0-9][A-Za-z0-9\-/._ ]{0,29}$/.test(text);
    case 'subtotal':
    case 'tax':
    case 'total':
    case 'amountDue':
    case 'prepaid':
      return parseAmount(stripRate(text), ctx.decimal) !== undefined;
    case 'iban':
      return normalizeIban(text) !== undefined;
    case 'currency':
      return /^[A-Z]{3}$/.test(text);
    case 'title':
    case 'notInvoice':
      return false;
    default:
      return (
        text.length > 0 &&
        (!PARTY_KINDS.has(kind) || /\p{L}/u.test(text)) &&
        text.length <= 80 &&
        !isPureLabel(text) &&
        parseAmount(text, ctx.decimal) === undefined
      );
  }
}

/** The text without a printed rate: "(19 %) 190,00" → "190,00"; "@ 15%" → "". */
export const stripRate = (text: string): string =>
  text
    .replace(/[(@]?\s*\d{1,2}(?:[.,]\d{1,2})?\s*%\s*\)?/, '')
    .replace(/^[\s:]+/, '')
    .trim();

export const rateIn = (text: string): number | undefined => findRatePercent(text);

export function isPureLabel(text: string): boolean {
  return matchFieldLabel(text)?.remainder === '';
}

/**
 * Whether a cell is a label (with or without its value): free-text labels ("Van", "An", "To") count
 * only when alone or followed by a colon, since "Van der Merwe" and "An der Alster 5" are names.
 */
export function isLabelCell(text: string): boolean {
  const match = matchFieldLabel(text);
  if (!match) return false;
  if (match.remainder === '' || !match.kinds.every((k) => TEXT_KINDS.has(k))) return true;
  return separatedByColon(text, match.remainder);
}

function separatedByColon(text: string, remainder: string): boolean {
  const colon = text.indexOf(':');
  return colon >= 0 && colon < text.length - remainder.length;
}

export function findLabels(layout: Layout, consumed: ReadonlySet<Cell>): LabelCell[] {
  const labels: LabelCell[] = [];
  for (const line of layout.lines) {
    for (const cell of line.cells) {
      if (consumed.has(cell)) continue;
      const match = matchFieldLabel(cell.text);
      if (match) labels.push({ cell, ...match });
      // "Handelsrechnung (380) Nr. 471102": a title, its document type code, then a label of its own.
      const inner = match?.kinds.includes('title') ? match.remainder.replace(/^\([^)]*\)\s*/, '') : '';
      const second = inner === '' ? undefined : matchFieldLabel(inner);
      if (second) labels.push({ cell, ...second });
    }
  }
  return labels;
}

function rightCandidates(
  layout: Layout,
  label: Cell,
  reach = RIGHT_REACH,
): { cells: Cell[]; text: string }[] {
  const cells = layout.lines[label.line]?.cells ?? [];
  const next = cells.filter((c) => c.x >= right(label) - 1);
  const first = next[0];
  const page = layout.pageSizes.get(label.page)?.width ?? 595;
  if (!first || first.x - right(label) > page * reach) return [];
  const candidates = [{ cells: [first], text: first.text }];
  const second = next[1];
  if (second && MARKER_ONLY.test(first.text)) {
    candidates.push({ cells: [first, second], text: `${first.text} ${second.text}` });
  }
  // "VAT | 15 % | 150.00": the rate may stand in a cell of its own between label and amount.
  if (second && RATE_ONLY.test(first.text)) candidates.push({ cells: [second], text: second.text });
  return candidates;
}

function belowCandidate(layout: Layout, label: Cell): Cell | undefined {
  for (let index = label.line + 1; index < layout.lines.length; index += 1) {
    const line = layout.lines[index];
    if (!line || line.page !== label.page || line.y - bottom(label) > label.height * BELOW_REACH)
      return undefined;
    const hit = line.cells.find((c) => overlapX(c, label) > 0 || Math.abs(c.x - label.x) < 3);
    if (hit) return hit;
  }
  return undefined;
}

/** "RE-2024/17 von 09.05.2017": a number printed with its date; the date is the invoice date. */
const NUMBER_WITH_DATE = /^(\S+)\s+(?:von|vom|du|of|dated|from|van|d'|le)\s+(.+)$/i;

/** All values each label can have, in the order inline, right, below (each validated for its kind). */
export function findValues(
  layout: Layout,
  labels: readonly LabelCell[],
  consumed: ReadonlySet<Cell>,
  ctx: ReadingContext,
): FoundValue[] {
  const found: FoundValue[] = [];
  for (const { cell, kinds, remainder, currency } of labels) {
    for (const kind of kinds) {
      const tries: { cells: Cell[]; text: string; method: Method }[] = [];
      // "De Vries BV" and "An der Alster 5" are not labels: free-text values follow a label only after a colon.
      if (remainder !== '' && (separatedByColon(cell.text, remainder) || !TEXT_KINDS.has(kind))) {
        tries.push({ cells: [cell], text: remainder, method: 'inline' });
      }
      const dated =
        kind === 'invoiceNumber' || kind === 'genericNumber' ? NUMBER_WITH_DATE.exec(remainder) : null;
      if (dated?.[1] && dated[2] && parseDate(dated[2], ctx.dayOrder)) {
        tries.push({ cells: [cell], text: dated[1], method: 'inline' });
        const offset = Math.max(0, cell.text.lastIndexOf(dated[2]));
        found.push({
          kind: 'invoiceDate',
          label: cell,
          cells: [cell],
          text: dated[2],
          method: 'inline',
          offset,
        });
      }
      const taxRateOnly = kind === 'tax' && stripRate(remainder) === '';
      // A title ("INVOICE") names a number only inline or right beside it; below a title sits anything.
      const titled = kinds.includes('title');
      if ((remainder === '' || taxRateOnly) && !titled) {
        for (const c of rightCandidates(
          layout,
          cell,
          AMOUNT_KINDS.has(kind) ? AMOUNT_RIGHT_REACH : RIGHT_REACH,
        )) {
          const far = c.cells[0] && c.cells[0].x - right(cell) > cell.fontSize * PARTY_RIGHT_REACH_EM;
          if (!(PARTY_KINDS.has(kind) && far)) tries.push({ ...c, method: 'right' });
        }
        const below = belowCandidate(layout, cell);
        if (below) tries.push({ cells: [below], text: below.text, method: 'below' });
      } else if (remainder === '' && kind === 'invoiceNumber') {
        const next = rightCandidates(layout, cell)[0];
        const near = next?.cells[0] && next.cells[0].x - right(cell) < cell.fontSize * TITLE_NUMBER_REACH_EM;
        if (next && near) tries.push({ ...next, method: 'right' });
      }
      const hit = tries.find(
        (t) => !t.cells.some((c) => consumed.has(c) && c !== cell) && isValueOf(kind, t.text, ctx),
      );
      if (hit) {
        const offset = hit.method === 'inline' ? Math.max(0, cell.text.lastIndexOf(hit.text)) : 0;
        found.push({
          kind,
          label: cell,
          cells: hit.cells,
          text: hit.text,
          method: hit.method,
          offset,
          currency,
        });
      }
    }
  }
  return found;
}
