/**
 * The shape every statement importer produces (PDF layouts and bank exports alike), before it is
 * reconciled and saved. Pure data: dates as ISO `YYYY-MM-DD`, money as signed integer minor units from
 * the account holder's point of view (money in positive, money out negative).
 */
export type StatementFormat = 'pdf' | 'csv' | 'ofx' | 'qif' | 'mt940' | 'camt053';

/** asset: the printed balance is money held; liability: money owed (cards, loans). */
export type AccountKind = 'asset' | 'liability';

/** Where in the source a row came from, so problems can point at it. */
export interface SourceRef {
  page?: number | undefined;
  line?: number | undefined;
  text?: string | undefined;
}

export interface ParsedTransaction {
  date: string;
  description: string;
  amountMinor: number;
  /** The running balance printed beside the row, in the same sign convention as the statement's balances. */
  balanceMinor?: number | undefined;
  /** Value/effective date where the source has a second date. */
  valueDate?: string | undefined;
  /** A bank-provided id (OFX FITID, CAMT AcctSvcrRef, MT940 reference) used to detect re-imports. */
  bankReference?: string | undefined;
  source?: SourceRef | undefined;
}

export interface ParseProblem {
  code: string;
  message: string;
  source?: SourceRef | undefined;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** A bank profile id (e.g. `standard_bank`) or `generic`. */
  bankSource: string;
  bankName?: string | undefined;
  accountNumber?: string | undefined;
  accountName?: string | undefined;
  accountKind: AccountKind;
  currency: string;
  periodStart?: string | undefined;
  periodEnd?: string | undefined;
  openingBalanceMinor?: number | undefined;
  closingBalanceMinor?: number | undefined;
  /** Totals printed on the statement, checked by reconciliation when present (absolute values). */
  printedTotals?: { creditsMinor?: number | undefined; debitsMinor?: number | undefined } | undefined;
  transactions: ParsedTransaction[];
  /**
   * Balances printed between rows (brought/carried forward on each page of a PDF): the balance before
   * row `beforeRow`. Reconciliation checks the running total against each.
   */
  balanceCheckpoints?:
    { beforeRow: number; balanceMinor: number; source?: SourceRef | undefined }[] | undefined;
  /** "Total ..." lines printed under groups of rows (sections), each checked against its rows. */
  sectionTotals?: SectionTotal[] | undefined;
  /**
   * End-of-day balances printed apart from the rows (a daily-balance table, or a balance printed only on a
   * day's last row when rows share a date): the balance after the last row of that day.
   */
  dailyBalances?: { date: string; balanceMinor: number }[] | undefined;
  /** Non-fatal findings of the parser (skipped lines, guessed columns), as data. */
  problems: ParseProblem[];
}

/**
 * A total printed under rows `fromRow` ≤ i < `toRow`: of their credits, their debits, or (`all`) of their
 * magnitudes (a section whose rows all move one way).
 */
export interface SectionTotal {
  fromRow: number;
  toRow: number;
  side: 'credits' | 'debits' | 'all';
  totalMinor: number;
  text?: string | undefined;
}

export interface ReconciliationIssue {
  code:
    | 'BALANCE_MISMATCH'
    | 'RUNNING_BALANCE_MISMATCH'
    | 'TOTAL_MISMATCH'
    | 'NO_BALANCES'
    /** Rows that no two printed balances enclose: nothing proves them. */
    | 'UNPROVEN_ROWS';
  message: string;
  /** Indexes into `transactions` of the rows involved. */
  rows: number[];
  expectedMinor?: number | undefined;
  actualMinor?: number | undefined;
}

export interface ReconciliationResult {
  reconciled: boolean;
  /** False when the source carries no balances at all, so nothing could be proven. */
  checked: boolean;
  /** How many rows lie between two printed balances that agree (all of them when reconciled). */
  provenRows: number;
  issues: ReconciliationIssue[];
}
