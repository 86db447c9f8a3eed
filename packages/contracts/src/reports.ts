import { Type, type Static } from 'typebox';
import { CalendarDate, PageQuery, Timestamp, Uuid } from './common.js';
import { TransactionFilterFields } from './statements.js';

export const ReportFormat = Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], {
  description: '`xlsx` (Summary, Transactions, By category, Monthly sheets) or `csv` (the transactions)',
});
export type ReportFormat = Static<typeof ReportFormat>;

const Title = Type.String({ minLength: 1, maxLength: 200, examples: ['Q1 expenses'] });

/**
 * `POST /reports/generate_async`: the transactions of one statement (`statement_id`), or of a date range
 * (`date_from` and `date_to`, both required then) narrowed by the other TransactionFilter fields.
 */
export const GenerateReportBody = Type.Object(
  {
    ...TransactionFilterFields,
    format: Type.Optional(ReportFormat),
    title: Type.Optional(Title),
  },
  { additionalProperties: false },
);
export type GenerateReportBody = Static<typeof GenerateReportBody>;

/** A finished `generate_report` task's result. */
export const ReportResult = Type.Object({
  report_id: Uuid,
  file_name: Type.String(),
  format: ReportFormat,
  size_bytes: Type.Integer(),
  row_count: Type.Integer(),
  download_url: Type.String({ examples: ['/reports/6f1f8a2e-5b0e-4c55-9a52-3c0d1e2f3a4b/download'] }),
});
export type ReportResult = Static<typeof ReportResult>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Report = Type.Object({
  id: Uuid,
  task_id: Nullable(Uuid),
  schedule_id: Nullable(Uuid),
  title: Type.String(),
  file_name: Type.String(),
  format: ReportFormat,
  scope: Type.Record(Type.String(), Type.Unknown(), { description: 'The request, as a TransactionFilter' }),
  period_start: Nullable(CalendarDate),
  period_end: Nullable(CalendarDate),
  row_count: Type.Integer(),
  size_bytes: Type.Integer(),
  kept: Type.Boolean({ description: 'Kept reports never expire' }),
  expires_at: Nullable(Timestamp),
  created_by: Nullable(Uuid),
  created_at: Timestamp,
  download_url: Type.String(),
});
export type Report = Static<typeof Report>;

export const ReportListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ReportListQuery = Static<typeof ReportListQuery>;

export const ReportFrequency = Type.Union(
  [Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')],
  {
    description:
      'Runs at 01:00 UTC: daily for the previous day, weekly on Mondays for the previous week ' +
      '(Monday to Sunday), monthly on the 1st for the previous month',
  },
);
export type ReportFrequency = Static<typeof ReportFrequency>;

export const ReportScheduleBody = Type.Object(
  {
    frequency: ReportFrequency,
    format: Type.Optional(ReportFormat),
    title: Type.Optional(Title),
    account_id: TransactionFilterFields.account_id,
    category_id: TransactionFilterFields.category_id,
  },
  { additionalProperties: false },
);
export type ReportScheduleBody = Static<typeof ReportScheduleBody>;

export const ReportSchedule = Type.Object({
  id: Uuid,
  frequency: ReportFrequency,
  format: ReportFormat,
  title: Nullable(Type.String()),
  account_id: Type.Array(Uuid),
  category_id: Type.Array(Type.String()),
  last_run_at: Nullable(Timestamp),
  created_by: Nullable(Uuid),
  created_at: Timestamp,
});
export type ReportSchedule = Static<typeof ReportSchedule>;
