/**
 * Reports, pure part: the input rows, the figures a report shows and how they are computed.
 *
 * - `ReportAccumulator`: `new ReportAccumulator({ statements, period })`, then `add(row)` for every
 *   `ReportTransaction` as it streams by (returns a `ReportProblem` when the row is skipped), then
 *   `finish()` → `ReportFigures` (summary per currency and account, reconciliation status, by-category
 *   aggregates with shares, months × categories). Integer minor units throughout; one pass.
 * - `summarizeReport(rows, scope)`: the same over a sync or async iterable, for callers that only need
 *   the figures (the writers in adapters/reports accumulate while they write instead).
 * - `reportFileName(title, period, format)`: an ASCII-safe download name.
 * - `previousPeriod(frequency, now)` and `SCHEDULE_CRON`: what and when a scheduled report covers.
 */
import { ReportAccumulator, type ReportScope } from './accumulator.js';
import { type ReportFigures, type ReportTransaction } from './model.js';

export { MAX_REPORTED_PROBLEMS, ReportAccumulator, type ReportScope } from './accumulator.js';
export { ReportFormat, reportFileName } from './file-name.js';
export { previousPeriod, ReportFrequency, SCHEDULE_CRON } from './schedule.js';
export * from './model.js';

export async function summarizeReport(
  rows: Iterable<ReportTransaction> | AsyncIterable<ReportTransaction>,
  scope: ReportScope = {},
): Promise<ReportFigures> {
  const accumulator = new ReportAccumulator(scope);
  for await (const row of rows) accumulator.add(row);
  return accumulator.finish();
}
