import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Container } from '../../container.js';
import { TaskChannel } from '../../services/task-queue.port.js';
import type { TaskEvent } from '../../services/task-view.js';
import { principalOf } from '../plugins/auth.js';

/**
 * WebSocket `/ws/tasks`: streams every change of every task the caller may see (their own; an admin's
 * whole organization), as `{"type":"task","task":{…status view…}}` messages. Browsers cannot set headers
 * on a WebSocket, so the access token may come as `?access_token=`.
 */
export const taskSocketRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  app.addHook('onRequest', app.authenticate);
  app.get('/ws/tasks', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const principal = principalOf(request);
    const unsubscribe = container.taskQueue.subscribe(TaskChannel.updated, (data) => {
      const event = data as TaskEvent;
      if (socket.readyState === socket.OPEN && container.services.tasks.canSee(principal, event)) {
        socket.send(JSON.stringify({ type: 'task', task: event.task }));
      }
    });
    // Clients only listen; anything they send is ignored (and bounded by maxPayload).
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
    socket.send(JSON.stringify({ type: 'ready' }));
  });
};
