import type { ReportScheduleBody } from '@ledgerflow/contracts';
import type { ReportScheduleRow, TaskRow } from '../db/types.js';
import { previousPeriod, SCHEDULE_CRON } from '../domain/reports/index.js';
import { TASK_TYPES } from '../domain/tasks.js';
import { notFound } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import { assertFilterIdsOwned } from './filter-scope.js';
import type { JobSchedulerPort } from './job-scheduler.port.js';
import type { Principal } from './principal.js';
import type { GenerateReportRequest } from './report-generation.service.js';
import type { TaskService } from './task.service.js';

export interface ReportScheduleDeps {
  repos: Pick<Repositories, 'reports' | 'organizations' | 'statements' | 'categories'>;
  schedulers: JobSchedulerPort;
  tasks: TaskService;
}

/** The system job a schedule's scheduler adds; its handler calls `run`. */
export const RUN_REPORT_SCHEDULE = 'run_report_schedule';
const QUEUE = TASK_TYPES.run_report_schedule.queue;
const schedulerId = (scheduleId: string) => `report-schedule-${scheduleId}`;

export type ScheduleRunOutcome =
  | { status: 'submitted'; task_id: string; date_from: string; date_to: string }
  | { status: 'skipped'; reason: 'schedule_deleted' | 'owner_gone' };

/**
 * Scheduled reports: each schedule is a row plus a BullMQ job scheduler (cron by frequency) whose runs
 * submit an ordinary `generate_report` task for the previous period, as the schedule's creator.
 */
export class ReportScheduleService {
  constructor(private readonly deps: ReportScheduleDeps) {}

  /** Stores the schedule, then its job scheduler; if the scheduler cannot be added, the row goes too. */
  async create(principal: Principal, body: ReportScheduleBody): Promise<ReportScheduleRow> {
    await assertFilterIdsOwned(this.deps.repos, principal.organizationId, body);
    const row = await this.deps.repos.reports.createSchedule({
      organizationId: principal.organizationId,
      createdBy: principal.userId,
      frequency: body.frequency,
      format: body.format ?? 'xlsx',
      title: body.title ?? null,
      scope: JSON.stringify({
        ...(body.account_id?.length ? { account_id: body.account_id } : {}),
        ...(body.category_id?.length ? { category_id: body.category_id } : {}),
      }),
    });
    try {
      await this.schedule(row);
    } catch (error) {
      await this.deps.repos.reports.deleteSchedule(row.organizationId, row.id);
      throw error;
    }
    return row;
  }

  async list(principal: Principal, page: { limit: number; offset: number }) {
    return this.deps.repos.reports.listSchedules(principal.organizationId, page);
  }

  /** Deletes the row first: a run that fires before its scheduler is gone finds nothing and skips. */
  async delete(principal: Principal, scheduleId: string): Promise<void> {
    const row = await this.deps.repos.reports.deleteSchedule(principal.organizationId, scheduleId);
    if (!row) throw notFound('Report schedule');
    await this.deps.schedulers.remove(QUEUE, schedulerId(row.id));
  }

  /** Re-creates every schedule's job scheduler (at worker start: the queue may have been emptied). */
  async syncAll(): Promise<number> {
    const rows = await this.deps.repos.reports.allSchedules();
    for (const row of rows) await this.schedule(row);
    return rows.length;
  }

  /**
   * One scheduled run: submits the report of the previous period. `runId` (the scheduler's job id, one
   * per firing) is the idempotency key, so a run repeated after a crash submits no second task.
   */
  async run(scheduleId: string, runId: string, now = new Date()): Promise<ScheduleRunOutcome> {
    const schedule = await this.deps.repos.reports.findSchedule(scheduleId);
    if (!schedule) return { status: 'skipped', reason: 'schedule_deleted' };
    const membership = schedule.createdBy
      ? await this.deps.repos.organizations.findMembership(schedule.organizationId, schedule.createdBy)
      : undefined;
    if (!membership) return { status: 'skipped', reason: 'owner_gone' };
    const period = previousPeriod(schedule.frequency, now);
    const scope = (schedule.scope ?? {}) as Pick<GenerateReportRequest, 'account_id' | 'category_id'>;
    const request: GenerateReportRequest = {
      ...scope,
      date_from: period.from,
      date_to: period.to,
      format: schedule.format,
      ...(schedule.title ? { title: schedule.title } : {}),
      schedule_id: schedule.id,
    };
    const principal: Principal = {
      userId: membership.userId,
      organizationId: membership.organizationId,
      role: membership.role,
    };
    const task: TaskRow = await this.deps.tasks.submit(
      principal,
      'generate_report',
      request,
      `report-schedule:${runId}`,
    );
    await this.deps.repos.reports.markScheduleRun(schedule.id);
    return { status: 'submitted', task_id: task.id, date_from: period.from, date_to: period.to };
  }

  private schedule(row: ReportScheduleRow): Promise<void> {
    return this.deps.schedulers.upsert(QUEUE, schedulerId(row.id), SCHEDULE_CRON[row.frequency], {
      name: RUN_REPORT_SCHEDULE,
      data: { system: true, schedule_id: row.id },
    });
  }
}
