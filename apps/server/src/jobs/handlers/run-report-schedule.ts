import { Uuid } from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { ReportScheduleService } from '../../services/report-schedule.service.js';
import { defineTask } from '../registry.js';

/**
 * A job scheduler's job id is `repeat:<scheduler id>:<fire time in ms>`: the fire time, not the time it
 * happens to run, decides the period, so a run repeated later (at least once) reports the same period.
 */
function fireTime(jobId: string): Date {
  const millis = Number(/:(\d{10,})$/.exec(jobId)?.[1]);
  return Number.isFinite(millis) ? new Date(millis) : new Date();
}

/** A report schedule fired (a system job): submit its generate_report task. */
export const runReportScheduleTask = (schedules: ReportScheduleService) =>
  defineTask({
    type: 'run_report_schedule',
    payload: Type.Object({ schedule_id: Uuid }),
    async handler(payload, ctx) {
      return schedules.run(payload.schedule_id, ctx.taskId, fireTime(ctx.taskId));
    },
  });
