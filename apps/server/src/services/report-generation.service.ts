import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { GenerateReportBody } from '@ledgerflow/contracts';
import { type ReportOutput, writeCsvReport, writeXlsxReport } from '../adapters/reports/index.js';
import type { FileStorage } from '../adapters/storage/index.js';
import type { ReportRow, StatementRow } from '../db/types.js';
import {
  reportFileName,
  type ReportPeriod,
  type ReportTransaction,
  type StatementSummary,
} from '../domain/reports/index.js';
import { AppError, PermanentJobError } from '../errors.js';
import type {
  CategoryEntry,
  ReportCursor,
  ReportSourceRow,
  Repositories,
  TransactionFilter,
} from '../repositories/index.js';
import { toTransactionFilter } from './transaction-filter.js';

/** A `generate_report` task's payload: the API request, and the schedule that submitted it, if any. */
export type GenerateReportRequest = GenerateReportBody & { schedule_id?: string | undefined };

export interface ReportGenerationDeps {
  repos: Pick<Repositories, 'reports'>;
  storage: FileStorage;
  /** Where the file is written before it goes to storage. */
  tempDir: string;
  /** Reports expire with their task's result. */
  resultTtlSeconds: number;
}

export interface ReportJob {
  taskId: string;
  organizationId: string;
  userId: string | null;
  request: GenerateReportRequest;
  signal: AbortSignal;
  progress(percent: number, message: string): Promise<void>;
}

/**
 * Rows per keyset query. 5,000 rows are about 2.5 MB in the driver and 10–30 ms of PostgreSQL time; the
 * next page is fetched while the writer formats this one, so the database and the writer overlap.
 */
export const REPORT_PAGE_ROWS = 5_000;

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

interface Plan {
  format: 'xlsx' | 'csv';
  filter: TransactionFilter;
  lookups: Lookups;
  total: number;
  statements: StatementSummary[];
  title: string;
  /** The requested date range; a statement's report shows the span of its data. */
  period: ReportPeriod | undefined;
}

interface Lookups {
  categories: Map<string, { name: string; kind: CategoryEntry['kind'] }>;
  accounts: Map<string, string>;
}

/**
 * Builds a report file from the organization's transactions: streams them from PostgreSQL in keyset
 * pages into the streaming writer (flat memory at any size), stores the file, records the report.
 * Idempotent per task: a re-run after a crash returns the report the first run stored.
 */
export class ReportGenerationService {
  constructor(private readonly deps: ReportGenerationDeps) {}

  async generate(job: ReportJob): Promise<ReportRow> {
    const existing = await this.deps.repos.reports.findByTask(job.taskId);
    if (existing) return existing;
    await job.progress(0, 'Fetching transactions...');
    const plan = await this.plan(job);
    await job.progress(25, 'Generating report...');
    await mkdir(this.deps.tempDir, { recursive: true });
    const tempFile = path.join(this.deps.tempDir, `report-${job.taskId}.${plan.format}`);
    try {
      const write = plan.format === 'xlsx' ? writeXlsxReport : writeCsvReport;
      const output = await write(tempFile, {
        title: plan.title,
        transactions: this.rows(job, plan.filter, plan.total, plan.lookups),
        statements: plan.statements,
        period: plan.period,
        signal: job.signal,
      });
      job.signal.throwIfAborted();
      await job.progress(75, 'Uploading to cloud storage...');
      return await this.store(job, plan, tempFile, output);
    } finally {
      await rm(tempFile, { force: true });
    }
  }

  /** What the report covers: filter, lookups, statements for balances, row count, title. */
  private async plan(job: ReportJob): Promise<Plan> {
    const { request, organizationId } = job;
    const filter = this.filterOf(request);
    const [lookups, statementRows, total] = await Promise.all([
      this.lookups(organizationId),
      this.deps.repos.reports.statementsInScope(organizationId, {
        statementId: request.statement_id,
        accountIds: request.account_id,
        from: request.date_from,
        to: request.date_to,
      }),
      this.deps.repos.reports.countTransactions(organizationId, filter),
    ]);
    if (request.statement_id && statementRows.length === 0) {
      throw new PermanentJobError('STATEMENT_NOT_FOUND', 'The statement was deleted before the report ran');
    }
    return {
      format: request.format ?? 'xlsx',
      filter,
      lookups,
      total,
      statements: statementRows.map((row) => statementSummary(row, lookups)),
      title: request.title ?? defaultTitle(request, statementRows),
      period:
        request.date_from && request.date_to ? { from: request.date_from, to: request.date_to } : undefined,
    };
  }

