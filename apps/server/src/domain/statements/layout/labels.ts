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
const CARRIED = /carried forward|\bc\/f\b|oorgedra/;
const OPENING =
  /brought forward|\bb\/f\b|opening balance|previous (statement )?balance|beginning balance|balance at (the )?(start|beginning)|starting balance|^opening$|oorgebring|beginsaldo|openingsaldo/;

const clean = (label: string) => label.toLowerCase().replace(/[:*#]/g, ' ').replace(/\s+/g, ' ').trim();

export function balanceRole(label: string): BalanceRole | undefined {
  const text = clean(label);
  if (text === '') return undefined;
  if (CARRIED.test(text)) return BalanceRole.carried;
  if (OPENING.test(text)) return BalanceRole.opening;
  if (CLOSING.test(text)) return BalanceRole.closing;
  return undefined;
}

/** "Total debits", "Total money out": which printed total a label names, if any. */
export function totalKind(label: string): 'credits' | 'debits' | 'total' | undefined {
  const text = clean(label);
  if (!/\btotals?\b|^totaal/.test(text)) return undefined;
  if (/debit|money out|withdrawal|paid out|purchases|payments out/.test(text)) return 'debits';
  if (/credit|money in|deposit|paid in|receipts|payments/.test(text)) return 'credits';
  return 'total';
}

const CREDIT_SECTION =
  /^(credits?|deposits?|payments?( and credits?)?|payments? received|money in|paid in|receipts|credit transactions|incoming( payments)?|krediete)$/;
const DEBIT_SECTION =
  /^(debits?|purchases?( and (cash advances|debits|fees))?|withdrawals?|money out|paid out|fees|charges|fees and charges|debit transactions|outgoing( payments)?|cash advances?|debiete)$/;

/** A heading that sets the sign of the rows under it ("Credits", "Purchases"). */
export function sectionSign(label: string): 'credit' | 'debit' | undefined {
  const text = clean(label);
  if (CREDIT_SECTION.test(text)) return 'credit';
  if (DEBIT_SECTION.test(text)) return 'debit';
  return undefined;
}
