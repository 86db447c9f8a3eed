import type { DocumentText } from '../document-text.js';
import { detectDecimalSeparator } from './amount-text.js';
import { type DayMonthOrder, type Period, decideDayMonthOrder, resolveDate } from './date-text.js';
import { readFacts, type DocumentFacts } from './layout/facts.js';
import { type Column, type TableHeader, findHeaders } from './layout/header.js';
import { balanceValue, type Interpretation, interpretRows } from './layout/interpret.js';
import { sectionSign } from './layout/labels.js';
import { type Line, buildLines } from './layout/lines.js';
import { readTable, type TableEvent } from './layout/table.js';
import { type LineTokens, type NumberFormat, lineTokenizer } from './layout/tokens.js';
import type { AccountKind, ParsedStatement, ParseProblem } from './model.js';
import { type BankProfile, detectBank } from './profiles.js';
import { reconcile } from './reconcile.js';

export interface ParseStatementOptions {
  /** A bank profile id or name (`standard_bank`, `FNB`) when the caller knows it. */
  bankHint?: string | undefined;
  /** Overrides detection from wording ("credit card", "home loan") and balances. */
  accountKind?: AccountKind | undefined;
  /** Currency when the statement names none; ZAR by default. */
  currency?: string | undefined;
}

export type StatementParseErrorCode = 'STATEMENT_LAYOUT_UNKNOWN' | 'NOT_A_STATEMENT';

export type ParseStatementResult =
  | {
      /** The first (usually the only) account's statement. */
      statement: ParsedStatement;
      /** Every account's statement, in print order: a combined statement of several accounts has one each. */
      statements: ParsedStatement[];
    }
  | { error: { code: StatementParseErrorCode; message: string } };

/**
 * Positioned text of a statement → its transactions, balances and period, without judging them (run
 * `reconcile` on the result). Layout is learned from the document: the table from its header words and
 * column positions, signs from columns, sections and marks. See index.ts for the whole contract.
 */
export function parseStatementText(
  doc: DocumentText,
  options: ParseStatementOptions = {},
): ParseStatementResult {
  const lines = buildLines(doc);
  const profile = detectBank(doc, options.bankHint);
  const format = detectNumberFormat(lines, detectCurrency(lines, profile, options.currency));
  const tokensOf = lineTokenizer(format);
  const headers = findHeaders(lines);
  const noise = repeatedNoise(lines);
  // Candidate tables: the one under the header that repeats most, and rows that lead with a date (for
  // statements whose sections carry no header of their own). The one whose balances prove more wins;
  // the first that proves every row ends the search.
  const candidates: TableHeader[] = [];
  const primary = choosePrimary(headers);
  if (primary) candidates.push(primary);
  const headerless = headerlessTable(lines, tokensOf);
  if (headerless) candidates.push(headerless);
  let best: { statements: ParsedStatement[]; problems: ParseProblem[]; score: number[] } | undefined;
  let failed: string | undefined;
  for (const candidate of candidates) {
    // A reading that proves every row is not bettered by another: the rest are not tried (each costs a
    // whole interpretation of the table).
    if (best?.score[0] === 1) break;
    const table = readTable(lines, headers, candidate, tokensOf, noise);
    if (!table.events.some((event) => event.type === 'row')) {
      failed ??= 'A transaction table header was found, but no transaction rows under it.';
      continue;
    }
    // Accounts split where one closes and the next opens; also, tried, where an opening balance follows
    // rows without a closing (the first account's closing printed only in its summary): kept when the
    // parts prove more than the whole.
    const strict = splitAccounts(table.events, lines.length, false);
    const eager = splitAccounts(table.events, lines.length, true);
    for (const parts of eager.length > strict.length ? [strict, eager] : [strict]) {
      if (best?.score[0] === 1) break;
      const statements = parts.map(({ events, from, to }) => {
        const anchors = new Set(events.flatMap((e) => (e.type === 'balance' ? [e.line - from] : [])));
        const facts = readFacts(lines.slice(from, to), tokensOf, candidate.firstLine - from, anchors);
        return interpretTable(events, facts, profile, format, options.accountKind);
      });
      const scores = statements.map(proofScore);
      const score = [
        scores.every(([reconciled]) => reconciled === 1) ? 1 : 0,
        ...[1, 2].map((at) => scores.reduce((sum, one) => sum + one[at]!, 0)),
      ];
      if (!best || isBetter(score, best.score)) best = { statements, problems: table.problems, score };
    }
  }
  if (!best) {
    return failure(
      lines,
      failed ?? 'No transaction table header (date, description, amount columns) was found.',
    );
  }
  const statements = best.statements.filter((statement) => statement.transactions.length > 0);
  if (statements.length === 0) {
    return failure(lines, 'Transaction rows were found, but none had a readable date.');
  }
  statements[0]!.problems.unshift(...best.problems);
  return { statement: statements[0]!, statements };
}

