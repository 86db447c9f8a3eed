import { minorToDecimal } from '../money.js';
import type { ParsedStatement, ReconciliationIssue, ReconciliationResult } from './model.js';

/**
 * Proves a statement against itself: every printed running balance and page balance against the running
 * total, opening ± Σ = closing (asset: +, liability: −, because a payment lowers what is owed), and the
 * printed credit and debit totals. Each issue names the rows involved; nothing is corrected.
 */
export function reconcile(statement: ParsedStatement): ReconciliationResult {
  const money = (minor: number) => `${minorToDecimal(minor, statement.currency)} ${statement.currency}`;
  const issues: ReconciliationIssue[] = [];
  // How a holder-signed amount moves the printed balance.
  const effect = statement.accountKind === 'asset' ? 1 : -1;
  const running = checkRunningBalances(statement, effect, issues);
  const opening = statement.openingBalanceMinor ?? running.derivedOpening;
  const closing = statement.closingBalanceMinor;
  if (opening !== undefined && closing !== undefined) {
    const sum = statement.transactions.reduce((total, tx) => total + tx.amountMinor, 0);
    const expected = opening + effect * sum;
    if (expected !== closing) {
      const runningRows = issues.flatMap((issue) => issue.rows);
      issues.push({
        code: 'BALANCE_MISMATCH',
        message: `Opening ${statement.accountKind === 'asset' ? '+' : '−'} transactions gives ${money(expected)}, the statement closes at ${money(closing)}.`,
        rows:
          runningRows.length > 0
            ? [...new Set(runningRows)]
            : statement.transactions.map((_, index) => index),
        expectedMinor: expected,
        actualMinor: closing,
      });
    }
  }
  const totalsChecked = checkTotals(statement, issues);
  const checked = (opening !== undefined && closing !== undefined) || running.checked || totalsChecked;
  if (!checked) {
    issues.push({
      code: 'NO_BALANCES',
      message: 'The statement prints no balances or totals, so its transactions cannot be proven complete.',
      rows: [],
    });
  }
  return { reconciled: checked && issues.length === 0, checked, issues };
}

/** Walks the rows with a running total, resetting it at each printed balance after comparing. */
function checkRunningBalances(statement: ParsedStatement, effect: number, issues: ReconciliationIssue[]) {
  const money = (minor: number) => `${minorToDecimal(minor, statement.currency)} ${statement.currency}`;
  const checkpoints = new Map<number, number>();
  for (const checkpoint of statement.balanceCheckpoints ?? []) {
    if (!checkpoints.has(checkpoint.beforeRow))
      checkpoints.set(checkpoint.beforeRow, checkpoint.balanceMinor);
  }
  let balance = statement.openingBalanceMinor;
  let derivedOpening: number | undefined;
  let since = 0;
  let checked = false;
  const compare = (printed: number, lastRow: number, what: string) => {
    checked = true;
    if (balance !== undefined && balance !== printed) {
      const rows = Array.from({ length: Math.max(0, lastRow - since + 1) }, (_, k) => since + k);
      issues.push({
        code: 'RUNNING_BALANCE_MISMATCH',
        message: `${what} prints ${money(printed)}, the rows before it give ${money(balance)}.`,
        rows,
        expectedMinor: balance,
        actualMinor: printed,
      });
    }
    balance = printed;
    since = lastRow + 1;
  };
  statement.transactions.forEach((tx, index) => {
    const printed = checkpoints.get(index);
    if (printed !== undefined && (index > 0 || balance !== undefined))
      compare(printed, index - 1, 'A page balance');
    else if (printed !== undefined) balance = printed;
    if (balance === undefined && tx.balanceMinor !== undefined) {
      derivedOpening = tx.balanceMinor - effect * tx.amountMinor;
      balance = derivedOpening;
    }
    if (balance !== undefined) balance += effect * tx.amountMinor;
    if (tx.balanceMinor !== undefined) compare(tx.balanceMinor, index, `Row ${index + 1}'s balance`);
  });
  const last = statement.transactions.length;
  const final = checkpoints.get(last);
  if (final !== undefined && last > 0) compare(final, last - 1, 'The closing page balance');
  return { checked, derivedOpening };
}

function checkTotals(statement: ParsedStatement, issues: ReconciliationIssue[]): boolean {
  const money = (minor: number) => `${minorToDecimal(minor, statement.currency)} ${statement.currency}`;
  const totals = statement.printedTotals;
  if (!totals) return false;
  let checked = false;
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
