import type { ParseProblem } from '../model.js';
import type { ParsedAmount } from '../amount-text.js';
import type { DateShape } from '../date-text.js';
import type { TableHeader } from './header.js';
import { BalanceRole, balanceRole, isDailyBalanceHeading, sectionSign, totalKind } from './labels.js';
import type { Line } from './lines.js';
import { type AmountColumn, type SegmentParts, assignColumns, splitTwoColumn } from './segments.js';
import type { LineTokens } from './tokens.js';
import { attachText } from './descriptions.js';

export interface RawRow {
  page: number;
  /** Index of the row's first line in the document's lines. */
  line: number;
  date?: { shape: DateShape; text: string } | undefined;
  valueDate?: DateShape | undefined;
  /** The date came from an earlier row (several transactions under one date cell). */
  inheritedDate: boolean;
  description: string[];
  amount?: { value: ParsedAmount; column: AmountColumn } | undefined;
  balance?: ParsedAmount | undefined;
  section?: 'credit' | 'debit' | undefined;
  text: string;
  /** Top of the row's first and last lines. */
  y: number;
  lastY: number;
}

export type TableEvent =
  | { type: 'row'; row: RawRow }
  | { type: 'balance'; role: BalanceRole; value: ParsedAmount; page: number; line: number; text: string }
  /** A "Total ..." line inside the table: the sum of the rows since the last total or section heading. */
  | {
      type: 'total';
      amounts: { value: ParsedAmount; column: AmountColumn }[];
      page: number;
      line: number;
      text: string;
    }
  /** A section heading ("Withdrawals"): a printed total after it covers only the rows below it. */
  | { type: 'section'; sign: 'credit' | 'debit' }
  | TextEvent;

/** A line of description words between rows; `attachText` decides which row it belongs to. */
export interface TextEvent {
  type: 'text';
  page: number;
  y: number;
  height: number;
  words: string[];
  text: string;
}

interface Segment {
  line: Line;
  index: number;
  header: TableHeader;
  parts: SegmentParts;
}

interface StreamState {
  open: boolean;
  section?: 'credit' | 'debit' | undefined;
  last?: RawRow | undefined;
  pending?: RawRow | undefined;
  lastDate?: { shape: DateShape; text: string } | undefined;
}

export interface TableReading {
  events: TableEvent[];
  problems: ParseProblem[];
  /** Closing balances wait until both streams of their page are read (a right column may follow). */
  closings: TableEvent[];
}

/**
 * Reads the transaction table: the lines under every header with the primary signature, up to the
 * closing balance or the next different table. A two-column page is read as two streams, left then
 * right, each with its own section and date state.
 */
export function readTable(
  lines: readonly Line[],
  headers: readonly TableHeader[],
  primary: TableHeader,
  tokensOf: LineTokens,
  noise: ReadonlySet<number>,
): TableReading {
  const reading: TableReading = { events: [], problems: [], closings: [] };
  const byFirstLine = new Map(headers.map((header) => [header.firstLine, header]));
  // On a page that repeats the table header, what stands above it is the page's letterhead.
  const tableStart = new Map<number, number>();
  // A titled table of dated amounts right under a section heading ("Checks Cleared") is one more
  // section of the statement's transactions, in columns of its own.
  const adoptable = (header: TableHeader) =>
    isSection(lines[header.firstLine - 1]) && carriesAmounts(header) && hasDate(header);
  for (const header of headers) {
    if ((header.signature === primary.signature || adoptable(header)) && !tableStart.has(header.page)) {
      tableStart.set(header.page, header.firstLine);
    }
  }
  const states: [StreamState, StreamState] = [{ open: true }, { open: true }];
  let current: TableHeader | undefined = primary.headerless ? primary : undefined;
  let page = lines[0]?.page ?? 1;
  let streams: [(Segment | 'open')[], (Segment | 'open')[]] = [[], []];
  const flush = () => {
    // The right half of a two-column table opened under a heading printed across both ("CHECKS") has
    // no heading of its own: at each table start it takes the left half's section.
    const sectionsAtOpen = walk(streams[0], states[0], reading);
    walk(streams[1], states[1], reading, sectionsAtOpen);
    reading.events.push(...reading.closings.splice(0));
    streams = [[], []];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.page !== page) {
      flush();
      page = line.page;
    }
    const header = byFirstLine.get(index);
    if (header) {
      current = header.signature === primary.signature ? header : undefined;
      // Without a title row of its own, the table is every dated row: a sub-table with a title (a
      // statement's checks, "Date  Check No.  Amount") is read by its columns; one without an amount
      // column (daily balances) ends it until the next section.
      if (primary.headerless) current = carriesAmounts(header) ? header : undefined;
      else if (!current && adoptable(header)) current = header;
      if (current) streams.forEach((segments) => segments.push('open'));
      // The page's first header: the section heading right above it was skipped as letterhead.
      const above = lines[index - 1];
      if (current && above && above.page === line.page && index === tableStart.get(line.page)) {
        if (sectionSign(above.text) && !noise.has(index - 1)) {
          const parts = assignColumns(tokensOf(above), current, current.columns);
          streams[0].push({ line: above, index: index - 1, header: current, parts });
        }
      }
      index = header.lastLine;
      continue;
    }
    const start = primary.headerless ? primary.firstLine : (tableStart.get(line.page) ?? 0);
    if (!current && primary.headerless && index > start && sectionSign(line.text)) {
      current = primary;
      streams.forEach((segments) => segments.push('open'));
    }
    if (!current || noise.has(index) || index < start) continue;
    const tokens = tokensOf(line);
    const [left, right] = current.twoColumn ? splitTwoColumn(tokens, current) : [tokens, []];
    streams[0].push({ line, index, header: current, parts: assignColumns(left, current, current.columns) });
    if (right.length > 0) {
      const columns = current.rightColumns ?? current.columns;
      streams[1].push({ line, index, header: current, parts: assignColumns(right, current, columns) });
    }
  }
  flush();
  reading.events = attachText(reading.events);
  return reading;
}

