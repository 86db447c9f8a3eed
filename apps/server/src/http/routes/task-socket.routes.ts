import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Container } from '../../container.js';
import { TaskChannel } from '../../services/task-queue.port.js';
import type { TaskEvent } from '../../services/task-view.js';
import { ErrorCode } from '../../errors.js';
import { watchStreamAccess } from '../stream-access.js';

/**
 * WebSocket `/ws/tasks`: streams every change of every task the caller may see (their own; an admin's
 * whole organization), as `{"type":"task","task":{…status view…}}` messages. Browsers cannot set headers
 * on a WebSocket, so the access token may come as `?access_token=`. When access ends (token expired,
 * member removed) the socket gets `{"type":"access_ended","code":…}` and is closed with code 4401.
 */
export const taskSocketRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  app.addHook('onRequest', app.authenticate);
  app.get('/ws/tasks', { websocket: true, schema: { hide: true } }, (socket, request) => {
    // Closes with 4401 when the token expires or the member is removed (4503 when it cannot be checked).
    const access = watchStreamAccess(app, request, {
      intervalMs: container.config.streamAccessRecheckMs,
      onEnd: (ended) => {
        if (socket.readyState !== socket.OPEN) return;
        socket.send(JSON.stringify({ type: 'access_ended', ...ended }));
        socket.close(ended.code === ErrorCode.SERVICE_UNAVAILABLE ? 4503 : 4401, ended.code);
      },
    });
    const unsubscribe = container.taskQueue.subscribe(TaskChannel.updated, (data) => {
      const event = data as TaskEvent;
      if (socket.readyState === socket.OPEN && container.services.tasks.canSee(access.principal(), event)) {
        socket.send(JSON.stringify({ type: 'task', task: event.task }));
      }
    });
    const stop = () => {
      access.stop();
      unsubscribe();
    };
    // Clients only listen; anything they send is ignored (and bounded by maxPayload).
    socket.on('close', stop);
    socket.on('error', stop);
    socket.send(JSON.stringify({ type: 'ready' }));
  });
};