/**
 * A combined statement prints one account after another, each table ending with its closing balance and
 * the next starting with an opening balance. The table is cut there; each part gets the lines from just
 * after the previous part's closing balance (the next account's summary box belongs to it).
 */
function splitAccounts(
  events: readonly TableEvent[],
  lineCount: number,
  eager: boolean,
): { events: TableEvent[]; from: number; to: number }[] {
  const parts: { events: TableEvent[]; from: number; to: number }[] = [];
  let current: TableEvent[] = [];
  let from = 0;
  let closing: { index: number; line: number } | undefined;
  let lastLine: number | undefined;
  let rows = 0;
  const cut = (index: number, line: number) => {
    parts.push({ events: current.slice(0, index + 1), from, to: line + 1 });
    current = current.slice(index + 1);
    from = line + 1;
    closing = undefined;
    rows = 0;
  };
  events.forEach((event) => {
    if (event.type === 'balance' && event.role === 'opening' && rows > 0) {
      if (closing) cut(closing.index, closing.line);
      else if (eager && lastLine !== undefined) cut(current.length - 1, lastLine);
    }
    if (event.type === 'balance' && event.role === 'closing')
      closing = { index: current.length, line: event.line };
    if (event.type === 'row') rows += 1;
    if (event.type === 'row') lastLine = event.row.line;
    else if (event.type === 'balance' || event.type === 'total') lastLine = event.line;
    current.push(event);
  });
  parts.push({ events: current, from, to: lineCount });
  return parts;
}

function interpretTable(
  events: readonly TableEvent[],
  facts: DocumentFacts,
  profile: BankProfile | undefined,
  format: NumberFormat,
  accountKind: AccountKind | undefined,
): ParsedStatement {
  const { order, period } = decideDates(events, facts, profile);
  const chronological = newestFirst(events, order, period) ? [...events].reverse() : events;
  const detectedKind = accountKind ?? (facts.liabilityHint ? 'liability' : 'asset');
  const build = (kind: AccountKind) =>
    assemble(interpretRows(chronological, { kind, order, period }), facts, {
      kind,
      order,
      period,
      profile,
      format,
    });
  const statement = build(detectedKind);
  if (accountKind) return statement;
  // Wording can mislead (an advert for a personal loan on a savings statement); balances cannot. The
  // kind under which more rows are proven wins; the wording decides only a tie.
  const other = build(detectedKind === 'asset' ? 'liability' : 'asset');
  if (!isBetter(proofScore(other), proofScore(statement))) return statement;
  other.problems.push({
    code: 'ACCOUNT_KIND_FROM_BALANCES',
    message: `The balances prove more rows as a${other.accountKind === 'asset' ? 'n asset' : ' liability'} account than the wording suggested.`,
  });
  return other;
}

/**
 * A table printed newest first (online banking printouts and exports): its dates never rise from one row to
 * the next and fall at least twice. Read backwards it is an ordinary table: each row's printed balance is
 * still the balance after it, a balance brought forward at the bottom becomes the opening. Tables with
 * section totals are left as printed (a total follows the rows it sums).
 */
function newestFirst(events: readonly TableEvent[], order: DayMonthOrder, period: Period | undefined) {
  if (events.some((event) => event.type === 'total' || event.type === 'section')) return false;
  const dates = events.flatMap((event) =>
    event.type === 'row' && event.row.date ? [resolveDate(event.row.date.shape, { order, period })] : [],
  );
  let falls = 0;
  for (let index = 1; index < dates.length; index += 1) {
    const [before, after] = [dates[index - 1], dates[index]];
    if (!before || !after) return false;
    if (after > before) return false;
    if (after < before) falls += 1;
  }
  return falls >= 2;
}

