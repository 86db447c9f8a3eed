/**
 * Bank CSV exports → statements, once csv-layout.ts has settled the columns. Rows whose date cell is
 * not a date (summaries, footers, "opening balance" lines) are skipped and noted; a dated row whose
 * amount cannot be read is a malformed file, because dropping it would silently change the totals.
 *
 * Balances: CSV has no balance fields, but a running-balance column gives them: the closing balance is
 * the last row's, the opening one the first row's less its amount. That is a real check, not a
 * tautology, because reconciliation also checks each printed running balance against the one before.
 * Files listed newest first are put back in date order (decided by the running balances when present).
 */
import { parseDateText } from '../date-text.js';
import type { ParsedStatement, ParsedTransaction, ParseProblem } from '../model.js';
import { flexibleAmountToMinor } from './amounts.js';
import { compactDate } from './dates.js';
import type { CsvMapping } from './csv-columns.js';
import { readCsvLayout, type CsvLayout, type CsvOptions, type CsvRow } from './csv-layout.js';
import {
  DEFAULT_CURRENCY,
  ExportErrorCode,
  fail,
  ok,
  type FormatOptions,
  type StatementsResult,
} from './result.js';

const DEBIT_WORDS = /^(d|dr|debit|debet|af|s|soll|-|withdrawal)$/i;
const CREDIT_WORDS = /^(c|cr|credit|bij|h|haben|\+|deposit)$/i;

type Amount = (cell: string) => number | undefined;

/** Signed amount of one row from whichever columns the mapping uses; a string explains a failure. */
function rowAmount(
  row: CsvRow,
  mapping: CsvMapping,
  amount: Amount,
  columns: string[],
): number | string | undefined {
  const cell = (index: number | undefined) => (index === undefined ? '' : (row.cells[index] ?? ''));
  const read = (index: number | undefined) => {
    const text = cell(index);
    if (text === '') return undefined;
    return amount(text) ?? `unreadable ${columns[index ?? 0] ?? 'amount'} "${text}"`;
  };
  if (mapping.amount !== undefined) {
    const value = read(mapping.amount);
    if (typeof value !== 'number' || mapping.direction === undefined) return value;
    const direction = cell(mapping.direction);
    if (DEBIT_WORDS.test(direction)) return -Math.abs(value);
    if (CREDIT_WORDS.test(direction)) return Math.abs(value);
    return `unknown direction "${direction}"`;
  }
  const debit = read(mapping.debit);
  const credit = read(mapping.credit);
  if (typeof debit === 'string') return debit;
  if (typeof credit === 'string') return credit;
  if (debit === undefined && credit === undefined) return undefined;
  return Math.abs(credit ?? 0) - Math.abs(debit ?? 0);
}

interface Row {
  transaction: ParsedTransaction;
  currency: string;
}

function readRows(
  layout: CsvLayout,
  currency: string,
): { rows: Row[]; problems: ParseProblem[] } | { error: string; line: number } {
  const { mapping, columns } = layout;
  const order = { order: layout.dayMonthOrder };
  const rows: Row[] = [];
  const problems: ParseProblem[] = [];
  for (const row of layout.rows) {
    const dateCell = row.cells[mapping.date ?? -1] ?? '';
    const date = parseDateText(dateCell, order) ?? compactDate(dateCell);
    if (!date) {
      problems.push({
        code: 'ROW_SKIPPED',
        message: `line ${row.line}: no date in "${dateCell}"`,
        source: { line: row.line, text: row.cells.join(layout.delimiter) },
      });
      continue;
    }
    const rowCurrency = (row.cells[mapping.currency ?? -1] ?? '').toUpperCase();
    const money = /^[A-Z]{3}$/.test(rowCurrency) ? rowCurrency : currency;
    const amount: Amount = (text) => flexibleAmountToMinor(text, layout.decimalSeparator, money);
    const amountMinor = rowAmount(row, mapping, amount, columns);
    if (typeof amountMinor !== 'number')
      return { error: `line ${row.line}: ${amountMinor ?? 'no amount'}`, line: row.line };
    const balanceCell = row.cells[mapping.balance ?? -1] ?? '';
    const balanceMinor = balanceCell === '' ? undefined : amount(balanceCell);
    if (balanceCell !== '' && balanceMinor === undefined)
      return { error: `line ${row.line}: unreadable balance "${balanceCell}"`, line: row.line };
    const valueDateCell = row.cells[mapping.valueDate ?? -1] ?? '';
    rows.push({
      currency: money,
      transaction: {
        date,
        valueDate:
          valueDateCell === ''
            ? undefined
            : (parseDateText(valueDateCell, order) ?? compactDate(valueDateCell)),
        description: mapping.description
          .map((index) => row.cells[index] ?? '')
          .filter((part) => part !== '')
          .join(' - '),
        amountMinor,
        balanceMinor,
        bankReference: row.cells[mapping.reference ?? -1] || undefined,
        source: { line: row.line },
      },
    });
  }
  return { rows, problems };
}

