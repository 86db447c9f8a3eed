import {
  type AccountSummary,
  type CategoryAggregate,
  type CategoryKind,
  type CategoryRef,
  type CurrencyTotals,
  type Flows,
  type MonthlyTable,
  type ReportFigures,
  type ReportPeriod,
  type ReportProblem,
  type ReportTransaction,
  type StatementSummary,
  ReconciliationStatus,
} from './model.js';

/** Enough to show a user what is wrong; a million bad rows must not become a million objects. */
export const MAX_REPORTED_PROBLEMS = 100;

export interface ReportScope {
  statements?: readonly StatementSummary[] | undefined;
  /** The period the report was asked for; when absent it is the span of the data. */
  period?: ReportPeriod | undefined;
}

interface CategoryState extends Flows {
  ref: CategoryRef;
}

interface MonthState extends Flows {
  /** Keyed by the category's state object: an identity lookup, no string key to build per row. */
  byCategory: Map<CategoryState, number>;
}

/** The hot path avoids building strings per row: maps are nested (kind → name) and months cached. */
interface CurrencyState extends Flows {
  /** Kind ('' for uncategorized) → name → state. */
  categories: Map<string, Map<string, CategoryState>>;
  months: Map<string, MonthState>;
  /** Rows arrive mostly in date order, so the previous row's month is usually this row's. */
  lastMonthKey: string;
  lastMonth: MonthState | undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const KIND_ORDER: Record<CategoryKind, number> = { income: 0, expense: 1, transfer: 2 };
/** Uncategorized sorts after every kind. */
const UNCATEGORIZED_ORDER = 3;

const emptyFlows = (): Flows => ({ count: 0, inMinor: 0, outMinor: 0, netMinor: 0 });

function addFlow(flows: Flows, amountMinor: number): void {
  flows.count += 1;
  if (amountMinor >= 0) flows.inMinor += amountMinor;
  else flows.outMinor += amountMinor;
  flows.netMinor += amountMinor;
}

function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Day 0 of the next month is the last day of this one, leap years included.
  const daysInMonth = new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

/**
 * Aggregates a report's figures in one pass: `add` each transaction as it streams by (O(1) work and
 * memory per row beyond the per-category and per-month maps, which grow with categories × months, not
 * with rows), then `finish` once. Invalid rows are not counted and come back as problems.
 */
export class ReportAccumulator {
  private readonly currencies = new Map<string, CurrencyState>();
  /** Account → currency → summary. */
  private readonly accounts = new Map<string, Map<string, AccountSummary>>();
  private readonly problems: ReportProblem[] = [];
  private problemCount = 0;
  private transactionCount = 0;
  private firstDate: string | undefined;
  private lastDate: string | undefined;
  /** Rows usually arrive sorted by date, so most dates equal the previous one and skip validation. */
  private lastValidDate = '';

  constructor(private readonly scope: ReportScope = {}) {}

  /** Counts the row, or returns why it was skipped. */
  add(row: ReportTransaction): ReportProblem | undefined {
    const problem = this.check(row);
    if (problem) return this.record(problem);
    const currency = this.currencyState(row.currency);
    const category = categoryState(currency, row.category?.kind ?? null, row.category?.name ?? null);
    addFlow(currency, row.amountMinor);
    addFlow(category, row.amountMinor);
    const month = monthState(currency, row.date);
    addFlow(month, row.amountMinor);
    month.byCategory.set(category, (month.byCategory.get(category) ?? 0) + row.amountMinor);
    addFlow(this.accountSummary(row.account, row.currency), row.amountMinor);
    this.transactionCount += 1;
    if (this.firstDate === undefined || row.date < this.firstDate) this.firstDate = row.date;
    if (this.lastDate === undefined || row.date > this.lastDate) this.lastDate = row.date;
    return undefined;
  }

