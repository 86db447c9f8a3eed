/**
 * The report model: what goes into a report (transaction rows and statement summaries) and the figures
 * that come out of one streaming pass over them. Pure data: dates as ISO `YYYY-MM-DD`, money as signed
 * integer minor units from the account holder's point of view (money in positive, money out negative).
 */

export const CategoryKind = {
  income: 'income',
  expense: 'expense',
  transfer: 'transfer',
} as const;
export type CategoryKind = (typeof CategoryKind)[keyof typeof CategoryKind];

/** One transaction as a report needs it (a repository maps its rows to this). */
export interface ReportTransaction {
  id: string;
  date: string;
  description: string;
  amountMinor: number;
  /** ISO 4217 code. */
  currency: string;
  /** Null or absent when the transaction is uncategorized. */
  category?: { name: string; kind: CategoryKind } | null | undefined;
  tags?: readonly string[] | undefined;
  payee?: string | null | undefined;
  note?: string | null | undefined;
  /** The account's display name or number, as the report should show it. */
  account: string;
  /** The statement (import session) the transaction came from. */
  statementId?: string | null | undefined;
}

/** One statement (import session) in the report's scope, as reconciliation left it. */
export interface StatementSummary {
  id: string;
  account: string;
  currency: string;
  periodStart?: string | undefined;
  periodEnd?: string | undefined;
  openingBalanceMinor?: number | undefined;
  closingBalanceMinor?: number | undefined;
  reconciled: boolean;
}

export interface ReportPeriod {
  from: string;
  to: string;
}

export const ReconciliationStatus = {
  /** Every statement in scope reconciled against its own balances. */
  reconciled: 'reconciled',
  /** At least one statement in scope did not reconcile. */
  unreconciled: 'unreconciled',
  /** No statement in scope (e.g. a date-range report over manual entries): nothing to prove. */
  notApplicable: 'not_applicable',
} as const;
export type ReconciliationStatus = (typeof ReconciliationStatus)[keyof typeof ReconciliationStatus];

/** Money in and out; `outMinor` keeps the domain's sign (≤ 0) so that `in + out = net`. */
export interface Flows {
  count: number;
  inMinor: number;
  outMinor: number;
  netMinor: number;
}

export interface CurrencyTotals extends Flows {
  currency: string;
}

export interface AccountSummary extends Flows {
  account: string;
  currency: string;
  /** Opening balance of the account's earliest statement in scope, when it has one. */
  openingBalanceMinor?: number | undefined;
  /** Closing balance of the account's latest statement in scope, when it has one. */
  closingBalanceMinor?: number | undefined;
  reconciliation: ReconciliationStatus;
}

/** A category column or row; `kind` and `name` are null for uncategorized transactions. */
export interface CategoryRef {
  name: string | null;
  kind: CategoryKind | null;
}

export interface CategoryAggregate extends Flows, CategoryRef {
  currency: string;
  /** inMinor / the currency's total in (0 when nothing came in); a ratio, not money. */
  shareOfIn: number;
  /** outMinor / the currency's total out (0 when nothing went out); a ratio, not money. */
  shareOfOut: number;
}

/** Months × categories for one currency: `cells[m][c]` is the net of category c in month m. */
export interface MonthlyTable {
  currency: string;
  /** `YYYY-MM`, every month from the first to the last with transactions, gaps included. */
  months: string[];
  categories: CategoryRef[];
  cells: number[][];
  /** Per month, across all categories. */
  totals: Flows[];
}

export interface ReportProblem {
  code: 'INVALID_DATE' | 'INVALID_AMOUNT' | 'INVALID_CURRENCY' | 'AMOUNT_OVERFLOW';
  message: string;
  transactionId: string;
}

export interface ReportFigures {
  /** The requested period, else the span of the statements' periods and the transactions' dates. */
  period: ReportPeriod | null;
  /** Valid transactions seen (skipped rows are in `problems`). */
  transactionCount: number;
  currencies: CurrencyTotals[];
  accounts: AccountSummary[];
  statements: StatementSummary[];
  reconciliation: ReconciliationStatus;
  categories: CategoryAggregate[];
  monthly: MonthlyTable[];
  /** The first problems found (at most `MAX_REPORTED_PROBLEMS`), so a hostile input cannot grow memory. */
  problems: ReportProblem[];
  problemCount: number;
}
