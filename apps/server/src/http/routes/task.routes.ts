import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdempotencyHeaders,
  Page,
  SleepDemoBody,
  TaskCancelView,
  TaskListQuery,
  TaskParams,
  TaskResultView,
  TaskStatusView,
  TaskSubmitted,
  SubmitQuery,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { FINISHED_STATUSES } from '../../domain/tasks.js';
import { TaskChannel } from '../../services/task-queue.port.js';
import { taskView, type TaskEvent } from '../../services/task-view.js';
import { principalOf } from '../plugins/auth.js';
import { watchStreamAccess } from '../stream-access.js';
import { bearer, problemResponses } from '../schemas.js';

/** The task API of the original system (status, result, cancel), plus history and live events. */
export const taskRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { tasks } = container.services;
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/tasks/sleep_demo_async',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Submit the demonstration task (sleeps in steps; can fail on purpose)',
        security: bearer,
        headers: IdempotencyHeaders,
        querystring: SubmitQuery,
        body: SleepDemoBody,
        response: { 202: TaskSubmitted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = await tasks.submit(
        principalOf(request),
        'sleep_demo',
        request.body,
        request.headers['idempotency-key'],
        undefined,
        request.query.priority,
      );
      return reply.code(202).send({ task_id: row.id, status: 'submitted' as const });
    },
  );

  app.get(
    '/tasks/:task_id/status',
    {
      schema: {
        tags: ['tasks'],
        summary: "A task's status and progress",
        security: bearer,
        params: TaskParams,
        response: { 200: TaskStatusView, ...problemResponses },
      },
    },
    async (request) => taskView(await tasks.get(principalOf(request), request.params.task_id)),
  );

  app.get(
    '/tasks/:task_id/result',
    {
      schema: {
        tags: ['tasks'],
        summary: "A finished task's result (409 while running, 410 once expired or deleted)",
        security: bearer,
        params: TaskParams,
        response: { 200: TaskResultView, ...problemResponses },
      },
    },
    async (request) => {
      const outcome = await tasks.result(principalOf(request), request.params.task_id);
      const view = taskView(outcome.row);
      return {
        task_id: view.task_id,
        status: view.status,
        result: outcome.kind === 'finished' ? outcome.result : null,
        error: view.error,
      };
    },
  );

  app.delete(
    '/tasks/:task_id',
    {
      schema: {
        tags: ['tasks'],
        summary: "Cancel a pending or running task, or delete a finished task's result",
        security: bearer,
        params: TaskParams,
        response: { 200: TaskCancelView, 202: TaskCancelView, ...problemResponses },
      },
    },
    async (request, reply) => {
      const outcome = await tasks.cancel(principalOf(request), request.params.task_id);
      const base = { task_id: outcome.row.id, status: outcome.row.status };
      if (outcome.kind === 'result_deleted') return { ...base, message: 'Task result deleted' };
      if (outcome.kind === 'cancelled') return { ...base, message: 'Task cancelled' };
      return reply
        .code(202)
        .send({ ...base, message: 'Cancellation requested; the task stops within seconds' });
    },
  );

  app.get(
    '/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Your tasks, newest first',
        security: bearer,
        querystring: TaskListQuery,
        response: { 200: Page(TaskStatusView), ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const { items, total } = await tasks.list(principalOf(request), {
        status: q.status,
        type: q.type,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        all: q.all,
        limit,
        offset,
      });
      return { items: items.map(taskView), total, limit, offset };
    },
  );

  app.get(
    '/tasks/:task_id/events',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Server-Sent Events: every progress and status change until the task ends',
        description:
          'EventSource cannot send headers, so this route also accepts `?access_token=`. The stream ' +
          're-checks the token and membership every STREAM_ACCESS_RECHECK_SECONDS (5 s) and ends with ' +
          'an `access_ended` event ({code, message}) once they no longer grant access.',
        security: bearer,
        params: TaskParams,
        response: {
          200: Type.Unsafe<string>({
            description: 'text/event-stream of `task` events (TaskStatusView)',
            type: 'string',
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const taskId = request.params.task_id;
      const buffered: TaskEvent[] = [];
      let streaming = false;
      // Subscribe before reading the current state, so no change between the two is lost.
      const unsubscribe = container.taskQueue.subscribe(TaskChannel.updated, (data) => {
        const event = data as TaskEvent;
        if (event.task.task_id !== taskId) return;
        if (!streaming) buffered.push(event);
        else if (!res.writableEnded && tasks.canSee(access.principal(), event)) send(event.task);
      });
      let row;
      try {
        row = await tasks.get(principal, taskId);
      } catch (error) {
        unsubscribe();
        throw error;
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      let lastUpdate = '';
      const send = (view: ReturnType<typeof taskView>) => {
        // Broadcasts may arrive out of order across processes; never move a client backwards.
        if (view.updated_at < lastUpdate && !FINISHED_STATUSES.includes(view.status)) return;
        lastUpdate = view.updated_at;
        res.write(`event: task\ndata: ${JSON.stringify(view)}\n\n`);
        if (FINISHED_STATUSES.includes(view.status)) close();
      };
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      // Removed members and expired tokens lose the stream too, not only new requests.
      const access = watchStreamAccess(app, request, {
        intervalMs: container.config.streamAccessRecheckMs,
        onEnd: (ended) => {
          if (!res.writableEnded) res.write(`event: access_ended\ndata: ${JSON.stringify(ended)}\n\n`);
          close();
        },
      });
      const close = () => {
        clearInterval(heartbeat);
        access.stop();
        unsubscribe();
        if (!res.writableEnded) res.end();
      };
      request.raw.on('close', close);
      send(taskView(row));
      for (const event of buffered) if (!res.writableEnded) send(event.task);
      streaming = true;
    },
  );
};