  finish(): ReportFigures {
    const statements = [...(this.scope.statements ?? [])].sort(
      (a, b) => compareText(a.account, b.account) || compareText(a.periodStart ?? '', b.periodStart ?? ''),
    );
    const currencies = [...this.currencies.entries()].sort(([a], [b]) => compareText(a, b));
    return {
      period: this.scope.period ?? this.dataSpan(statements),
      transactionCount: this.transactionCount,
      currencies: currencies.map(([code, state]): CurrencyTotals => ({ currency: code, ...flowsOf(state) })),
      accounts: this.accountSummaries(statements),
      statements,
      reconciliation: reconciliationOf(statements),
      categories: currencies.flatMap(([code, state]) => categoryAggregates(code, state)),
      monthly: currencies.map(([code, state]) => monthlyTable(code, state)),
      problems: [...this.problems],
      problemCount: this.problemCount,
    };
  }

  private check(row: ReportTransaction): ReportProblem | undefined {
    const transactionId = row.id;
    if (row.date !== this.lastValidDate) {
      if (!isCalendarDate(row.date)) {
        return { code: 'INVALID_DATE', message: `not an ISO date: ${row.date}`, transactionId };
      }
      this.lastValidDate = row.date;
    }
    if (!Number.isSafeInteger(row.amountMinor)) {
      return {
        code: 'INVALID_AMOUNT',
        message: `not integer minor units: ${row.amountMinor}`,
        transactionId,
      };
    }
    // Only well-formed codes are ever stored, so a known one needs no second look.
    const totals = this.currencies.get(row.currency);
    if (!totals && !CURRENCY_CODE.test(row.currency)) {
      return { code: 'INVALID_CURRENCY', message: `not an ISO 4217 code: ${row.currency}`, transactionId };
    }
    // The currency's total in (or out) bounds every other sum of that currency, so checking it suffices.
    const total = row.amountMinor >= 0 ? (totals?.inMinor ?? 0) : (totals?.outMinor ?? 0);
    if (!Number.isSafeInteger(total + row.amountMinor)) {
      return {
        code: 'AMOUNT_OVERFLOW',
        message: `${row.currency} totals exceed 2^53 minor units`,
        transactionId,
      };
    }
    return undefined;
  }

  private record(problem: ReportProblem): ReportProblem {
    this.problemCount += 1;
    if (this.problems.length < MAX_REPORTED_PROBLEMS) this.problems.push(problem);
    return problem;
  }

  private currencyState(code: string): CurrencyState {
    let state = this.currencies.get(code);
    if (!state) {
      state = {
        ...emptyFlows(),
        categories: new Map(),
        months: new Map(),
        lastMonthKey: '',
        lastMonth: undefined,
      };
      this.currencies.set(code, state);
    }
    return state;
  }

  private accountSummary(account: string, currency: string): AccountSummary {
    let byCurrency = this.accounts.get(account);
    if (!byCurrency) {
      byCurrency = new Map();
      this.accounts.set(account, byCurrency);
    }
    let summary = byCurrency.get(currency);
    if (!summary) {
      summary = { account, currency, ...emptyFlows(), reconciliation: ReconciliationStatus.notApplicable };
      byCurrency.set(currency, summary);
    }
    return summary;
  }

  /** Row flows per account, plus balances and status from its statements (already sorted by period). */
  private accountSummaries(statements: StatementSummary[]): AccountSummary[] {
    for (const statement of statements) this.accountSummary(statement.account, statement.currency);
    return [...this.accounts.values()]
      .flatMap((byCurrency) => [...byCurrency.values()])
      .map((summary) => {
        const own = statements.filter(
          (s) => s.account === summary.account && s.currency === summary.currency,
        );
        return {
          ...summary,
          openingBalanceMinor: own[0]?.openingBalanceMinor,
          closingBalanceMinor: own[own.length - 1]?.closingBalanceMinor,
          reconciliation: reconciliationOf(own),
        };
      })
      .sort((a, b) => compareText(a.account, b.account) || compareText(a.currency, b.currency));
  }

