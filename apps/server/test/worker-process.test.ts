import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, registerUser, type TestUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';
import { runLedgerflow, waitFor, type RunningProcess } from './support/process.js';
import { backendEnv, BACKENDS, isFinished, submitSleep, waitForTask } from './support/tasks.js';

/**
 * Workers as separate processes (as on other machines): the API here has no workers of its own, the
 * jobs run in `ledgerflow worker` processes that share only the database (and Redis).
 */
describe.each(BACKENDS)('separate worker processes on the %s backend', { timeout: 90_000 }, (backend) => {
  let ctx: TestContext;
  let user: TestUser;
  let env: Record<string, string>;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    env = backendEnv(backend, { TASK_LOCK_SECONDS: '2', PROGRESS_THROTTLE_MS: '0' });
    ctx = await createTestContext(env);
    user = await registerUser(ctx.app, `workers-${backend}`);
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await ctx?.close();
  });

  const startWorker = async (extra: Record<string, string> = {}) => {
    const worker = runLedgerflow(['worker', '--queues', 'default', '--concurrency', '2'], {
      ...env,
      ...extra,
      DATABASE_URL: ctx.config.databaseUrl,
      JWT_SECRET: ctx.config.jwtSecret,
      DATA_DIR: ctx.dataDir,
    });
    workers.push(worker);
    await waitFor(
      async () => (worker.output().includes('workers started') ? true : undefined),
      30_000,
      () => `worker start\n${worker.output()}`,
    );
    return worker;
  };

  it('cancelling a pending task removes its job: no worker ever runs it', async () => {
    // No worker is running yet, so the task waits in the queue.
    const id = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    expect(await ctx.container.taskQueue.exists('default', id)).toBe(true);
    const res = await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${id}` });
    expect(res.json()).toMatchObject({ task_id: id, status: 'CANCELLED', message: 'Task cancelled' });
    expect(await ctx.container.taskQueue.exists('default', id)).toBe(false);
    const worker = await startWorker();
    const control = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await waitForTask(ctx.app, user, control, isFinished);
    const row = await ctx.container.repos.tasks.findById(id);
    expect(row).toMatchObject({ status: 'CANCELLED', startedAt: null, attempt: 0 });
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('a cancel reaches the task running in another process', async () => {
    const worker = await startWorker();
    const id = await submitSleep(ctx.app, user, { seconds: 30, steps: 60 });
    await waitForTask(ctx.app, user, id, (v) => v.status === 'PROCESSING' && v.progress_percent > 0);
    const requested = Date.now();
    await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${id}` });
    const { last } = await waitForTask(ctx.app, user, id, isFinished, 10_000);
    expect(last.status).toBe('CANCELLED');
    expect(Date.now() - requested).toBeLessThan(2000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('a worker killed with SIGKILL mid-job: another worker finishes the task exactly once', async () => {
    const doomed = await startWorker();
    const id = await submitSleep(ctx.app, user, { seconds: 3, steps: 6 });
    await waitForTask(ctx.app, user, id, (v) => v.status === 'PROCESSING' && v.progress_percent > 0);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const rescuer = await startWorker();
    const { last } = await waitForTask(ctx.app, user, id, isFinished, 30_000);
    expect(last.status).toBe('SUCCESS');
    // The stalled job ran again without spending a retry: one attempt, one result.
    expect(last.attempt).toBe(1);
    const result = await as(ctx.app, user)({ method: 'GET', url: `/tasks/${id}/result` });
    expect(result.json()).toMatchObject({ status: 'SUCCESS', result: { slept_seconds: 3, steps: 6 } });
    const rows = await ctx.container.repos.tasks.list(user.organizationId, { limit: 50, offset: 0 });
    expect(rows.items.filter((t) => t.id === id)).toHaveLength(1);
    rescuer.child.kill('SIGTERM');
    expect(await rescuer.exited).toBe(0);
  });

  it('SIGTERM lets a running task finish within the grace period', async () => {
    const worker = await startWorker({ SHUTDOWN_GRACE_SECONDS: '20' });
    const id = await submitSleep(ctx.app, user, { seconds: 2, steps: 4 });
    await waitForTask(ctx.app, user, id, (v) => v.status === 'PROCESSING');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const row = await ctx.container.repos.tasks.findById(id);
    expect(row).toMatchObject({ status: 'SUCCESS', attempt: 1 });
  });

  it('after the grace period a stopping worker hands its task back; another finishes it', async () => {
    const worker = await startWorker({ SHUTDOWN_GRACE_SECONDS: '0' });
    const id = await submitSleep(ctx.app, user, { seconds: 4, steps: 8 });
    await waitForTask(ctx.app, user, id, (v) => v.status === 'PROCESSING' && v.progress_percent > 0);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect((await ctx.container.repos.tasks.findById(id))?.status).toBe('PROCESSING');
    const next = await startWorker();
    const { last } = await waitForTask(ctx.app, user, id, isFinished, 40_000);
    expect(last).toMatchObject({ status: 'SUCCESS', attempt: 1 });
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});