const isSection = (line: Line | undefined) => line !== undefined && sectionSign(line.text) !== undefined;
const hasDate = (header: TableHeader) => header.columns.some((column) => column.kind === 'date');
const carriesAmounts = (header: TableHeader) =>
  header.columns.some((column) => ['amount', 'debit', 'credit'].includes(column.kind));

function walk(
  segments: (Segment | 'open')[],
  state: StreamState,
  out: TableReading,
  inheritSections: readonly StreamState['section'][] = [],
): StreamState['section'][] {
  const sectionsAtOpen: StreamState['section'][] = [];
  for (const segment of segments) {
    if (segment === 'open') {
      state.open = true;
      state.section ??= inheritSections[sectionsAtOpen.length];
      sectionsAtOpen.push(state.section);
      continue;
    }
    // A section heading starts a table again after prose closed it (a headerless table's only restart).
    if (!state.open && segment.header.headerless && sectionSign(segment.parts.words.join(' ')))
      state.open = true;
    if (state.open) readSegment(segment, state, out);
  }
  // A row still waiting for its amount at a page end is carried over only within the page.
  if (state.pending) {
    out.problems.push(problemAt('ROW_WITHOUT_AMOUNT', 'A dated line had no amount.', state.pending));
    state.pending = undefined;
  }
  return sectionsAtOpen;
}

function readSegment(segment: Segment, state: StreamState, out: TableReading) {
  const { parts, line, index } = segment;
  const label = parts.words.join(' ');
  const role = balanceRole(label);
  // A balance line may print its figure under another column than the balances (HSBC: under the
  // references); with a balance label, a figure anywhere on the line is that balance.
  const figure = parts.balance ?? parts.amounts.at(-1)?.value ?? (role ? parts.stray : undefined);
  if (role && figure) {
    const event = {
      type: 'balance',
      role,
      value: figure,
      page: line.page,
      line: index,
      text: line.text,
    } as const;
    // "Beginning Balance" after rows with a section: another account's table starts, without the section.
    if (role === BalanceRole.opening && state.last && state.section && /beginning|opening/i.test(label))
      state.section = undefined;
    if (role === BalanceRole.closing && state.last) {
      out.closings.push(event);
      state.open = false;
    } else if (role === BalanceRole.closing) {
      // Above every row: a table printed newest first, which starts with its closing balance.
      out.events.push(event);
    } else {
      out.events.push(event);
    }
    if (parts.dates[0]) state.lastDate = parts.dates[0];
    return;
  }
  if (figure && totalKind(label)) {
    const amounts = parts.amounts.length > 0 ? parts.amounts : [{ value: figure, column: 'amount' as const }];
    out.events.push({ type: 'total', amounts, page: line.page, line: index, text: line.text });
    return;
  }
  // Without a header, only dated lines start rows; an undated figure is letterhead or a summary.
  if (segment.header.headerless && parts.amounts.length > 0 && parts.dates.length === 0) return;
  if (parts.amounts.length === 0 && parts.dates.length === 0) {
    if (!parts.balance) readTextLine(segment, state, label, out);
    else if (state.last && state.last.balance === undefined) state.last.balance = parts.balance;
    return;
  }
  if (parts.amounts.length === 0 && parts.balance) {
    // A dated line with only a balance ("12/01 BEGINNING BALANCE $603.21"): a balance between rows.
    const role = state.last ? BalanceRole.carried : BalanceRole.opening;
    out.events.push({
      type: 'balance',
      role,
      value: parts.balance,
      page: line.page,
      line: index,
      text: line.text,
    });
    state.lastDate = parts.dates[0];
    return;
  }
  if (parts.amounts.length === 0) {
    if (state.pending)
      out.problems.push(problemAt('ROW_WITHOUT_AMOUNT', 'A dated line had no amount.', state.pending));
    state.pending = newRow(segment, state, parts.dates[0]);
    state.lastDate = parts.dates[0];
    return;
  }
  const row =
    state.pending && parts.dates.length === 0 ? state.pending : newRow(segment, state, parts.dates[0]);
  row.description.push(...parts.words);
  state.pending = undefined;
  if (!row.date) {
    out.problems.push(problemAt('ROW_WITHOUT_DATE', 'An amount line had no date before it; skipped.', row));
    return;
  }
  if (isCheckTable(segment.header)) row.description = checkDescription(row.description);
  // Separate credit and debit columns may print a zero placeholder in the unused one ("$0.00 -$4,961.00").
  const nonZero = parts.amounts.filter((amount) => amount.value.minor !== 0);
  row.amount = nonZero[0] ?? parts.amounts[0];
  row.balance = parts.balance;
  row.lastY = line.y;
  if (nonZero.length > 1) {
    out.problems.push(problemAt('EXTRA_AMOUNTS', 'A row had more than one amount; the first was used.', row));
  }
  state.last = row;
  out.events.push({ type: 'row', row });
}

