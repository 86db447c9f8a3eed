import { ReportFormat, TransactionFilterFields, Uuid } from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { ReportGenerationService } from '../../services/report-generation.service.js';
import { reportResult } from '../../services/report-view.js';
import { defineTask } from '../registry.js';

/** The API request (`POST /reports/generate_async`), plus the schedule that submitted it, if any. */
export const GenerateReportPayload = Type.Object(
  {
    ...TransactionFilterFields,
    format: Type.Optional(ReportFormat),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    schedule_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

/**
 * Transactions → an xlsx or CSV report in file storage. Progress: 0 % fetching, 25–75 % generating (per
 * page of transactions), 75 % uploading, 100 % completed. Cancel stops it at the next batch of rows and
 * removes the partial file.
 */
export const generateReportTask = (reports: ReportGenerationService) =>
  defineTask({
    type: 'generate_report',
    payload: GenerateReportPayload,
    async handler(payload, ctx) {
      const row = await reports.generate({
        taskId: ctx.taskId,
        organizationId: ctx.organizationId,
        userId: ctx.userId,
        request: payload,
        signal: ctx.signal,
        progress: (percent, message) => ctx.progress(percent, message),
      });
      return reportResult(row);
    },
  });
