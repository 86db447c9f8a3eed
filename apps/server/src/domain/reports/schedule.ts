import { type ReportPeriod } from './model.js';

export const ReportFrequency = { daily: 'daily', weekly: 'weekly', monthly: 'monthly' } as const;
export type ReportFrequency = (typeof ReportFrequency)[keyof typeof ReportFrequency];

/**
 * When each frequency runs (cron, UTC): at 01:00, an hour before the daily cleanup (02:00), so a run
 * never races the cleanup of the day's results; weekly on Mondays, monthly on the 1st.
 */
export const SCHEDULE_CRON: Record<ReportFrequency, string> = {
  daily: '0 1 * * *',
  weekly: '0 1 * * 1',
  monthly: '0 1 1 * *',
};

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The complete period before `now` (UTC) that a scheduled run reports on: yesterday, the previous
 * Monday-to-Sunday week, or the previous calendar month. A run late by hours still reports the same
 * period, because it only depends on the day it runs.
 */
export function previousPeriod(frequency: ReportFrequency, now: Date): ReportPeriod {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (frequency === 'daily') return { from: isoDay(today - DAY_MS), to: isoDay(today - DAY_MS) };
  if (frequency === 'weekly') {
    // getUTCDay: Sunday 0 … Saturday 6; days since this week's Monday.
    const sinceMonday = (now.getUTCDay() + 6) % 7;
    const monday = today - sinceMonday * DAY_MS;
    return { from: isoDay(monday - 7 * DAY_MS), to: isoDay(monday - DAY_MS) };
  }
  const firstOfMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const firstOfPrevious = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  return { from: isoDay(firstOfPrevious), to: isoDay(firstOfMonth - DAY_MS) };
}
