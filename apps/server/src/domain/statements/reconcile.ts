import { minorToDecimal } from '../money.js';
import type { ParsedStatement, ReconciliationIssue, ReconciliationResult } from './model.js';

/**
 * A balance the statement prints, placed between rows: `position` p means "the balance after the first p
 * rows" (opening: 0, closing: n, a row's running balance: its index + 1).
 */
interface Anchor {
  position: number;
  balanceMinor: number;
  /** The statement's own opening/closing (their disagreement is the whole-statement BALANCE_MISMATCH). */
  end?: 'opening' | 'closing' | undefined;
  what: string;
}

/**
 * Proves a statement against itself. Every printed balance is an anchor; between two neighbouring
 * anchors the rows must move the balance exactly from one to the other (asset: +Σ, liability: −Σ, because
 * a payment lowers what is owed). A row is proven only when it lies between two anchors that agree: rows
 * before the first printed balance or after the last one are never assumed right, and a statement is
 * `reconciled` only when every row is proven, no anchors disagree and the printed totals (when any) match.
 * Nothing is derived (no opening from the first row's balance) and nothing is corrected.
 */
export function reconcile(statement: ParsedStatement): ReconciliationResult {
  const money = (minor: number) => `${minorToDecimal(minor, statement.currency)} ${statement.currency}`;
  const issues: ReconciliationIssue[] = [];
  const effect = statement.accountKind === 'asset' ? 1 : -1;
  const rows = statement.transactions;
  const anchors = collectAnchors(statement);
  const proven = new Array<boolean>(rows.length).fill(false);
  // Rows between two anchors: proven when they agree, named by a mismatch issue when they do not.
  const enclosed = new Array<boolean>(rows.length).fill(false);

  for (let k = 1; k < anchors.length; k += 1) {
    const from = anchors[k - 1]!;
    const to = anchors[k]!;
    let expected = from.balanceMinor;
    for (let row = from.position; row < to.position; row += 1) expected += effect * rows[row]!.amountMinor;
    const span = range(from.position, to.position);
    for (const row of span) enclosed[row] = true;
    if (expected === to.balanceMinor) {
      for (const row of span) proven[row] = true;
      continue;
    }
    issues.push({
      code: to.end === 'closing' && from.position === 0 ? 'BALANCE_MISMATCH' : 'RUNNING_BALANCE_MISMATCH',
      message:
        span.length === 0
          ? `${to.what} prints ${money(to.balanceMinor)}, but ${lowerFirst(from.what)} at the same place prints ${money(from.balanceMinor)}.`
          : `${to.what} prints ${money(to.balanceMinor)}; ${lowerFirst(from.what)} (${money(from.balanceMinor)}) ${effect === 1 ? '+' : '−'} the rows between gives ${money(expected)}.`,
      rows: span.length > 0 ? span : nearby(to.position, rows.length),
      expectedMinor: expected,
      actualMinor: to.balanceMinor,
    });
  }

  const opening = statement.openingBalanceMinor;
  const closing = statement.closingBalanceMinor;
  if (opening !== undefined && closing !== undefined && issues.length > 0) {
    // The whole-statement equation, as a bookkeeper checks it first, when the chain broke somewhere.
    const sum = rows.reduce((total, tx) => total + tx.amountMinor, 0);
    const expected = opening + effect * sum;
    if (expected !== closing && !issues.some((issue) => issue.code === 'BALANCE_MISMATCH')) {
      issues.push({
        code: 'BALANCE_MISMATCH',
        message: `Opening ${effect === 1 ? '+' : '−'} transactions gives ${money(expected)}, the statement closes at ${money(closing)}.`,
        rows: [...new Set(issues.flatMap((issue) => issue.rows))].sort((a, b) => a - b),
        expectedMinor: expected,
        actualMinor: closing,
      });
    }
  }

  const totalsChecked = checkTotals(statement, issues, money);
  const checked = anchors.length >= 2 || totalsChecked;
  if (anchors.length === 0 && !totalsChecked) {
    issues.push({
      code: 'NO_BALANCES',
      message: 'The statement prints no balances or totals, so its transactions cannot be proven complete.',
      rows: [],
    });
  }
  const provenRows = proven.filter(Boolean).length;
  const unproven = enclosed.flatMap((inside, index) => (inside ? [] : [index]));
  const emptyUnanchored = rows.length === 0 && anchors.length === 1;
  if ((anchors.length > 0 || totalsChecked) && (unproven.length > 0 || emptyUnanchored)) {
    issues.push({
      code: 'UNPROVEN_ROWS',
      message:
        rows.length === 0
          ? 'The statement has no transactions and does not print both an opening and a closing balance to prove it.'
          : `${unproven.length} of ${rows.length} transactions lie outside any two printed balances (${describeGap(statement, anchors)}), so nothing proves their amounts or that none are missing.`,
      rows: unproven,
    });
  }
  const reconciled = checked && issues.length === 0 && provenRows === rows.length;
  return { reconciled, checked, provenRows, issues };
}

