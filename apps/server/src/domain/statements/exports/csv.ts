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

/** The amount in a cell: undefined when empty, a message when unreadable. */
function amountCell(
  row: CsvRow,
  index: number | undefined,
  amount: Amount,
  columns: string[],
): number | string | undefined {
  const text = index === undefined ? '' : (row.cells[index] ?? '');
  if (text === '') return undefined;
  return amount(text) ?? `unreadable ${columns[index ?? 0] ?? 'amount'} "${text}"`;
}

/** Signed amount of one row from whichever columns the mapping uses; a string explains a failure. */
function rowAmount(
  row: CsvRow,
  mapping: CsvMapping,
  amount: Amount,
  columns: string[],
): number | string | undefined {
  if (mapping.amount !== undefined) {
    const value = amountCell(row, mapping.amount, amount, columns);
    if (typeof value !== 'number' || mapping.direction === undefined) return value;
    const direction = row.cells[mapping.direction] ?? '';
    if (DEBIT_WORDS.test(direction)) return -Math.abs(value);
    if (CREDIT_WORDS.test(direction)) return Math.abs(value);
    return `unknown direction "${direction}"`;
  }
  const debit = amountCell(row, mapping.debit, amount, columns);
  const credit = amountCell(row, mapping.credit, amount, columns);
  if (typeof debit === 'string') return debit;
  if (typeof credit === 'string') return credit;
  if (debit === undefined && credit === undefined) return undefined;
  return Math.abs(credit ?? 0) - Math.abs(debit ?? 0);
}

interface Row {
  transaction: ParsedTransaction;
  currency: string;
}

/** Bank exports repeat each date hundreds of times (about 270 rows a day at 100,000 rows), so read each once. */
function dateReader(order: CsvLayout['dayMonthOrder']): (text: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  const options = { order };
  return (text) => {
    if (seen.has(text)) return seen.get(text);
    const date = parseDateText(text, options) ?? compactDate(text);
    seen.set(text, date);
    return date;
  };
}

function describeRow(row: CsvRow, columns: number[]): string {
  let description = '';
  for (const index of columns) {
    const part = row.cells[index] ?? '';
    if (part !== '') description = description === '' ? part : `${description} - ${part}`;
  }
  return description;
}

type ReadRows = { rows: Row[]; problems: ParseProblem[] } | { error: string; line: number };

function readRows(layout: CsvLayout, currency: string): ReadRows {
  const { mapping, columns } = layout;
  const readDate = dateReader(layout.dayMonthOrder);
  const readers = new Map<string, Amount>();
  const rows: Row[] = [];
  const problems: ParseProblem[] = [];
  for (const row of layout.rows) {
    const dateCell = row.cells[mapping.date ?? -1] ?? '';
    const date = readDate(dateCell);
    if (!date) {
      const source = { line: row.line, text: row.cells.join(layout.delimiter) };
      problems.push({ code: 'ROW_SKIPPED', message: `line ${row.line}: no date in "${dateCell}"`, source });
      continue;
    }
    const rowCurrency = (row.cells[mapping.currency ?? -1] ?? '').toUpperCase();
    const money = /^[A-Z]{3}$/.test(rowCurrency) ? rowCurrency : currency;
    let amount = readers.get(money);
    if (!amount) {
      amount = (text) => flexibleAmountToMinor(text, layout.decimalSeparator, money);
      readers.set(money, amount);
    }
    const amountMinor = rowAmount(row, mapping, amount, columns);
    if (typeof amountMinor !== 'number')
      return { error: `line ${row.line}: ${amountMinor ?? 'no amount'}`, line: row.line };
    const balanceMinor = amountCell(row, mapping.balance, amount, columns);
    if (typeof balanceMinor === 'string')
      return { error: `line ${row.line}: ${balanceMinor}`, line: row.line };
    const valueDateCell = row.cells[mapping.valueDate ?? -1] ?? '';
    const transaction: ParsedTransaction = {
      date,
      valueDate: valueDateCell === '' ? undefined : readDate(valueDateCell),
      description: describeRow(row, mapping.description),
      amountMinor,
      balanceMinor,
      bankReference: row.cells[mapping.reference ?? -1] || undefined,
      source: { line: row.line },
    };
    rows.push({ currency: money, transaction });
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
