import type { ParsedAmount } from '../amount-text.js';
import type { DateShape } from '../date-text.js';
import { type Column, ColumnKind, type TableHeader, isNumericColumn } from './header.js';
import type { Token } from './tokens.js';

export type AmountColumn = 'amount' | 'debit' | 'credit' | 'fee' | 'unknown';

/** What one table line (or one half of it, on a two-column page) holds, by column. */
export interface SegmentParts {
  dates: { shape: DateShape; text: string }[];
  amounts: { value: ParsedAmount; column: AmountColumn }[];
  balance?: ParsedAmount | undefined;
  /** Description words in reading order. */
  words: string[];
  /** Left edge of the first description word. */
  textX?: number | undefined;
  /** A figure outside every numeric column, kept among the words ("Balance brought forward 1,213,377.77"). */
  stray?: ParsedAmount | undefined;
}

// Numbers sit under their title, but right-aligned figures may overhang a short left-aligned title.
const COLUMN_TOLERANCE = 12;

/** Splits a two-column line into its left and right tables. */
export function splitTwoColumn(tokens: Token[], header: TableHeader): [Token[], Token[]] {
  if (header.geometric && header.splitX !== undefined) {
    const split = header.splitX;
    return [tokens.filter((token) => token.x0 < split), tokens.filter((token) => token.x0 >= split)];
  }
  // Without geometry, the right table starts at the first date that follows an amount.
  const at = tokens.findIndex(
    (token, index) => token.kind === 'date' && tokens.slice(0, index).some((t) => t.kind === 'amount'),
  );
  if (at > 0) return [tokens.slice(0, at), tokens.slice(at)];
  // A heading printed over both tables ("Credits Credits").
  const half = tokens.length / 2;
  const texts = tokens.map((token) => token.text.toLowerCase());
  if (
    tokens.length >= 2 &&
    Number.isInteger(half) &&
    texts.slice(0, half).join(' ') === texts.slice(half).join(' ')
  ) {
    return [tokens.slice(0, half), tokens.slice(half)];
  }
  return [tokens, []];
}

export function assignColumns(tokens: Token[], header: TableHeader, columns: Column[]): SegmentParts {
  return header.geometric ? assignByPosition(tokens, columns) : assignByOrder(tokens, columns);
}

function assignByPosition(tokens: Token[], columns: Column[]): SegmentParts {
  const parts: SegmentParts = { dates: [], amounts: [], words: [] };
  const numeric = columns.filter((column) => isNumericColumn(column.kind));
  const dateColumns = columns.filter((column) => column.kind === ColumnKind.date);
  const description = columns.find((column) => column.kind === ColumnKind.description);
  tokens.forEach((token, index) => {
    if (token.kind === 'amount') {
      const column = nearest(token, numeric) ?? slotOf(token, columns);
      if (column?.kind === ColumnKind.balance) parts.balance = token.amount;
      else if (column) parts.amounts.push({ value: token.amount, column: column.kind as AmountColumn });
      else {
        parts.stray = token.amount;
        addWord(parts, token);
      }
      return;
    }
    if (token.kind === 'text' && markPrevious(parts, token, tokens[index - 1])) return;
    if (token.kind === 'date') {
      const inDateColumn =
        dateColumns.length > 0
          ? nearest(token, dateColumns) !== undefined
          : (description !== undefined && token.x1 <= description.x0 + 2) ||
            acceptsDate(tokens, index, parts.dates.length);
      if (inDateColumn) {
        parts.dates.push({ shape: token.shape, text: token.text });
        return;
      }
    }
    addWord(parts, token);
  });
  return parts;
}

/**
 * A `Cr`/`Dr` printed in its own column right after a figure is that figure's sign, not description.
 * Returns true when the token was taken as a mark.
 */
function markPrevious(parts: SegmentParts, token: Token, previous: Token | undefined): boolean {
  const word = /^(cr|dr)$/i.exec(token.text)?.[1]?.toLowerCase();
  if (!word || previous?.kind !== 'amount' || previous.amount.mark !== 'none') return false;
  const magnitude = Math.abs(previous.amount.minor);
  const marked: ParsedAmount = {
    ...previous.amount,
    mark: word === 'cr' ? 'cr' : 'dr',
    minor: word === 'cr' ? magnitude : -magnitude,
  };
  if (parts.balance === previous.amount) parts.balance = marked;
  const entry = parts.amounts.find((amount) => amount.value === previous.amount);
  if (entry) entry.value = marked;
  return parts.balance === marked || entry !== undefined;
}

function addWord(parts: SegmentParts, token: Token) {
  if (parts.words.length === 0) parts.textX = token.x0;
  parts.words.push(token.text);
}

/**
 * A figure printed right-aligned past its title's end ("Balance" … "208,648.77"), short of the next
 * column's title: the numeric column whose slot (its title's start up to the next title) holds it.
 */
function slotOf(token: Token, columns: Column[]): Column | undefined {
  const index = columns.findIndex(
    (column, at) => column.x0 <= token.x0 && token.x1 < (columns[at + 1]?.x0 ?? Number.POSITIVE_INFINITY),
  );
  const column = columns[index];
  return column && isNumericColumn(column.kind) && index < columns.length - 1 ? column : undefined;
}

/** The column whose extent the token overlaps most, or lies closest to within the tolerance. */
function nearest(token: Token, columns: Column[]): Column | undefined {
  let best: Column | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const column of columns) {
    const distance = Math.max(column.x0 - token.x1, token.x0 - column.x1);
    if (distance <= COLUMN_TOLERANCE && distance < bestScore) {
      best = column;
      bestScore = distance;
    }
  }
  return best;
}

/**
 * Without positions, a row's roles come from order: the last of two or more amounts is the balance when
 * the table has a balance column; a date counts when it leads the row or stands next to a figure.
 */
function assignByOrder(tokens: Token[], columns: Column[]): SegmentParts {
  const parts: SegmentParts = { dates: [], amounts: [], words: [] };
  const hasBalance = columns.some((column) => column.kind === ColumnKind.balance);
  const moneyKinds = new Set(
    columns
      .map((column) => column.kind)
      .filter((kind) => isNumericColumn(kind) && kind !== ColumnKind.balance),
  );
  const column: AmountColumn =
    moneyKinds.size === 1
      ? ([...moneyKinds][0] as AmountColumn)
      : moneyKinds.size === 0
        ? 'amount'
        : 'unknown';
  const amountCount = tokens.filter((token) => token.kind === 'amount').length;
  let seenAmounts = 0;
  tokens.forEach((token, index) => {
    if (token.kind === 'amount') {
      seenAmounts += 1;
      if (hasBalance && amountCount >= 2 && seenAmounts === amountCount) parts.balance = token.amount;
      else parts.amounts.push({ value: token.amount, column });
      return;
    }
    if (token.kind === 'text' && markPrevious(parts, token, tokens[index - 1])) return;
    if (token.kind === 'date' && acceptsDate(tokens, index, parts.dates.length)) {
      parts.dates.push({ shape: token.shape, text: token.text });
      return;
    }
    addWord(parts, token);
  });
  return parts;
}

function acceptsDate(tokens: Token[], index: number, datesSoFar: number): boolean {
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  if (datesSoFar === 1) return before?.kind === 'date';
  if (datesSoFar > 1) return false;
  return index === 0 || before?.kind === 'amount' || after?.kind === 'amount' || after?.kind === 'date';
}
