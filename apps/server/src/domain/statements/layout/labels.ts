/**
 * The words statements use around the transaction table: balance lines, totals, and section headings
 * that set the sign of the rows below them. English with the common Afrikaans forms of South African
 * banks.
 */

export const BalanceRole = {
  /** Opening balance, or a balance brought forward at the top of a page. */
  opening: 'opening',
  /** A balance carried forward at the bottom of a page: the table goes on. */
  carried: 'carried',
  /** The closing balance: the table ends. */
  closing: 'closing',
} as const;
export type BalanceRole = (typeof BalanceRole)[keyof typeof BalanceRole];

const CLOSING =
  /\b(closing balance|balance at date of statement|new balance|ending balance|balance at (the )?end( of (the )?(period|statement))?|final balance|closing statement balance)\b|afsluitingsaldo/;
const CARRIED = /carried forward|\bc\/f\b|oorgedra|balance (as )?at close/;
const OPENING =
  /brought forward|\bb\/f\b|opening balance|previous (statement )?balance|beginning balance|balance at (the )?(start|beginning)|starting balance|^opening$|oorgebring|beginsaldo|openingsaldo/;

const clean = (label: string) => label.toLowerCase().replace(/[:*#]/g, ' ').replace(/\s+/g, ' ').trim();

export function balanceRole(label: string): BalanceRole | undefined {
  const text = clean(label);
  if (text === '') return undefined;
  if (CARRIED.test(text)) return BalanceRole.carried;
  // "Closing ledger balance brought forward": an earlier day's closing, neither this one's start nor end.
  if (/closing/.test(text) && /brought forward/.test(text)) return undefined;
  if (OPENING.test(text)) return BalanceRole.opening;
  if (CLOSING.test(text)) return BalanceRole.closing;
  return undefined;
}

/** "Total debits", "Total money out": which printed total a label names, if any. */
export function totalKind(label: string): 'credits' | 'debits' | 'total' | undefined {
  const text = clean(label);
  // "8 item(s) totaling $354,396.39" closes a section as "Total" does.
  if (!/\btotals?\b|^totaal|\bitem(s|\(s\))? total{1,2}ing\b/.test(text)) return undefined;
  // "Total interest paid in 2021", "Total fees this period": figures of their own, not sums of rows.
  if (
    /interest|qualifying|required|minimum|average|year to date|ytd|\bin \d{4}\b|fees? (this|for)|overdraft fees|returned item fees/.test(
      text,
    )
  )
    return 'total';
  if (/debit|money out|withdrawal|paid out|purchases|payments out/.test(text)) return 'debits';
  if (/credit|money in|deposit|paid in|receipts|payments/.test(text)) return 'credits';
  return 'total';
}

// Section headings are short phrases made only of these words, naming money in or money out, never both.
const CREDIT_WORDS = new Set(
  'credit credits deposit deposits addition additions receipt receipts incoming payment payments krediete in'.split(
    ' ',
  ),
);
const DEBIT_WORDS = new Set(
  (
    'debit debits withdrawal withdrawals subtraction subtractions purchase purchases fee fees charge charges ' +
    'check checks cheque cheques outgoing debiete out advance advances'
  ).split(' '),
);
const SECTION_FILLER = new Set(
  (
    'and other electronic atm card cleared paid received service cash money transactions continued the ' +
    'account items posted your of'
  ).split(' '),
);
/** Phrases whose words look like a section but are something else. */
const NOT_A_SECTION =
  /^(debit card|debit order|card payments?|payment due|credit card|credit limit|credit interest|debit interest|service charge|cash)$/;

export function sectionSign(label: string): 'credit' | 'debit' | undefined {
  const text = clean(label)
    .replace(/\(?\bcontinued\b\)?/g, ' ')
    .replace(/[&/,()+-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '' || NOT_A_SECTION.test(text) || /\d/.test(text)) return undefined;
  const words = text.split(' ');
  if (words.length > 7) return undefined;
  let credit = false;
  let debit = false;
  for (const word of words) {
    if (CREDIT_WORDS.has(word)) credit = true;
    else if (DEBIT_WORDS.has(word)) debit = true;
    else if (!SECTION_FILLER.has(word)) return undefined;
  }
  // "Payments and credits" (a card's money in) names both kinds of credit words; "Deposits and
  // withdrawals" names both sides and sets no sign.
  if (credit === debit) return undefined;
  return credit ? 'credit' : 'debit';
}

/** The title of a table of end-of-day balances ("DAILY BALANCE", "Daily Balances", "DAILY BALANCE SUMMARY"). */
export function isDailyBalanceHeading(text: string): boolean {
  const label = text
    .replace(/[-_|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /^daily (ledger )?balances?( summary)?$/i.test(label);
}