  /** Moves the file into storage and records the report; if recording fails, the stored file goes. */
  private async store(
    job: ReportJob,
    plan: Plan,
    tempFile: string,
    output: ReportOutput,
  ): Promise<ReportRow> {
    const { format, title } = plan;
    const key = `${job.organizationId}/reports/${job.taskId}.${format}`;
    await this.deps.storage.put(key, tempFile, CONTENT_TYPES[format]);
    try {
      job.signal.throwIfAborted();
      const period = output.figures.period;
      return await this.deps.repos.reports.createForTask({
        organizationId: job.organizationId,
        createdBy: job.userId,
        taskId: job.taskId,
        scheduleId: job.request.schedule_id ?? null,
        storageKey: key,
        fileName: reportFileName(title, period, format),
        contentType: CONTENT_TYPES[format],
        format,
        title,
        scope: JSON.stringify(scopeOf(job.request)),
        periodStart: period?.from ?? null,
        periodEnd: period?.to ?? null,
        rowCount: output.rowCount,
        sizeBytes: output.bytesWritten,
        expiresAt: new Date(Date.now() + this.deps.resultTtlSeconds * 1000),
      });
    } catch (error) {
      await this.deps.storage.delete(key).catch(() => undefined);
      throw error;
    }
  }

  /** The request's filter; a bad one (only possible from a hand-made payload) fails for good. */
  private filterOf(request: GenerateReportRequest): TransactionFilter {
    try {
      return toTransactionFilter(request);
    } catch (error) {
      if (error instanceof AppError) throw new PermanentJobError(error.code, error.message);
      throw error;
    }
  }

  private async lookups(organizationId: string): Promise<Lookups> {
    const [categories, accounts] = await Promise.all([
      this.deps.repos.reports.categories(organizationId),
      this.deps.repos.reports.accounts(organizationId),
    ]);
    return {
      categories: categoryPaths(categories),
      accounts: new Map(accounts.map((a) => [a.id, a.name])),
    };
  }

  /**
   * The transactions in (date, id) order, one keyset page at a time, with the next page already on its
   * way while this one is written. Reports progress from 25 % to 75 % as pages go by.
   */
  private async *rows(
    job: ReportJob,
    filter: TransactionFilter,
    total: number,
    lookups: Lookups,
  ): AsyncGenerator<ReportTransaction> {
    const fetchPage = (after: ReportCursor | undefined) => {
      const page = this.deps.repos.reports.transactionPage(
        job.organizationId,
        filter,
        after,
        REPORT_PAGE_ROWS,
      );
      page.catch(() => undefined); // awaited below; this only stops an abandoned prefetch being "unhandled"
      return page;
    };
    let next: Promise<ReportSourceRow[]> | undefined = fetchPage(undefined);
    let read = 0;
    while (next) {
      const page: ReportSourceRow[] = await next;
      const last = page[page.length - 1];
      next =
        page.length === REPORT_PAGE_ROWS && last ? fetchPage({ date: last.date, id: last.id }) : undefined;
      for (const row of page) yield reportTransaction(row, lookups);
      read += page.length;
      const percent = 25 + (50 * read) / Math.max(total, read, 1);
      await job.progress(
        percent,
        `Generating report... ${read.toLocaleString('en')} of ${total.toLocaleString('en')} transactions`,
      );
    }
  }
}

function reportTransaction(row: ReportSourceRow, lookups: Lookups): ReportTransaction {
  return {
    id: row.id,
    date: row.date,
    description: row.description,
    amountMinor: row.amountMinor,
    currency: row.currency,
    category: row.categoryId ? lookups.categories.get(row.categoryId) : null,
    tags: row.tags,
    payee: row.payee,
    note: row.note,
    account: lookups.accounts.get(row.accountId) ?? row.accountId,
    statementId: row.statementId,
  };
}

/** "Parent › Child" names, so two "Other" categories under different parents stay apart in a report. */
function categoryPaths(categories: CategoryEntry[]): Lookups['categories'] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (category: CategoryEntry): string => {
    const names = [category.name];
    // Bounded by the category count, so a (corrupt) cycle cannot loop forever.
    for (let parent = byId.get(category.parentId ?? ''); parent && names.length <= categories.length;) {
      names.unshift(parent.name);
      parent = byId.get(parent.parentId ?? '');
    }
    return names.join(' › ');
  };
  return new Map(categories.map((c) => [c.id, { name: pathOf(c), kind: c.kind }]));
}

function statementSummary(row: StatementRow, lookups: Lookups): StatementSummary {
  return {
    id: row.id,
    account: lookups.accounts.get(row.accountId) ?? row.accountId,
    currency: row.currency,
    periodStart: row.periodStart ?? undefined,
    periodEnd: row.periodEnd ?? undefined,
    openingBalanceMinor: row.openingBalanceMinor ?? undefined,
    closingBalanceMinor: row.closingBalanceMinor ?? undefined,
    reconciled: row.reconciled,
  };
}

function defaultTitle(request: GenerateReportRequest, statements: StatementRow[]): string {
  const [statement] = statements;
  return request.statement_id && statement ? `Statement ${statement.originalName}` : 'Transactions';
}

/** What the report covered, as stored with it: the request without its format and title. */
function scopeOf(request: GenerateReportRequest): Record<string, unknown> {
  const { format: _format, title: _title, schedule_id: _schedule, ...scope } = request;
  return scope;
}
