import type { AccountKind, ParseProblem, ParsedTransaction, SectionTotal } from '../model.js';
import { AmountSignMark, type ParsedAmount } from '../amount-text.js';
import { type DayMonthOrder, type Period, resolveDate } from '../date-text.js';
import type { BalanceRole } from './labels.js';
import type { RawRow, TableEvent } from './table.js';

export interface BalanceCheckpoint {
  /** Index of the first transaction after the printed balance. */
  beforeRow: number;
  balanceMinor: number;
  role: BalanceRole;
  page: number;
  text: string;
}

export interface Interpretation {
  transactions: ParsedTransaction[];
  checkpoints: BalanceCheckpoint[];
  sectionTotals: SectionTotal[];
  problems: ParseProblem[];
}

/** How a statement prints unsigned amounts in a single amount column, learned from the marked ones. */
interface SignConvention {
  credit: boolean;
  debit: boolean;
  signed: boolean;
}

/**
 * A printed balance as money held (asset) or owed (liability). On a card, `CR` means the bank owes the
 * holder and a minus means the same; `DR` and no mark are what the holder owes.
 */
export function balanceValue(amount: ParsedAmount, kind: AccountKind): number {
  if (kind === 'asset') return amount.minor;
  const magnitude = Math.abs(amount.minor);
  return amount.mark === AmountSignMark.debit || amount.mark === AmountSignMark.none || amount.mark === 'plus'
    ? magnitude
    : -magnitude;
}

/**
 * Turns table rows into transactions for one account kind: signs from the column, the section heading, the
 * printed mark, the statement's convention for unsigned amounts, and only when all of those are silent,
 * from the running balance. A magnitude is never changed to fit a balance: reconciliation reports it.
 */
export function interpretRows(
  events: readonly TableEvent[],
  context: { kind: AccountKind; order: DayMonthOrder; period?: Period | undefined },
): Interpretation {
  const result: Interpretation = { transactions: [], checkpoints: [], sectionTotals: [], problems: [] };
  let sectionStart = 0;
  const convention = learnConvention(events);
  // +1 when a printed "+" (a rising balance) is money in: true of assets; on liabilities it is money out.
  const effect = context.kind === 'asset' ? 1 : -1;
  let previous: number | undefined;
  for (const event of events) {
    if (event.type === 'balance') {
      const balanceMinor = balanceValue(event.value, context.kind);
      const { page, text, role } = event;
      result.checkpoints.push({ beforeRow: result.transactions.length, balanceMinor, role, page, text });
      previous = balanceMinor;
      continue;
    }
    if (event.type === 'section') {
      sectionStart = result.transactions.length;
      continue;
    }
    if (event.type === 'total') {
      const range = { fromRow: sectionStart, toRow: result.transactions.length, text: event.text };
      const byColumn = (kind: string) => event.amounts.find((amount) => amount.column === kind)?.value;
      const credits = byColumn('credit');
      const debits = byColumn('debit');
      if (credits || debits) {
        if (credits)
          result.sectionTotals.push({ ...range, side: 'credits', totalMinor: Math.abs(credits.minor) });
        if (debits)
          result.sectionTotals.push({ ...range, side: 'debits', totalMinor: Math.abs(debits.minor) });
      } else if (event.amounts.length === 1) {
        result.sectionTotals.push({
          ...range,
          side: 'all',
          totalMinor: Math.abs(event.amounts[0]!.value.minor),
        });
      }
      sectionStart = result.transactions.length;
      continue;
    }
    if (event.type !== 'row') continue;
    const { row } = event;
    const date = row.date && resolveDate(row.date.shape, context);
    if (!date || !row.amount) {
      result.problems.push({
        code: 'DATE_UNREADABLE',
        message: `Unreadable date on a row.`,
        source: sourceOf(row),
      });
      continue;
    }
    const balanceMinor = row.balance ? balanceValue(row.balance, context.kind) : undefined;
    let amountMinor = signedAmount(row, convention, effect);
    if (amountMinor.weak && balanceMinor !== undefined && previous !== undefined) {
      const moved = effect * (balanceMinor - previous);
      if (Math.abs(moved) === Math.abs(amountMinor.minor)) amountMinor = { minor: moved, weak: false };
    }
    const valueDate = row.valueDate && resolveDate(row.valueDate, context);
    result.transactions.push({
      date,
      // Box-drawing rules between columns ("|", "¦") are not words of the description.
      description: row.description
        .filter((word) => !/^[|¦│]+$/.test(word))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
      amountMinor: amountMinor.minor,
      balanceMinor,
      valueDate,
      source: sourceOf(row),
    });
    previous = balanceMinor ?? (previous === undefined ? undefined : previous + effect * amountMinor.minor);
  }
  return result;
}

function learnConvention(events: readonly TableEvent[]): SignConvention {
  const convention: SignConvention = { credit: false, debit: false, signed: false };
  for (const event of events) {
    if (event.type !== 'row' || !event.row.amount) continue;
    const { value, column } = event.row.amount;
    if (column !== 'amount' && column !== 'unknown') continue;
    if (value.mark === AmountSignMark.credit) convention.credit = true;
    else if (value.mark === AmountSignMark.debit) convention.debit = true;
    else if (value.mark !== AmountSignMark.none) convention.signed = true;
  }
  return convention;
}

function signedAmount(
  row: RawRow,
  convention: SignConvention,
  effect: number,
): { minor: number; weak: boolean } {
  const { value, column } = row.amount!;
  const magnitude = Math.abs(value.minor);
  const strong = (sign: number) => ({ minor: sign * magnitude, weak: false });
  if (column === 'debit' || column === 'fee') return strong(-1);
  if (column === 'credit') return strong(1);
  if (row.section) return strong(row.section === 'credit' ? 1 : -1);
  switch (value.mark) {
    case AmountSignMark.credit:
      return strong(1);
    case AmountSignMark.debit:
      return strong(-1);
    case AmountSignMark.minus:
    case AmountSignMark.parentheses:
      return strong(-effect);
    case AmountSignMark.plus:
      return strong(effect);
    case AmountSignMark.none:
      break;
  }
  // Unsigned: the complement of the marks the statement does print (FNB marks credits "Cr").
  if (convention.credit && !convention.debit) return strong(-1);
  if (convention.debit && !convention.credit) return strong(1);
  if (convention.signed) return strong(effect);
  return { minor: effect * magnitude, weak: true };
}

const sourceOf = (row: RawRow) => ({ page: row.page, line: row.line, text: row.text });
