import type { Report, ReportResult, ReportSchedule } from '@ledgerflow/contracts';
import type { ReportRow, ReportScheduleRow } from '../db/types.js';

/** Where a report's file is downloaded from (the API path; the client adds its base URL). */
export const downloadUrl = (reportId: string): string => `/reports/${reportId}/download`;

/** A finished `generate_report` task's result, as the original system returned it. */
export const reportResult = (row: ReportRow): ReportResult => ({
  report_id: row.id,
  file_name: row.fileName,
  format: row.format,
  size_bytes: row.sizeBytes,
  row_count: row.rowCount,
  download_url: downloadUrl(row.id),
});

export const reportView = (row: ReportRow): Report => ({
  id: row.id,
  task_id: row.taskId,
  schedule_id: row.scheduleId,
  title: row.title,
  file_name: row.fileName,
  format: row.format,
  scope: (row.scope ?? {}) as Record<string, unknown>,
  period_start: row.periodStart,
  period_end: row.periodEnd,
  row_count: row.rowCount,
  size_bytes: row.sizeBytes,
  kept: row.kept,
  expires_at: row.expiresAt?.toISOString() ?? null,
  created_by: row.createdBy,
  created_at: row.createdAt.toISOString(),
  download_url: downloadUrl(row.id),
});

export const reportScheduleView = (row: ReportScheduleRow): ReportSchedule => {
  const scope = (row.scope ?? {}) as { account_id?: string[]; category_id?: string[] };
  return {
    id: row.id,
    frequency: row.frequency,
    format: row.format,
    title: row.title,
    account_id: scope.account_id ?? [],
    category_id: scope.category_id ?? [],
    last_run_at: row.lastRunAt?.toISOString() ?? null,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
  };
};