/** Every printed balance in row order; at one position, the opening and page balances come first. */
function collectAnchors(statement: ParsedStatement): Anchor[] {
  const rows = statement.transactions;
  const anchors: Anchor[] = [];
  if (statement.openingBalanceMinor !== undefined) {
    anchors.push({
      position: 0,
      balanceMinor: statement.openingBalanceMinor,
      end: 'opening',
      what: 'The opening balance',
    });
  }
  for (const checkpoint of statement.balanceCheckpoints ?? []) {
    if (checkpoint.beforeRow < 0 || checkpoint.beforeRow > rows.length) continue;
    anchors.push({
      position: checkpoint.beforeRow,
      balanceMinor: checkpoint.balanceMinor,
      what: 'A balance printed between rows',
    });
  }
  rows.forEach((tx, index) => {
    if (tx.balanceMinor !== undefined) {
      anchors.push({
        position: index + 1,
        balanceMinor: tx.balanceMinor,
        what: `Row ${index + 1}'s balance`,
      });
    }
  });
  anchors.push(...dailyAnchors(statement));
  if (statement.closingBalanceMinor !== undefined) {
    anchors.push({
      position: rows.length,
      balanceMinor: statement.closingBalanceMinor,
      end: 'closing',
      what: 'The closing balance',
    });
  }
  // Stable: within a position, the order above (opening, page balances, rows, days, closing) holds.
  return anchors
    .map((anchor, order) => ({ anchor, order }))
    .sort((a, b) => a.anchor.position - b.anchor.position || a.order - b.order)
    .map(({ anchor }) => anchor);
}

/**
 * End-of-day balances (a separate daily-balance table): the balance after the last row dated on or before
 * that day. Only meaningful when the rows run in date order; otherwise they prove nothing and are ignored.
 */
function dailyAnchors(statement: ParsedStatement): Anchor[] {
  const rows = statement.transactions;
  const daily = statement.dailyBalances ?? [];
  if (daily.length === 0) return [];
  const ordered = rows.every((tx, index) => index === 0 || rows[index - 1]!.date <= tx.date);
  if (!ordered) return [];
  return daily.flatMap(({ date, balanceMinor }) => {
    let position = 0;
    while (position < rows.length && rows[position]!.date <= date) position += 1;
    // A day with no rows of its own proves only that nothing happened since the last row: still an anchor.
    return [{ position, balanceMinor, what: `The balance printed for ${date}` }];
  });
}

function checkTotals(
  statement: ParsedStatement,
  issues: ReconciliationIssue[],
  money: (minor: number) => string,
): boolean {
  let checked = false;
  for (const total of statement.sectionTotals ?? []) {
    checked = true;
    const rows = range(total.fromRow, Math.min(total.toRow, statement.transactions.length)).filter((row) => {
      const amount = statement.transactions[row]!.amountMinor;
      return total.side === 'all' || (total.side === 'credits' ? amount > 0 : amount < 0);
    });
    const sum = rows.reduce((total, row) => total + Math.abs(statement.transactions[row]!.amountMinor), 0);
    if (sum !== total.totalMinor) {
      issues.push({
        code: 'TOTAL_MISMATCH',
        message: `The printed total${total.text ? ` "${total.text}"` : ''} is ${money(total.totalMinor)}, the rows above it add up to ${money(sum)}.`,
        rows,
        expectedMinor: total.totalMinor,
        actualMinor: sum,
      });
    }
  }
  const totals = statement.printedTotals;
  if (!totals) return checked;
  const sides = [
    { printed: totals.creditsMinor, positive: true, name: 'credits' },
    { printed: totals.debitsMinor, positive: false, name: 'debits' },
  ];
  for (const side of sides) {
    if (side.printed === undefined) continue;
    checked = true;
    const rows = statement.transactions
      .map((tx, index) => ({ tx, index }))
      .filter(({ tx }) => (side.positive ? tx.amountMinor > 0 : tx.amountMinor < 0));
    const sum = rows.reduce((total, { tx }) => total + Math.abs(tx.amountMinor), 0);
    if (sum !== Math.abs(side.printed)) {
      issues.push({
        code: 'TOTAL_MISMATCH',
        message: `The printed total ${side.name} is ${money(Math.abs(side.printed))}, the rows add up to ${money(sum)}.`,
        rows: rows.map(({ index }) => index),
        expectedMinor: Math.abs(side.printed),
        actualMinor: sum,
      });
    }
  }
  return checked;
}

function describeGap(statement: ParsedStatement, anchors: readonly Anchor[]): string {
  if (anchors.length === 0) return 'none is printed';
  const missing = [
    statement.openingBalanceMinor === undefined ? 'no opening balance' : undefined,
    statement.closingBalanceMinor === undefined ? 'no closing balance' : undefined,
  ].filter(Boolean);
  return missing.length > 0 ? `${missing.join(' and ')} was found` : 'balances are missing around them';
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
const nearby = (position: number, count: number) =>
  [position - 1, position].filter((row) => row >= 0 && row < count);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
