import { sectionSign } from './labels.js';
import type { Line, Word } from './lines.js';

export const ColumnKind = {
  date: 'date',
  description: 'description',
  amount: 'amount',
  debit: 'debit',
  credit: 'credit',
  fee: 'fee',
  balance: 'balance',
  other: 'other',
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

export interface Column {
  kind: ColumnKind;
  label: string;
  x0: number;
  x1: number;
}

/** A transaction-table header: one or more stacked lines of column titles. */
export interface TableHeader {
  page: number;
  /** Index in the document's lines of the first and last header line. */
  firstLine: number;
  lastLine: number;
  /** Left to right; for a two-column page, the left table's columns. */
  columns: Column[];
  /** The right table's columns on a two-column page (geometric only). */
  rightColumns?: Column[] | undefined;
  /** Whether x positions can be trusted: the header's words came from separate PDF items. */
  geometric: boolean;
  /** The page repeats the table side by side; the right copy starts at `splitX` (geometric only). */
  twoColumn: boolean;
  splitX?: number | undefined;
  /** Column kinds in order; headers with the same signature belong to the same table. */
  signature: string;
  /** No title row was found: rows are recognised by a leading date and a figure (see headerlessTable). */
  headerless?: boolean | undefined;
}

const VOCABULARY = new Set(
  (
    'date dates datum dt posting post posted effective value valeur valuta trans transaction transactions txn tran ' +
    'description details detail narrative narration particulars reference ref memo payee remarks cheque chq type ' +
    'beskrywing libelle operation verwendungszweck omschrijving buchungstag wertstellung amount amounts amt ' +
    'bedrag montant betrag debit debits dr credit credits cr withdrawal withdrawals withdrawn deposit deposits ' +
    'money in out paid payments receipts received spent balance closing saldo solde fee fees service charge ' +
    'charges cash no number r zar usd eur gbp running af bij soll haben additions addition subtractions ' +
    'subtraction ending daily beginning check checks other ledger available serial'
  ).split(' '),
);

// Checked in this order: "Debit Amount" is a debit column, "Transaction Date" a date column.
const KIND_PATTERNS: [ColumnKind, RegExp][] = [
  [ColumnKind.balance, /balan|saldo|solde/],
  [ColumnKind.credit, /credit|deposit|addition|money in|paid in|receipt|received|haben|^in$|^bij$/],
  [ColumnKind.debit, /debit|withdraw|subtraction|money out|paid out|payments|spent|soll|^out$|^af$/],
  [ColumnKind.fee, /fee|charge/],
  [ColumnKind.amount, /amount|\bamt\b|bedrag|montant|betrag/],
  [
    ColumnKind.date,
    /date|datum|\bdt\b|posting|posted|effective|value|valeur|valuta|buchungstag|wertstellung/,
  ],
  [
    ColumnKind.description,
    /desc|detail|narrat|particular|transaction|reference|\bref\b|memo|payee|remark|beskrywing|libelle|operation|verwendungszweck|omschrijving/,
  ],
];

/** Lower case without accents ("Débit" → "debit"). */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const classifyColumn = (label: string): ColumnKind =>
  KIND_PATTERNS.find(([, pattern]) => pattern.test(fold(label)))?.[0] ?? ColumnKind.other;

const NUMERIC_KINDS: ReadonlySet<ColumnKind> = new Set(['amount', 'debit', 'credit', 'fee', 'balance']);
export const isNumericColumn = (kind: ColumnKind): boolean => NUMERIC_KINDS.has(kind);

const normalizeWord = (text: string) => fold(text).replace(/[():.,*#/]/g, '');

function isHeaderLike(line: Line): boolean {
  // Titles carry no figures: a row such as "Deposit cash R 877.22" is not a header however wordy.
  if (line.words.length === 0 || line.words.length > 16 || /\d/.test(line.text)) return false;
  // "Deposits and other additions" over a table is its section heading, not a title row.
  if (sectionSign(line.text)) return false;
  // Punctuation between titles ("Deposits & Other Credits (+)") neither counts for nor against a header.
  const words = line.words.map((word) => normalizeWord(word.text)).filter((word) => /\p{L}/u.test(word));
  if (words.length === 0) return false;
  const known = words.filter((word) => VOCABULARY.has(word)).length;
  return known / words.length >= 0.75;
}

/** Words of one line grouped into phrases: a gap of more than 1 em starts a new column title. */
function phrases(line: Line, geometric: boolean): Word[][] {
  const groups: Word[][] = [];
  for (const word of line.words) {
    const last = groups.at(-1);
    const previous = last?.at(-1)?.text;
    // pdf.js joins titles that nearly touch ("Credits Date"); two words naming different kinds split.
    const sameCell = geometric
      ? word.gap <= word.fontSize && (isBigram(previous, word.text) || !namesTwoKinds(previous, word.text))
      : isBigram(previous, word.text);
    if (last && sameCell) last.push(word);
    else groups.push([word]);
  }
  return groups;
}

function namesTwoKinds(first: string | undefined, second: string): boolean {
  if (first === undefined) return false;
  const a = classifyColumn(first);
  const b = classifyColumn(second);
  return a !== ColumnKind.other && b !== ColumnKind.other && a !== b;
}

/** Two-word titles that one item can hold when positions are only estimated ("Money In", "Service Fee"). */
const isBigram = (first: string | undefined, second: string) =>
  first !== undefined &&
  /^(money (in|out)|paid (in|out)|service fees?|debit amount|credit amount|value date|posting date|transaction date|effective date|cash fee)$/.test(
    `${normalizeWord(first)} ${normalizeWord(second)}`,
  );

/**
 * Finds every header block in the document: runs of stacked lines made (75 %+) of column-title words,
 * which name at least a date or description column and a money column.
 */
export function findHeaders(lines: readonly Line[]): TableHeader[] {
  const headers: TableHeader[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isHeaderLike(lines[i]!)) {
      i += 1;
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && continuesBlock(lines[end]!, lines[end + 1]!)) end += 1;
    const header = buildHeader(lines, i, end);
    if (header) headers.push(header);
    i = end + 1;
  }
  return headers;
}

const continuesBlock = (above: Line, below: Line) =>
  below.page === above.page && below.y - above.y <= 2.2 * above.height && isHeaderLike(below);

function buildHeader(lines: readonly Line[], first: number, last: number): TableHeader | undefined {
  const block = lines.slice(first, last + 1);
  const geometric = block.some((line) => line.itemCount >= 3);
  const all = block.flatMap((line) => phrases(line, geometric));
  // Estimated positions cannot stack titles into columns; without geometry only the kinds matter.
  const columns = geometric ? mergeColumns(all) : all.map(toColumn);
  const kinds = new Set(columns.map((column) => column.kind));
  const hasAnchor = kinds.has('date') || kinds.has('description');
  if (!hasAnchor || !columns.some((column) => isNumericColumn(column.kind))) return undefined;
  const twoColumn = block.some((line) => isDoubled(phrases(line, geometric).map((p) => classifyPhrase(p))));
  let left = columns;
  let right: Column[] | undefined;
  let splitX: number | undefined;
  if (twoColumn && geometric) {
    const half = Math.floor(columns.length / 2);
    left = columns.slice(0, half);
    right = columns.slice(half);
    splitX = (columns[half]?.x0 ?? 0) - 4;
  }
  return {
    page: block[0]!.page,
    firstLine: first,
    lastLine: last,
    columns: left,
    rightColumns: right,
    geometric,
    twoColumn,
    splitX,
    signature: left.map((column) => column.kind).join(','),
  };
}

const classifyPhrase = (phrase: Word[]) => classifyColumn(phrase.map((word) => word.text).join(' '));

/** A title row that repeats itself ("Date Description Amount Date Description Amount"). */
function isDoubled(kinds: ColumnKind[]): boolean {
  if (kinds.length < 4 || kinds.length % 2 !== 0 || !kinds.includes('date')) return false;
  const half = kinds.length / 2;
  return kinds.slice(0, half).every((kind, index) => kind === kinds[half + index]);
}

/** Stacked titles ("Money" over "In") whose extents overlap are one column. */
function mergeColumns(all: Word[][]): Column[] {
  const columns: { words: Word[]; x0: number; x1: number }[] = [];
  for (const phrase of all) {
    const x0 = phrase[0]!.x0;
    const x1 = phrase.at(-1)!.x1;
    const overlapping = columns.find((column) => x0 < column.x1 && x1 > column.x0);
    if (overlapping) {
      overlapping.words.push(...phrase);
      overlapping.x0 = Math.min(overlapping.x0, x0);
      overlapping.x1 = Math.max(overlapping.x1, x1);
    } else {
      columns.push({ words: [...phrase], x0, x1 });
    }
  }
  return columns.sort((a, b) => a.x0 - b.x0).map((column) => toColumn(column.words));
}

function toColumn(words: Word[]): Column {
  const label = words.map((word) => word.text).join(' ');
  return {
    kind: classifyColumn(label),
    label,
    x0: Math.min(...words.map((word) => word.x0)),
    x1: Math.max(...words.map((word) => word.x1)),
  };
}