/** True when the rows run newest first: running balances decide, else the first and last dates. */
function newestFirst(transactions: ParsedTransaction[]): boolean {
  let forward = 0;
  let backward = 0;
  for (let i = 1; i < transactions.length; i++) {
    const [before, current] = [transactions[i - 1]!, transactions[i]!];
    if (before.balanceMinor === undefined || current.balanceMinor === undefined) continue;
    if (before.balanceMinor + current.amountMinor === current.balanceMinor) forward += 1;
    if (current.balanceMinor + before.amountMinor === before.balanceMinor) backward += 1;
  }
  if (forward !== backward) return backward > forward;
  const first = transactions[0]?.date ?? '';
  return first > (transactions[transactions.length - 1]?.date ?? first);
}

function toStatement(
  transactions: ParsedTransaction[],
  currency: string,
  problems: ParseProblem[],
  options: FormatOptions,
): ParsedStatement {
  if (newestFirst(transactions)) transactions.reverse();
  const first = transactions[0];
  const last = transactions[transactions.length - 1];
  const hasBalances = first?.balanceMinor !== undefined && last?.balanceMinor !== undefined;
  const dates = transactions.map((t) => t.date).sort();
  return {
    format: 'csv',
    bankSource: 'generic',
    accountKind: options.accountKind ?? 'asset',
    currency,
    periodStart: dates[0],
    periodEnd: dates[dates.length - 1],
    openingBalanceMinor: hasBalances ? first.balanceMinor! - first.amountMinor : undefined,
    closingBalanceMinor: hasBalances ? last.balanceMinor : undefined,
    transactions,
    problems: hasBalances
      ? problems
      : [
          ...problems,
          {
            code: 'BALANCE_ABSENT',
            message: 'the file has no running balance column, so it cannot be reconciled',
          },
        ],
  };
}

export function parseCsv(
  bytes: Uint8Array,
  options: FormatOptions & { csv?: CsvOptions | undefined } = {},
): StatementsResult {
  const currency = options.currency ?? DEFAULT_CURRENCY;
  const layout = readCsvLayout(bytes, options.csv, currency);
  if (!layout.ok) return layout;
  if (layout.value.ambiguities.length > 0) {
    return fail(
      ExportErrorCode.csvMappingNeeded,
      `columns need confirming: ${layout.value.ambiguities.join('; ')}`,
    );
  }
  const read = readRows(layout.value, currency);
  if ('error' in read) return fail(ExportErrorCode.malformed, read.error, read.line);
  if (read.rows.length === 0) return fail(ExportErrorCode.noTransactions, 'no row has a readable date');
  if (read.problems.length > read.rows.length) {
    return fail(
      ExportErrorCode.csvMappingNeeded,
      `${read.problems.length} of ${layout.value.rows.length} rows have no date in the date column`,
    );
  }
  const byCurrency = new Map<string, ParsedTransaction[]>();
  for (const row of read.rows) {
    const list = byCurrency.get(row.currency) ?? [];
    list.push(row.transaction);
    byCurrency.set(row.currency, list);
  }
  const assumed: ParseProblem[] =
    options.currency || layout.value.mapping.currency !== undefined
      ? []
      : [{ code: 'CURRENCY_ASSUMED', message: `the file names no currency; ${currency} assumed` }];
  return ok(
    [...byCurrency].map(([code, transactions]) =>
      toStatement(transactions, code, [...assumed, ...read.problems], options),
    ),
  );
}