/** Reconciled first, then rows proven, then fewer issues. */
function proofScore(statement: ParsedStatement): number[] {
  const proof = reconcile(statement);
  return [proof.reconciled ? 1 : 0, proof.provenRows, -proof.issues.length];
}

function isBetter(score: readonly number[], than: readonly number[]): boolean {
  const index = score.findIndex((value, i) => value !== than[i]);
  return index >= 0 && score[index]! > than[index]!;
}

function assemble(
  interpretation: Interpretation,
  facts: DocumentFacts,
  context: {
    kind: AccountKind;
    order: DayMonthOrder;
    period?: Period | undefined;
    profile?: BankProfile | undefined;
    format: NumberFormat;
  },
): ParsedStatement {
  const { transactions, checkpoints, sectionTotals } = interpretation;
  const value = (amount: Parameters<typeof balanceValue>[0] | undefined) =>
    amount === undefined ? undefined : balanceValue(amount, context.kind);
  // The table's own first and last balances, unless the summary prints them too: then the summary's are
  // the opening and closing, and the table's stay anchors of their own, so a disagreement is found.
  const first = checkpoints[0];
  const tableOpening = first && first.beforeRow === 0 && first.role === 'opening' ? first : undefined;
  const summaryOpening = value(facts.opening);
  const openingCheckpoint =
    tableOpening && (summaryOpening === undefined || summaryOpening === tableOpening.balanceMinor)
      ? tableOpening
      : undefined;
  const last = checkpoints.at(-1);
  const tableClosing =
    last && last !== tableOpening && last.beforeRow === transactions.length && last.role !== 'opening'
      ? last
      : undefined;
  const summaryClosing = value(facts.closing ?? facts.carried);
  const closingCheckpoint =
    tableClosing && (summaryClosing === undefined || summaryClosing === tableClosing.balanceMinor)
      ? tableClosing
      : undefined;
  const dates = transactions.map((tx) => tx.date).sort();
  const daily = dailyEnds(facts, context, dates);
  return {
    format: 'pdf',
    bankSource: context.profile?.id ?? 'generic',
    bankName: context.profile?.name,
    accountNumber: facts.accountNumber,
    accountKind: context.kind,
    currency: context.format.currency,
    // A single printed day ("STATEMENT ISSUED 11-29-2024") is when the statement was made, not its period.
    ...(context.period && context.period.start !== context.period.end
      ? { periodStart: context.period.start, periodEnd: context.period.end }
      : {
          periodStart: daily.openingDate ?? dates[0],
          periodEnd: [context.period?.end, dates.at(-1)].filter(Boolean).sort().at(-1),
        }),
    openingBalanceMinor: summaryOpening ?? openingCheckpoint?.balanceMinor ?? daily.opening,
    // Printed nowhere else, the closing is the balance printed on the last row (after it, by definition).
    closingBalanceMinor:
      summaryClosing ?? closingCheckpoint?.balanceMinor ?? daily.closing ?? transactions.at(-1)?.balanceMinor,
    sectionTotals: sectionTotals.length > 0 ? sectionTotals : undefined,
    // Totals inside the table cover their sections only; the summary's totals then say nothing more.
    printedTotals:
      sectionTotals.length === 0 && (facts.totals.credits || facts.totals.debits)
        ? {
            creditsMinor: facts.totals.credits && Math.abs(facts.totals.credits.minor),
            debitsMinor: facts.totals.debits && Math.abs(facts.totals.debits.minor),
          }
        : undefined,
    transactions,
    balanceCheckpoints: checkpoints
      .filter((checkpoint) => checkpoint !== openingCheckpoint && checkpoint !== closingCheckpoint)
      .map(({ beforeRow, balanceMinor, page, text }) => ({
        beforeRow,
        balanceMinor,
        source: { page, text },
      })),
    problems: [...interpretation.problems],
  };
}

/**
 * Opening and closing from a daily-balance table, for statements that print them nowhere else: the
 * balance of a day before the first row's date is the opening (no row can have moved it), and the
 * balance of the last row's date or later is the closing.
 */
