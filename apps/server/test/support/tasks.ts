import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TaskView } from '../../src/services/task-view.js';
import { as, type TestUser } from './api.js';

export const BACKENDS = ['postgres', 'redis'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Environment for a test context on one queue backend, with a private Redis key prefix. */
export function backendEnv(backend: Backend, extra: Record<string, string> = {}): Record<string, string> {
  return {
    QUEUE_BACKEND: backend,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `lftest-${randomBytes(4).toString('hex')}`,
    // Tests poll task status many times a second from one address.
    RATE_LIMIT_MAX: '1000000',
    ...extra,
  };
}

/** POSTs `payload` to a task's submit endpoint, expects 202 Accepted, and returns the task id. */
export async function submitTask(app: FastifyInstance, user: TestUser, url: string, payload: object) {
  const res = await as(app, user)({ method: 'POST', url, payload });
  expect(res.statusCode, res.body).toBe(202);
  return res.json<{ task_id: string }>().task_id;
}

/** Waits for the task to finish, expects SUCCESS (showing its error otherwise), and returns its result. */
export async function successResult<T>(
  app: FastifyInstance,
  user: TestUser,
  taskId: string,
  timeoutMs = 60_000,
): Promise<T> {
  const { last } = await waitForTask(app, user, taskId, isFinished, timeoutMs);
  expect(last.status, JSON.stringify(last.error)).toBe('SUCCESS');
  const res = await as(app, user)({ method: 'GET', url: `/tasks/${taskId}/result` });
  return res.json<{ result: T }>().result;
}

export async function submitSleep(
  app: FastifyInstance,
  user: TestUser,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const res = await as(app, user)({ method: 'POST', url: '/tasks/sleep_demo_async', payload: body, headers });
  expect(res.statusCode, res.body).toBe(202);
  const json = res.json<{ task_id: string; status: string }>();
  expect(json.status).toBe('submitted');
  return json.task_id;
}

export async function taskStatus(app: FastifyInstance, user: TestUser, taskId: string): Promise<TaskView> {
  const res = await as(app, user)({ method: 'GET', url: `/tasks/${taskId}/status` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TaskView>();
}

/** Polls the status endpoint until `done(view)`; returns every distinct view seen on the way. */
export async function waitForTask(
  app: FastifyInstance,
  user: TestUser,
  taskId: string,
  done: (view: TaskView) => boolean,
  timeoutMs = 20_000,
): Promise<{ last: TaskView; seen: TaskView[] }> {
  const seen: TaskView[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await taskStatus(app, user, taskId);
    const prev = seen.at(-1);
    if (!prev || prev.status !== view.status || prev.progress_percent !== view.progress_percent)
      seen.push(view);
    if (done(view)) return { last: view, seen };
    if (Date.now() > deadline)
      throw new Error(`task ${taskId} still ${view.status} (${view.progress_message}) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const isFinished = (v: TaskView) => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(v.status);
