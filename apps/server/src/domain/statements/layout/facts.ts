import type { ParsedAmount } from '../amount-text.js';
import type { DateShape } from '../date-text.js';
import { BalanceRole, balanceRole, isDailyBalanceHeading, totalKind } from './labels.js';
import type { Line } from './lines.js';
import type { LineTokens } from './tokens.js';

/** What the text around the table says: balances, totals, period, account. */
export interface DocumentFacts {
  opening?: ParsedAmount | undefined;
  closing?: ParsedAmount | undefined;
  carried?: ParsedAmount | undefined;
  totals: { credits?: ParsedAmount | undefined; debits?: ParsedAmount | undefined };
  periodDates?: [{ shape: DateShape; text: string }, { shape: DateShape; text: string }] | undefined;
  /** Full dates (with a year) printed anywhere outside rows, for year inference without a period. */
  datedShapes: DateShape[];
  accountNumber?: string | undefined;
  liabilityHint: boolean;
  /** A table of end-of-day balances ("DAILY BALANCE": date, balance, date, balance …), in print order. */
  dailyBalances: { date: DateShape; balance: ParsedAmount }[];
}

const PERIOD_LINE = /period|statement from|\bfrom\b.*\b(to|until)\b|tydperk|\s[-–]\s/i;
const LIABILITY =
  /credit card|home loan|mortgage|\bbond account\b|vehicle finance|personal loan|loan account|amount due|minimum (amount )?(payment|due)|payment due|credit limit|amount owing/i;
const ACCOUNT_NUMBER = /account\s*(?:number|no\.?|nr\.?)\s*:?\s*([\d*][\d\s*-]{4,}[\d*])/i;

/**
 * Scans every line for label–figure pairs ("Opening balance 1,000.00 Closing balance 1,100.00" in a
 * summary box is two pairs), the statement period, the account number and liability wording. The first
 * opening and the last closing win; lines before the first table header carry the liability hint.
 */
export function readFacts(
  lines: readonly Line[],
  tokensOf: LineTokens,
  firstTableLine: number,
  /** Balance lines the table read itself (its anchors): not summary figures. */
  tableBalanceLines: ReadonlySet<number> = new Set(),
): DocumentFacts {
  const facts: DocumentFacts = { totals: {}, datedShapes: [], liabilityHint: false, dailyBalances: [] };
  let dailyPage: number | undefined;
  const balanceDates: { opening?: DatedText | undefined; closing?: DatedText | undefined } = {};
  lines.forEach((line, index) => {
    if (isDailyBalanceHeading(line.text)) {
      dailyPage = line.page;
      return;
    }
    if (dailyPage !== undefined) {
      const read = readDailyBalances(tokensOf(line));
      if (line.page === dailyPage && read) facts.dailyBalances.push(...read);
      // The table ends with its page or at prose (a sentence: five or more lower-case words).
      else if (line.page !== dailyPage || line.words.filter((w) => /^\p{Ll}/u.test(w.text)).length >= 5)
        dailyPage = undefined;
      if (dailyPage !== undefined) return;
    }
    // A figure alone on its line under a label alone on its line ("Beginning Balance on" / "$508.78").
    const tokens = tokensOf(line);
    const above = lines[index - 1];
    if (
      above &&
      above.page === line.page &&
      line.y - above.y <= 1.6 * above.height &&
      tokens.filter((token) => token.kind === 'amount').length === 1 &&
      tokens.every((token) => token.kind !== 'text') &&
      tokensOf(above).every((token) => token.kind === 'text')
    ) {
      const amount = tokens.find((token) => token.kind === 'amount');
      if (amount?.kind === 'amount') recordPair(facts, above.text, amount.amount);
    }
    if (index < firstTableLine && LIABILITY.test(line.text)) facts.liabilityHint = true;
    facts.accountNumber ??= ACCOUNT_NUMBER.exec(line.text)?.[1]?.trim();
    const dates = tokens.flatMap((token) =>
      token.kind === 'date' ? [{ shape: token.shape, text: token.text }] : [],
    );
    for (const { shape } of dates) if (shape.year !== undefined) facts.datedShapes.push(shape);
    if (!facts.periodDates && dates.length >= 2 && PERIOD_LINE.test(line.text)) {
      facts.periodDates = [dates[0]!, dates[1]!];
    }
    let label: string[] = [];
    if (tableBalanceLines.has(index)) return;
    for (const token of tokens) {
      if (token.kind === 'text') label.push(token.text);
      if (token.kind !== 'amount') continue;
      const role = recordPair(facts, label.join(' '), token.amount);
      // "Beginning Balance, as of 07/21/2021 $5,823.37": the day of the balance, a bound of the period.
      if (dates.length === 1 && role === BalanceRole.opening) balanceDates.opening ??= dates[0];
      if (dates.length === 1 && role === BalanceRole.closing) balanceDates.closing = dates[0];
      label = [];
    }
  });
  // Without a period line, the days of the opening and closing balances bound it.
  if (!facts.periodDates && balanceDates.opening && balanceDates.closing)
    facts.periodDates = [balanceDates.opening, balanceDates.closing];
  return facts;
}

type DatedText = { shape: DateShape; text: string };

function recordPair(facts: DocumentFacts, label: string, amount: ParsedAmount): BalanceRole | undefined {
  const role = balanceRole(label);
  if (role === BalanceRole.opening) facts.opening ??= amount;
  else if (role === BalanceRole.closing) facts.closing = amount;
  else if (role === BalanceRole.carried) facts.carried = amount;
  const total = totalKind(label);
  if (total === 'credits') facts.totals.credits = amount;
  if (total === 'debits') facts.totals.debits = amount;
  return role;
}

/**
 * One line of a daily-balance table: dates each followed by a balance ("11-08 121.16- OD | 11-20 …").
 * Undefined when the line is not such a line (a title row, prose); an empty list for a line of rules.
 */
function readDailyBalances(tokens: ReturnType<LineTokens>): DocumentFacts['dailyBalances'] | undefined {
  const pairs: DocumentFacts['dailyBalances'] = [];
  let date: DateShape | undefined;
  for (const token of tokens) {
    if (token.kind === 'date') date = token.shape;
    else if (token.kind === 'amount' && date) {
      pairs.push({ date, balance: token.amount });
      date = undefined;
    } else if (token.kind === 'amount') return undefined;
  }
  return pairs.length > 0 || tokens.every((token) => /^[|_-]*$|^OD$/i.test(token.text)) ? pairs : undefined;
}