function dailyEnds(
  facts: DocumentFacts,
  context: { kind: AccountKind; order: DayMonthOrder; period?: Period | undefined },
  rowDates: readonly string[],
): { opening?: number | undefined; openingDate?: string | undefined; closing?: number | undefined } {
  const days = facts.dailyBalances
    .flatMap(({ date, balance }) => {
      const iso = resolveDate(date, { order: context.order, period: context.period });
      return iso ? [{ date: iso, balanceMinor: balanceValue(balance, context.kind) }] : [];
    })
    .sort((a, b) => a.date.localeCompare(b.date));
  const first = days[0];
  const last = days.at(-1);
  const [firstRow, lastRow] = [rowDates[0], rowDates.at(-1)];
  if (!first || !last || !firstRow || !lastRow) return {};
  return {
    ...(first.date < firstRow ? { opening: first.balanceMinor, openingDate: first.date } : {}),
    closing: last.date >= lastRow ? last.balanceMinor : undefined,
  };
}

/** The table whose header repeats most (page after page); ties go to the one with a description column. */
function choosePrimary(headers: readonly TableHeader[]): TableHeader | undefined {
  const counts = new Map<string, number>();
  for (const header of headers) counts.set(header.signature, (counts.get(header.signature) ?? 0) + 1);
  const score = (header: TableHeader) =>
    (counts.get(header.signature) ?? 0) * 10 + (header.signature.includes('description') ? 1 : 0);
  return headers.reduce<TableHeader | undefined>(
    (best, header) => (!best || score(header) > score(best) ? header : best),
    undefined,
  );
}

/**
 * A table without a recognisable title row: at least three lines that start with a date and carry a
 * figure. Columns are then read by order; a balance column exists when most such rows carry two figures.
 */
function headerlessTable(lines: readonly Line[], tokensOf: LineTokens): TableHeader | undefined {
  let rows = 0;
  let withBalance = 0;
  let first = -1;
  lines.forEach((line, index) => {
    const tokens = tokensOf(line);
    const figures = tokens.filter((token) => token.kind === 'amount').length;
    if (tokens[0]?.kind !== 'date' || figures === 0) return;
    rows += 1;
    if (figures >= 2) withBalance += 1;
    if (first < 0) first = index;
  });
  if (rows < 3) return undefined;
  // The section heading just above the first row ("DEPOSITS & CREDITS") belongs to the table.
  if (first > 0 && lines[first - 1]!.page === lines[first]!.page && sectionSign(lines[first - 1]!.text))
    first -= 1;
  const column = (kind: Column['kind']): Column => ({ kind, label: kind, x0: 0, x1: 0 });
  const columns = [column('date'), column('description'), column('amount')];
  // Two figures on 60 %+ of the rows: the second is a running balance, not a second amount.
  if (withBalance >= 0.6 * rows) columns.push(column('balance'));
  return {
    page: lines[first]?.page ?? 1,
    firstLine: first,
    lastLine: first - 1,
    columns,
    geometric: false,
    twoColumn: false,
    signature: 'headerless',
    headerless: true,
  };
}

/** Day-month order from the whole date column, then the period, then the dates printed anywhere. */
function decideDates(events: readonly TableEvent[], facts: DocumentFacts, profile: BankProfile | undefined) {
  const fallback = profile?.dayMonthOrder ?? 'DMY';
  const rowTexts = events.flatMap((event) =>
    event.type === 'row' && event.row.date && !event.row.inheritedDate ? [event.row.date.text] : [],
  );
  const periodTexts = facts.periodDates?.map((date) => date.text) ?? [];
  const provisional = decideDayMonthOrder([...periodTexts, ...rowTexts], { fallback }) ?? fallback;
  let period: Period | undefined;
  if (facts.periodDates) {
    const [start, end] = facts.periodDates.map((date) => resolveDate(date.shape, { order: provisional }));
    if (start && end) period = start <= end ? { start, end } : { start: end, end: start };
  }
  const order: DayMonthOrder = decideDayMonthOrder(rowTexts, { period, fallback }) ?? provisional;
  if (!period) {
    const printed = facts.datedShapes.flatMap((shape) => resolveDate(shape, { order }) ?? []).sort();
    if (printed.length > 0) period = { start: printed[0]!, end: printed.at(-1)! };
  }
  return { order, period };
}

