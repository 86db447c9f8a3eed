import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousPeriod } from '../../src/domain/reports/index.js';
import { as, expectProblem, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, BACKENDS } from '../support/tasks.js';
import { seedStatement } from '../support/transactions.js';

interface Schedule {
  id: string;
  frequency: string;
  format: string;
  last_run_at: string | null;
}
interface Report {
  id: string;
  schedule_id: string | null;
  row_count: number;
  format: string;
  title: string;
  period_start: string;
  period_end: string;
}

describe.each(BACKENDS)('report schedules on the %s backend', (backend) => {
  let ctx: TestContext;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(backendEnv(backend, { PROGRESS_THROTTLE_MS: '0' }), {
      queues: ['reports'],
    });
    alice = await registerUser(ctx.app, 'alice-schedules');
    bob = await registerUser(ctx.app, 'bob-schedules');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  /** Three transactions of alice's inside `period`, and one outside it. */
  async function seedPeriod(period: { from: string; to: string }): Promise<number> {
    const dates = [period.from, period.to, period.to, '2001-01-01'];
    const amounts = [250_000, -12_345, -678, 999];
    await seedStatement(
      ctx.container,
      alice.organizationId,
      dates.map((date, i) => ({ date, description: `row ${i}`, amountMinor: amounts[i] ?? 0 })),
      { bankSource: 'test-bank', currency: 'EUR', accountNumber: '42' },
    );
    return amounts.slice(0, 3).reduce((a, b) => a + b, 0);
  }

  it('runs a monthly schedule through its BullMQ job scheduler and produces the previous month’s report', async () => {
    const created = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/report_schedules',
      payload: { frequency: 'monthly', format: 'csv', title: 'Monthly books' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const schedule = created.json<Schedule>();
    expect(schedule).toMatchObject({ frequency: 'monthly', format: 'csv', last_run_at: null });

    const queue = ctx.container.taskQueue.queue('reports');
    const scheduler = await queue.getJobScheduler(`report-schedule-${schedule.id}`);
    expect(scheduler?.pattern).toBe('0 1 1 * *');
    // The scheduler's next firing waits as a delayed job; promote it instead of waiting for the 1st.
    const delayed = await queue.getJobs(['delayed']);
    const next = delayed.find((job) => (job.data as { schedule_id?: string }).schedule_id === schedule.id);
    expect(next?.id).toMatch(new RegExp(`^repeat:report-schedule-${schedule.id}:\\d+$`));
    const fireTime = new Date(Number(next?.id?.split(':').at(-1)));
    const period = previousPeriod('monthly', fireTime);
    const expectedNet = await seedPeriod(period);
    await next?.promote();

    let report: Report | undefined;
    const deadline = Date.now() + 30_000;
    while (!report && Date.now() < deadline) {
      const list = await as(ctx.app, alice)({ method: 'GET', url: '/reports' });
      report = list.json<{ items: Report[] }>().items.find((r) => r.schedule_id === schedule.id);
      if (!report) await new Promise((r) => setTimeout(r, 100));
    }
    expect(report).toMatchObject({
      format: 'csv',
      title: 'Monthly books',
      row_count: 3,
      period_start: period.from,
      period_end: period.to,
    });
    const file = await as(ctx.app, alice)({ method: 'GET', url: `/reports/${report?.id}/download` });
    const amounts = file.body
      .split('\r\n')
      .slice(1, -1)
      .map((line) => Math.round(Number(line.split(',')[2]) * 100));
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(expectedNet);
    const tasks = await as(ctx.app, alice)({ method: 'GET', url: '/tasks?type=generate_report' });
    expect(tasks.json<{ total: number }>().total).toBe(1);
    const listed = await as(ctx.app, alice)({ method: 'GET', url: '/report_schedules' });
    expect(listed.json<{ items: Schedule[] }>().items[0]?.last_run_at).not.toBeNull();
  });

  it('submits one task per firing however often the firing runs', async () => {
    const created = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/report_schedules',
      payload: { frequency: 'weekly' },
    });
    const { id } = created.json<Schedule>();
    const schedules = ctx.container.services.reportSchedules;
    const fire = new Date('2024-03-04T01:00:00Z');
    const first = await schedules.run(id, `repeat:report-schedule-${id}:${fire.getTime()}`, fire);
    const again = await schedules.run(id, `repeat:report-schedule-${id}:${fire.getTime()}`, fire);
    expect(first).toMatchObject({ status: 'submitted', date_from: '2024-02-26', date_to: '2024-03-03' });
    expect(again).toEqual(first);
  });

  it('is private to the organization, and deleting it removes the job scheduler', async () => {
    const created = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/report_schedules',
      payload: { frequency: 'daily', format: 'xlsx' },
    });
    const { id } = created.json<Schedule>();
    const theirs = await as(ctx.app, bob)({ method: 'GET', url: '/report_schedules' });
    expect(theirs.json()).toMatchObject({ items: [], total: 0 });
    expectProblem(await as(ctx.app, bob)({ method: 'DELETE', url: `/report_schedules/${id}` }), 404);
    const queue = ctx.container.taskQueue.queue('reports');
    expect(await queue.getJobScheduler(`report-schedule-${id}`)).toBeDefined();
    const removed = await as(ctx.app, alice)({ method: 'DELETE', url: `/report_schedules/${id}` });
    expect(removed.statusCode).toBe(204);
    expect(await queue.getJobScheduler(`report-schedule-${id}`)).toBeUndefined();
    expect(await ctx.container.services.reportSchedules.run(id, 'repeat:gone:1')).toEqual({
      status: 'skipped',
      reason: 'schedule_deleted',
    });
  });
});
