import type { Readable } from 'node:stream';
import type { GenerateReportBody } from '@ledgerflow/contracts';
import type { FileStorage } from '../adapters/storage/index.js';
import type { ReportRow, TaskPriority, TaskRow } from '../db/types.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import type { Principal, RequestMeta } from './principal.js';
import type { TaskService } from './task.service.js';
import { assertFilterIdsOwned } from './filter-scope.js';
import { toTransactionFilter } from './transaction-filter.js';

export interface ReportServiceDeps {
  repos: Pick<Repositories, 'reports' | 'statements' | 'categories' | 'audit'>;
  storage: FileStorage;
  tasks: TaskService;
}

/** Expired reports removed per query by the daily cleanup; the loop continues until none are left. */
const EXPIRE_BATCH = 200;

/** A report past its expiry (and not kept) is gone for users, even before the daily cleanup removes it. */
function assertNotExpired(report: ReportRow): void {
  if (!report.kept && report.expiresAt !== null && report.expiresAt.getTime() <= Date.now()) {
    throw new AppError('REPORT_EXPIRED', 410, `The report expired at ${report.expiresAt.toISOString()}`);
  }
}

/** Reports of an organization: submitting their generation, listing, downloading (audited), expiry. */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  /**
   * Checks the scope (a statement of the caller's organization, or a complete date range) and submits a
   * `generate_report` task. The payload keeps the API's shape, so a scheduled run submits the same.
   */
  async submit(
    principal: Principal,
    body: GenerateReportBody,
    idempotencyKey?: string,
    priority?: TaskPriority,
  ): Promise<TaskRow> {
    toTransactionFilter(body); // refuses bad amounts with a 400 now, not a failed task later
    if (body.statement_id) {
      const statement = await this.deps.repos.statements.findById(
        principal.organizationId,
        body.statement_id,
      );
      if (!statement) throw notFound('Statement');
    } else if (!body.date_from || !body.date_to) {
      throw invalid('A report needs a statement_id, or both date_from and date_to', [
        { path: '/body/date_from', message: 'is required without statement_id' },
        { path: '/body/date_to', message: 'is required without statement_id' },
      ]);
    }
    await assertFilterIdsOwned(this.deps.repos, principal.organizationId, body);
    if (body.date_from && body.date_to && body.date_from > body.date_to) {
      throw invalid('date_from is after date_to', [
        { path: '/body/date_from', message: 'must not be after date_to' },
      ]);
    }
    return this.deps.tasks.submit(
      principal,
      'generate_report',
      { ...body, format: body.format ?? 'xlsx' },
      idempotencyKey,
      undefined,
      priority,
    );
  }

  async list(principal: Principal, page: { limit: number; offset: number }) {
    return this.deps.repos.reports.list(principal.organizationId, page);
  }

  async get(principal: Principal, reportId: string): Promise<ReportRow> {
    const row = await this.deps.repos.reports.findById(principal.organizationId, reportId);
    if (!row) throw notFound('Report');
    return row;
  }

  /** Opens the report's file and records the download in the audit log. */
  async download(
    principal: Principal,
    reportId: string,
    meta: RequestMeta,
  ): Promise<{ report: ReportRow; body: Readable }> {
    const report = await this.get(principal, reportId);
    assertNotExpired(report);
    const body = await this.deps.storage.get(report.storageKey);
    await this.audit(principal, 'report.download', report, meta);
    return { report, body };
  }

  /** Keeps the report: it no longer expires with its task's result. */
  async keep(principal: Principal, reportId: string): Promise<ReportRow> {
    assertNotExpired(await this.get(principal, reportId));
    const row = await this.deps.repos.reports.keep(principal.organizationId, reportId);
    if (!row) throw notFound('Report');
    return row;
  }

  /** Deletes the record, then the file (a failed file delete leaves nothing visible to users). */
  async delete(principal: Principal, reportId: string, meta: RequestMeta): Promise<void> {
    const row = await this.deps.repos.reports.delete(principal.organizationId, reportId);
    if (!row) throw notFound('Report');
    await this.audit(principal, 'report.deleted', row, meta);
    await this.deps.storage.delete(row.storageKey);
  }

  /**
   * Removes reports past their expiry that nobody kept (the daily cleanup): the row first, guarded so a
   * keep that lands meanwhile wins, then the file. Returns how many went and how many files could not be
   * deleted (left in storage, no longer referenced).
   */
  async expire(now = new Date()): Promise<{ expired_reports: number; report_files_not_deleted: number }> {
    let expired = 0;
    let failed = 0;
    for (;;) {
      const batch = await this.deps.repos.reports.listExpired(now, EXPIRE_BATCH);
      for (const row of batch) {
        if (!(await this.deps.repos.reports.deleteExpired(row.id, now))) continue;
        expired += 1;
        await this.deps.storage.delete(row.storageKey).catch(() => (failed += 1));
      }
      if (batch.length < EXPIRE_BATCH) return { expired_reports: expired, report_files_not_deleted: failed };
    }
  }

  private audit(principal: Principal, action: string, report: ReportRow, meta: RequestMeta) {
    return this.deps.repos.audit.append({
      organizationId: principal.organizationId,
      userId: principal.userId,
      action,
      targetType: 'report',
      targetId: report.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { file_name: report.fileName, format: report.format, size_bytes: report.sizeBytes },
    });
  }
}
