import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Container } from '../container.js';
import { authPlugin } from './plugins/auth.js';
import { registerDocs } from './plugins/docs.js';
import { registerErrorHandling } from './plugins/errors.js';
import { rejectNulBytes } from './plugins/input-hygiene.js';
import { registerQueueDashboard } from './plugins/queue-dashboard.js';
import { registerSecurity } from './plugins/security.js';
import { registerWebApp } from './plugins/web-app.js';
import { sendProblem } from './problem.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { categorizationRoutes } from './routes/categorization.routes.js';
import { categoryRoutes } from './routes/category.routes.js';
import { fileRoutes } from './routes/file.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { invoiceRoutes } from './routes/invoice.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { organizationRoutes } from './routes/organization.routes.js';
import { statementRoutes } from './routes/statement.routes.js';
import { reportScheduleRoutes } from './routes/report-schedule.routes.js';
import { reportRoutes } from './routes/report.routes.js';
import { ruleRoutes } from './routes/rule.routes.js';
import { taskSocketRoutes } from './routes/task-socket.routes.js';
import { taskRoutes } from './routes/task.routes.js';
import { transactionRoutes } from './routes/transaction.routes.js';
import { webhookRoutes } from './routes/webhook.routes.js';

export const API_VERSION = '0.1.0';

/** A client may pass its own request id for tracing; anything odd is replaced by ours. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Builds the HTTP app on a container. Does not listen; `main.ts` does, tests use `app.inject()`. */
export async function buildApp(container: Container): Promise<FastifyInstance> {
  const { config } = container;
  const app = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: container.logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: false, // genReqId reads and vets the client's x-request-id itself
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    return503OnClosing: true,
    // 10 s to send headers and 60 s per request stop slow-loris clients from holding sockets.
    requestTimeout: 60_000,
    connectionTimeout: 10_000,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before routing (bad URL encoding, over-long parameters) become problems too.
    frameworkErrors: (error, request, reply) => {
      const status = error.statusCode ?? 400;
      sendProblem(request, reply, status, status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', error.message);
    },
    ajv: {
      customOptions: {
        removeAdditional: true, // unknown fields are stripped (schemas say additionalProperties: false)
        useDefaults: true,
        coerceTypes: 'array',
        allErrors: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  rejectNulBytes(app);
  await registerSecurity(app, {
    corsOrigins: config.corsOrigins,
    rateLimit: config.rateLimit,
    redis: container.redis,
    namespace: config.queuePrefix,
  });
  await registerDocs(app, API_VERSION);
  // Clients only listen on sockets; 4 KiB bounds anything they send.
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(authPlugin, { auth: container.services.auth, perUserLimit: config.rateLimit });

  await app.register(healthRoutes, { checks: container.checks });
  await app.register(metricsRoutes, { container });
  await app.register(authRoutes, { container });
  await app.register(organizationRoutes, { container });
  await app.register(auditRoutes, { container });
  await app.register(fileRoutes, { container });
  await app.register(taskRoutes, { container });
  await app.register(statementRoutes, { container });
  await app.register(transactionRoutes, { container });
  await app.register(invoiceRoutes, { container });
  await app.register(reportRoutes, { container });
  await app.register(reportScheduleRoutes, { container });
  await app.register(webhookRoutes, { container });
  await app.register(taskSocketRoutes, { container });
  await app.register(categoryRoutes, { container });
  await app.register(ruleRoutes, { container });
  await app.register(categorizationRoutes, { container });
  await registerQueueDashboard(app, container);
  await registerWebApp(app);
  return app;
}