  private dataSpan(statements: StatementSummary[]): ReportPeriod | null {
    const starts = statements.flatMap((s) => (s.periodStart ? [s.periodStart] : []));
    const ends = statements.flatMap((s) => (s.periodEnd ? [s.periodEnd] : []));
    if (this.firstDate !== undefined) starts.push(this.firstDate);
    if (this.lastDate !== undefined) ends.push(this.lastDate);
    const from = starts.sort()[0];
    const to = ends.sort()[ends.length - 1];
    return from !== undefined && to !== undefined ? { from, to } : null;
  }
}

function categoryState(
  currency: CurrencyState,
  kind: CategoryKind | null,
  name: string | null,
): CategoryState {
  let byName = currency.categories.get(kind ?? '');
  if (!byName) {
    byName = new Map();
    currency.categories.set(kind ?? '', byName);
  }
  let state = byName.get(name ?? '');
  if (!state) {
    state = { ...emptyFlows(), ref: kind === null ? { name: null, kind: null } : { name, kind } };
    byName.set(name ?? '', state);
  }
  return state;
}

/** The month of an ISO date (`YYYY-MM`), without slicing a new string for most rows. */
function monthState(currency: CurrencyState, date: string): MonthState {
  if (currency.lastMonth && date.startsWith(currency.lastMonthKey)) return currency.lastMonth;
  const key = date.slice(0, 7);
  let state = currency.months.get(key);
  if (!state) {
    state = { ...emptyFlows(), byCategory: new Map() };
    currency.months.set(key, state);
  }
  currency.lastMonthKey = key;
  currency.lastMonth = state;
  return state;
}

const allCategories = (state: CurrencyState): CategoryState[] =>
  [...state.categories.values()].flatMap((byName) => [...byName.values()]);

/** Code-unit order: deterministic and locale-independent, so the same data gives the same file. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const flowsOf = (flows: Flows): Flows => ({
  count: flows.count,
  inMinor: flows.inMinor,
  outMinor: flows.outMinor,
  netMinor: flows.netMinor,
});

function reconciliationOf(statements: readonly StatementSummary[]): ReconciliationStatus {
  if (statements.length === 0) return ReconciliationStatus.notApplicable;
  return statements.every((s) => s.reconciled)
    ? ReconciliationStatus.reconciled
    : ReconciliationStatus.unreconciled;
}

/** Income first, then expense, transfer, uncategorized; within a kind the biggest movers first. */
function compareCategories(a: CategoryState, b: CategoryState): number {
  const kind = (ref: CategoryRef) => (ref.kind === null ? UNCATEGORIZED_ORDER : KIND_ORDER[ref.kind]);
  const volume = (flows: Flows) => flows.inMinor - flows.outMinor;
  return (
    kind(a.ref) - kind(b.ref) || volume(b) - volume(a) || compareText(a.ref.name ?? '', b.ref.name ?? '')
  );
}

function categoryAggregates(currency: string, state: CurrencyState): CategoryAggregate[] {
  return allCategories(state)
    .sort(compareCategories)
    .map((category) => ({
      currency,
      ...category.ref,
      ...flowsOf(category),
      shareOfIn: state.inMinor === 0 ? 0 : category.inMinor / state.inMinor,
      shareOfOut: state.outMinor === 0 ? 0 : category.outMinor / state.outMinor,
    }));
}

/** `YYYY-MM` months from first to last inclusive. */
function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  for (
    let key = first;
    key <= last;
    key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
  ) {
    months.push(key);
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year += 1;
  }
  return months;
}

function monthlyTable(currency: string, state: CurrencyState): MonthlyTable {
  const categories = allCategories(state).sort(compareCategories);
  const seen = [...state.months.keys()].sort();
  const months = seen.length > 0 ? monthRange(seen[0] ?? '', seen[seen.length - 1] ?? '') : [];
  return {
    currency,
    months,
    categories: categories.map((c) => c.ref),
    cells: months.map((month) => {
      const byCategory = state.months.get(month)?.byCategory;
      return categories.map((c) => byCategory?.get(c) ?? 0);
    }),
    totals: months.map((month) => {
      const flows = state.months.get(month);
      return flows ? flowsOf(flows) : emptyFlows();
    }),
  };
}