const ISO_CODES =
  'ZAR USD EUR GBP CHF JPY AUD CAD NZD SEK NOK DKK PLN CZK HUF INR CNY HKD SGD KES NGN BWP NAD MUR AED SAR MXN BRL';
const CURRENCY_PATTERNS: [string, RegExp][] = [
  ...ISO_CODES.split(' ').map((code): [string, RegExp] => [code, new RegExp(`\\b${code}\\b`, 'g')]),
  ['ZAR', /\bR ?\d/g],
  ['GBP', /£/g],
  ['EUR', /€/g],
  ['USD', /US\$|\$ ?\d/g],
  ['JPY', /¥/g],
];

/** The currency named most often (codes and symbols beside figures); else the bank's; else the default. */
function detectCurrency(
  lines: readonly Line[],
  profile: BankProfile | undefined,
  fallback: string | undefined,
) {
  const text = lines.map((line) => line.text).join('\n');
  const counts = new Map<string, number>();
  for (const [code, pattern] of CURRENCY_PATTERNS) {
    counts.set(code, (counts.get(code) ?? 0) + (text.match(pattern)?.length ?? 0));
  }
  let best: { code: string; count: number } | undefined;
  for (const [code, count] of counts) if (count > 0 && (!best || count > best.count)) best = { code, count };
  return best?.code ?? profile?.currency ?? fallback ?? 'ZAR';
}

function detectNumberFormat(lines: readonly Line[], currency: string): NumberFormat {
  const figures = lines.flatMap((line) =>
    line.words.map((word) => word.text).filter((text) => /\d[.,]\d/.test(text)),
  );
  const decimalSeparator = detectDecimalSeparator(figures);
  const punctuationGrouped = figures.some((text) => /\d[,'’]\d{3}/.test(text));
  const spaceGrouped = lines.some((line) => /(^|\s)\d{1,3}(?: \d{3})+[.,]\d{2}(?=\D|$)/.test(line.text));
  return {
    decimalSeparator,
    currency,
    spaceGrouping: decimalSeparator === ',' || (!punctuationGrouped && spaceGrouped),
  };
}

/**
 * Page letterheads and footers ("Page 2 of 9"): lines without figures, above the first or below the last
 * figure of their page, repeated at the same height on at least half of the pages (two or more). Digits
 * are ignored when comparing. Lines among the rows never count: a description can repeat at one height.
 */
function repeatedNoise(lines: readonly Line[]): ReadonlySet<number> {
  const pageCount = new Set(lines.map((line) => line.page)).size;
  if (pageCount < 2) return new Set();
  const hasFigure = (line: Line) => /\d[.,]\d{2}\b/.test(line.text);
  const figures = new Map<number, { first: number; last: number }>();
  for (const line of lines) {
    if (!hasFigure(line)) continue;
    const range = figures.get(line.page) ?? { first: line.y, last: line.y };
    figures.set(line.page, { first: Math.min(range.first, line.y), last: Math.max(range.last, line.y) });
  }
  const outside = (line: Line) => {
    const range = figures.get(line.page);
    return !range || line.y < range.first || line.y > range.last;
  };
  const keyOf = (line: Line) => `${Math.round(line.y)}|${line.text.replace(/\d+/g, '#')}`;
  const pages = new Map<string, Set<number>>();
  for (const line of lines) {
    if (hasFigure(line) || !outside(line) || sectionSign(line.text)) continue;
    const seen = pages.get(keyOf(line)) ?? new Set<number>();
    seen.add(line.page);
    pages.set(keyOf(line), seen);
  }
  const noise = new Set<number>();
  lines.forEach((line, index) => {
    const seen = pages.get(keyOf(line))?.size ?? 0;
    if (seen >= 2 && seen >= pageCount / 2 && outside(line)) noise.add(index);
  });
  return noise;
}

function failure(lines: readonly Line[], message: string): ParseStatementResult {
  const text = lines.map((line) => line.text).join(' ');
  const statementWords =
    text.match(/statement|balance|account|transaction|rekening|staat|saldo/gi)?.length ?? 0;
  if (statementWords < 2) {
    return {
      error: { code: 'NOT_A_STATEMENT', message: 'The document does not look like a bank statement.' },
    };
  }
  return { error: { code: 'STATEMENT_LAYOUT_UNKNOWN', message } };
}
