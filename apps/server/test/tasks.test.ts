import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEvent, TaskView } from '../src/services/task-view.js';
import { as, expectProblem, registerUser, type TestUser } from './support/api.js';
import { createWorkerTestContext, type TestContext } from './support/context.js';
import { backendEnv, BACKENDS, isFinished, submitSleep, taskStatus, waitForTask } from './support/tasks.js';

describe.each(BACKENDS)('task lifecycle on the %s backend', (backend) => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(
      backendEnv(backend, {
        TASK_RETRY_DELAY: '0.3',
        TASK_SOFT_TIME_LIMIT: '2',
        TASK_TIME_LIMIT: '4',
        PROGRESS_THROTTLE_MS: '0',
        RESULT_TTL: '2',
        WORKER_CONCURRENCY: '4',
      }),
    );
    user = await registerUser(ctx.app, `tasks-${backend}`);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('runs a task: PENDING → PROCESSING with rising progress → SUCCESS with its result', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 1, steps: 5 });
    const { last, seen } = await waitForTask(ctx.app, user, id, isFinished);
    expect(last.status).toBe('SUCCESS');
    expect(last.progress_percent).toBe(100);
    expect(seen[0]?.status).toMatch(/PENDING|PROCESSING/);
    const progress = seen.filter((v) => v.status === 'PROCESSING').map((v) => v.progress_percent);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const result = await as(ctx.app, user)({ method: 'GET', url: `/tasks/${id}/result` });
    expect(result.json()).toEqual({
      task_id: id,
      status: 'SUCCESS',
      result: { slept_seconds: 1, steps: 5, attempt: 1 },
      error: null,
    });
  });

  it('retries transient failures with exponential backoff, then succeeds', async () => {
    // Every state change is broadcast; collect this task's to see the retries it went through.
    const events: TaskView[] = [];
    const unsubscribe = ctx.container.taskQueue.subscribe('task.updated', (data) =>
      events.push((data as TaskEvent).task),
    );
    const started = Date.now();
    const id = await submitSleep(ctx.app, user, { seconds: 0, steps: 1, fail_times: 2 });
    const { last } = await waitForTask(ctx.app, user, id, isFinished);
    unsubscribe();
    expect(last).toMatchObject({ status: 'SUCCESS', attempt: 3, max_attempts: 4 });
    // 0.3 s then 0.6 s between attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const retries = events.filter(
      (v) => v.task_id === id && v.status === 'PENDING' && v.next_retry_at !== null,
    );
    expect(retries.map((v) => v.error?.code)).toEqual(['DEMO_TRANSIENT_FAILURE', 'DEMO_TRANSIENT_FAILURE']);
    const delays = retries.map((v) => Date.parse(v.next_retry_at ?? '') - Date.parse(v.updated_at));
    expect(delays[0]).toBeGreaterThanOrEqual(250);
    expect(delays[1]).toBeGreaterThanOrEqual(550);
  });

  it('fails after the last retry with the error that caused it', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 0, steps: 1, fail_times: 10 });
    const { last } = await waitForTask(ctx.app, user, id, isFinished);
    expect(last).toMatchObject({ status: 'FAILED', attempt: 4, error: { code: 'DEMO_TRANSIENT_FAILURE' } });
    const result = await as(ctx.app, user)({ method: 'GET', url: `/tasks/${id}/result` });
    expect(result.json()).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: 'DEMO_TRANSIENT_FAILURE' },
    });
  });

  it('does not retry a permanent failure', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 0, permanent_failure: true });
    const { last } = await waitForTask(ctx.app, user, id, isFinished);
    expect(last).toMatchObject({ status: 'FAILED', attempt: 1, error: { code: 'DEMO_PERMANENT_FAILURE' } });
  });

  it('stops a cooperative task at the soft time limit', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 30, steps: 30 });
    const { last } = await waitForTask(ctx.app, user, id, isFinished);
    expect(last).toMatchObject({ status: 'FAILED', attempt: 1, error: { code: 'TIME_LIMIT_EXCEEDED' } });
    expect(last.error?.message).toContain('soft');
  });

  it('kills the process of a task that ignores the soft limit, at the hard limit', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 30, steps: 30, cpu_bound: true });
    const { last } = await waitForTask(ctx.app, user, id, isFinished);
    expect(last).toMatchObject({ status: 'FAILED', error: { code: 'TIME_LIMIT_EXCEEDED' } });
    expect(last.error?.message).toContain('hard');
    // The worker is still healthy: the next task runs.
    const next = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    expect((await waitForTask(ctx.app, user, next, isFinished)).last.status).toBe('SUCCESS');
  });

  it('cancels a running task within a second or two', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 20, steps: 40 });
    await waitForTask(ctx.app, user, id, (v) => v.status === 'PROCESSING' && v.progress_percent > 0);
    const requested = Date.now();
    const res = await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${id}` });
    expect([200, 202]).toContain(res.statusCode);
    const { last } = await waitForTask(ctx.app, user, id, isFinished, 5000);
    expect(last).toMatchObject({ status: 'CANCELLED', error: { code: 'CANCELLED' } });
    expect(Date.now() - requested).toBeLessThan(2000);
  });

  it('expires results (410) and the cleanup removes them; deleting a result is final', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await waitForTask(ctx.app, user, id, isFinished);
    expect((await as(ctx.app, user)({ method: 'GET', url: `/tasks/${id}/result` })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/tasks/${id}/result` }),
      410,
      'RESULT_EXPIRED',
    );
    const cleaned = await ctx.container.services.taskLifecycle.expireResults();
    expect(cleaned.expired_results).toBeGreaterThanOrEqual(1);
    expect((await ctx.container.repos.tasks.findById(id))?.result).toBeNull();

    const other = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await waitForTask(ctx.app, user, other, isFinished);
    const del = await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${other}` });
    expect(del.json()).toMatchObject({ message: 'Task result deleted' });
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/tasks/${other}/result` }),
      410,
      'RESULT_DELETED',
    );
  });

  it('answers 409 for the result of an unfinished task', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 3, steps: 3 });
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/tasks/${id}/result` }),
      409,
      'TASK_NOT_FINISHED',
    );
    await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${id}` });
  });

  it('honours Idempotency-Key: same request, same task; different request, 422', async () => {
    const key = `key-${backend}-${Date.now()}`;
    const a = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 }, { 'idempotency-key': key });
    const b = await submitSleep(ctx.app, user, { steps: 1, seconds: 0 }, { 'idempotency-key': key });
    expect(b).toBe(a);
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/tasks/sleep_demo_async',
      payload: { seconds: 1 },
      headers: { 'idempotency-key': key },
    });
    expectProblem(res, 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('the sweeper enqueues a PENDING task whose job went missing', async () => {
    const { row } = await ctx.container.repos.tasks.create({
      organizationId: user.organizationId,
      userId: user.userId,
      type: 'sleep_demo',
      queue: 'default',
      payload: { seconds: 0, steps: 1, fail_times: 0, permanent_failure: false, cpu_bound: false },
      maxAttempts: 4,
    });
    // No job was added (as if the API died right after writing the row); the sweeper repairs it.
    await ctx.container.services.taskLifecycle.sweep(0);
    expect((await waitForTask(ctx.app, user, row.id, isFinished)).last.status).toBe('SUCCESS');
  });

  it('lists the caller’s tasks with filters', async () => {
    const res = await as(
      ctx.app,
      user,
    )({ method: 'GET', url: '/tasks?status=SUCCESS&type=sleep_demo&limit=2' });
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: Array<{ status: string }>; total: number; limit: number }>();
    expect(page.limit).toBe(2);
    expect(page.items.length).toBe(2);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.items.every((t) => t.status === 'SUCCESS')).toBe(true);
  });

  it("another user's task is 404 on every task route", async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await waitForTask(ctx.app, user, id, isFinished);
    const stranger = await registerUser(ctx.app, 'stranger');
    for (const [method, url] of [
      ['GET', `/tasks/${id}/status`],
      ['GET', `/tasks/${id}/result`],
      ['GET', `/tasks/${id}/events`],
      ['DELETE', `/tasks/${id}`],
    ] as const) {
      expectProblem(await as(ctx.app, stranger)({ method, url }), 404, 'NOT_FOUND');
    }
    const list = await as(ctx.app, stranger)({ method: 'GET', url: '/tasks' });
    expect(list.json<{ total: number }>().total).toBe(0);
    expect((await taskStatus(ctx.app, user, id)).status).toBe('SUCCESS');
  });

  it('exposes task and queue metrics for Prometheus', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/ledgerflow_tasks_finished_total\{type="sleep_demo",status="SUCCESS"\} [1-9]/);
    expect(res.body).toMatch(/ledgerflow_task_retries_total\{type="sleep_demo"\} [1-9]/);
    expect(res.body).toMatch(/ledgerflow_tasks_finished_total\{type="sleep_demo",status="CANCELLED"\} [1-9]/);
    expect(res.body).toContain('ledgerflow_task_duration_seconds_bucket');
    expect(res.body).toMatch(/ledgerflow_queue_jobs\{queue="default",state="waiting"\} \d+/);
    expect(res.body).toContain('ledgerflow_nodejs_eventloop_lag_seconds');
  });
});

describe('progress under the default throttle (250 ms)', () => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(backendEnv('postgres', { WORKER_CONCURRENCY: '1' }));
    user = await registerUser(ctx.app, 'throttle');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('writes a report made inside the window when the window ends, not never', async () => {
    // The task reports once, right after it starts (inside the window the start opened), then sleeps.
    const id = await submitSleep(ctx.app, user, { seconds: 3, steps: 1 });
    const { last } = await waitForTask(
      ctx.app,
      user,
      id,
      (v) => isFinished(v) || v.progress_message === 'Sleeping 3 s in 1 steps',
    );
    expect(last.status).toBe('PROCESSING');
    expect(last.progress_message).toBe('Sleeping 3 s in 1 steps');
    const done = await waitForTask(ctx.app, user, id, isFinished);
    expect(done.last.status).toBe('SUCCESS');
    expect(done.last.progress_message).toBe('Completed');
  });
});
