import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../container.js';
import { QUEUES } from '../../domain/tasks.js';
import { ErrorCode } from '../../errors.js';
import { sendProblem } from '../problem.js';

const BASE_PATH = '/admin/queues';

function credentialsMatch(header: string | undefined, password: string): boolean {
  const expected = Buffer.from(`Basic ${Buffer.from(`operator:${password}`).toString('base64')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Bull Board at /admin/queues, for operators of the deployment: it shows every organization's jobs, so
 * it is not behind user accounts but behind its own credential (HTTP Basic, user `operator`, password
 * OPERATOR_PASSWORD). Without OPERATOR_PASSWORD it is not served: a 404 says how to enable it.
 */
export async function registerQueueDashboard(app: FastifyInstance, container: Container): Promise<void> {
  const password = container.config.operatorPassword;
  if (!password) {
    // Still a 404 (nothing is served), but one that says how to turn it on.
    const off = { schema: { hide: true }, config: { rateLimit: false } } as const;
    const answer = (request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(
        request,
        reply,
        404,
        ErrorCode.NOT_FOUND,
        'The queue dashboard is off. Set OPERATOR_PASSWORD (12+ characters) and restart; then sign in ' +
          'with HTTP Basic user "operator" and that password.',
      );
    app.get(BASE_PATH, off, answer);
    app.get(`${BASE_PATH}/*`, off, answer);
    return;
  }
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BASE_PATH);
  createBullBoard({
    queues: QUEUES.map(
      (name) => new BullMQAdapter(container.taskQueue.queue(name) as never, { readOnlyMode: false }),
    ),
    serverAdapter,
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!credentialsMatch(request.headers.authorization, password)) {
        // Answered here rather than thrown: Bull Board installs its own error handler in its scope.
        reply.header('www-authenticate', 'Basic realm="ledgerflow-operators", charset="UTF-8"');
        return sendProblem(request, reply, 401, ErrorCode.UNAUTHENTICATED, 'Operator credentials required');
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BASE_PATH });
  });
}
