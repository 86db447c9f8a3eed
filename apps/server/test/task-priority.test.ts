import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, expectProblem, multipart, registerUser, type TestUser } from './support/api.js';
import { createWorkerTestContext, type TestContext } from './support/context.js';
import { BACKENDS, backendEnv, submitSleep, taskStatus, waitForTask } from './support/tasks.js';

/**
 * Priorities on both queue backends: one worker slot on `default`, held by a running task while normal,
 * low and high tasks queue up behind it; once it is free, the high task starts first and the low one
 * last, whatever the order they were submitted in.
 */
describe.each(BACKENDS)('task priorities on %s', (backend) => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(backendEnv(backend), { queues: ['default'], concurrency: 1 });
    user = await registerUser(ctx.app, `priority-${backend}`);
  });
  afterAll(() => ctx?.close());

  const submit = async (priority?: string) => {
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: `/tasks/sleep_demo_async${priority ? `?priority=${priority}` : ''}`,
      payload: { seconds: 0, steps: 1 },
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json<{ task_id: string }>().task_id;
  };

  it('starts a high task before normal ones queued earlier, and a low one after them', async () => {
    const blocker = await submitSleep(ctx.app, user, { seconds: 1.5, steps: 3 });
    await waitForTask(ctx.app, user, blocker, (t) => t.status === 'PROCESSING', 15_000);
    const low = await submit('low');
    const normal1 = await submit();
    const normal2 = await submit('normal');
    const high = await submit('high');
    const submitted = { low, normal1, normal2, high };
    for (const id of Object.values(submitted))
      await waitForTask(ctx.app, user, id, (t) => t.status === 'SUCCESS', 20_000);
    const started = await Promise.all(
      Object.entries(submitted).map(async ([name, id]) => {
        const view = await taskStatus(ctx.app, user, id);
        return { name, priority: view.priority, startedAt: Date.parse(view.started_at!) };
      }),
    );
    expect(started.sort((a, b) => a.startedAt - b.startedAt).map((s) => s.name)).toEqual([
      'high',
      'normal1',
      'normal2',
      'low',
    ]);
    expect(Object.fromEntries(started.map((s) => [s.name, s.priority]))).toEqual({
      low: 'low',
      normal1: 'normal',
      normal2: 'normal',
      high: 'high',
    });
  });

  it('takes the priority on the upload endpoints too', async () => {
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/import_async?priority=low',
      ...multipart({
        file: {
          filename: 'a.csv',
          content: Buffer.from('Date,Description,Amount\n2024-03-01,Coffee,-3.50\n'),
        },
      }),
    });
    expect(res.statusCode, res.body).toBe(202);
    const view = await taskStatus(ctx.app, user, res.json<{ task_id: string }>().task_id);
    expect(view).toMatchObject({ task_name: 'parse_statement', priority: 'low' });
  });

  it('refuses an unknown priority', async () => {
    const res = await as(
      ctx.app,
      user,
    )({ method: 'POST', url: '/tasks/sleep_demo_async?priority=urgent', payload: { seconds: 0 } });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});