/**
 * Words that start right of the description column are a wrapped cell of a later column ("ACH" /
 * "vendor" / "payment" under Type), never a section heading, which stands at the table's left.
 */
function insideRightColumns({ header, parts }: Segment): boolean {
  const description = header.columns.find((column) => column.kind === 'description');
  return header.geometric && description !== undefined && (parts.textX ?? 0) > description.x1;
}

/** A table of cleared checks names a check-number column ("Check No.", "Check Nbr", "Cheque number"). */
const isCheckTable = (header: TableHeader) =>
  header.columns.some((column) => /^(check|cheque|chq)\b/i.test(column.label) && column.kind === 'other');

/**
 * A check's row prints its number, or nothing, where other rows print a description: "Check 1001", or
 * "Check". Marks printed after the number ("1003*": a gap in the sequence) are not part of it.
 */
function checkDescription(words: string[]): string[] {
  if (words.length === 0) return ['Check'];
  const number = words.length === 1 ? /^(\d+)[*·•]?$/.exec(words[0]!)?.[1] : undefined;
  return number ? ['Check', number] : words;
}

function newRow(
  segment: Segment,
  state: StreamState,
  date: { shape: DateShape; text: string } | undefined,
): RawRow {
  const { parts, line, index } = segment;
  const row: RawRow = {
    page: line.page,
    line: index,
    date: date ?? state.lastDate,
    valueDate: parts.dates[1]?.shape,
    inheritedDate: date === undefined,
    description: [],
    section: state.section,
    text: line.text,
    y: line.y,
    lastY: line.y,
  };
  if (date) state.lastDate = date;
  if (parts.amounts.length === 0) row.description.push(...parts.words);
  return row;
}

/** A line of words only: a section heading, the next line of a description, or noise. */
function readTextLine(segment: Segment, state: StreamState, label: string, out: TableReading) {
  const sign = sectionSign(label);
  if (sign && !insideRightColumns(segment)) {
    // "Deposits (continued)" on the next page goes on with the section: a total after it covers both.
    const continued = sign === state.section && /continued/i.test(label);
    state.section = sign;
    if (!continued) out.events.push({ type: 'section', sign });
    return;
  }
  const { line, parts, header } = segment;
  // A table of daily balances follows the transactions; its figures are balances, not rows.
  if (isDailyBalanceHeading(label)) {
    state.open = false;
    return;
  }
  // A footnote ("* Break In Check Number Sequence.", "• Indicates skipped check number") explains marks.
  if (/^[*•†‡]\s/.test(line.text)) return;
  // A sentence of prose (a notice, a disclosure) ends the table: figures after it belong to other tables.
  if (parts.words.length >= 9 && parts.words.filter((word) => /^\p{Ll}/u.test(word)).length >= 5) {
    state.open = false;
    return;
  }
  if (header.geometric) {
    const description = header.columns.find((column) => column.kind === 'description');
    if (description && (parts.textX ?? 0) < description.x0 - 8) return;
    // Counts printed under the amount columns ("30   3": items per column) are not description.
    if (description && (parts.textX ?? 0) > description.x1 + 8 && parts.words.every((w) => /^\d+$/.test(w)))
      return;
  }
  const pending = state.pending;
  if (pending && pending.page === line.page && line.y - pending.lastY <= 1.9 * line.height) {
    pending.description.push(...parts.words);
    pending.text += `\n${line.text}`;
    pending.lastY = line.y;
    return;
  }
  out.events.push({
    type: 'text',
    page: line.page,
    y: line.y,
    height: line.height,
    words: parts.words,
    text: line.text,
  });
}

const problemAt = (code: string, message: string, row: RawRow): ParseProblem => ({
  code,
  message,
  source: { page: row.page, line: row.line, text: row.text },
});
