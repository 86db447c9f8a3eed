import path from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { createMetrics, type Metrics } from './adapters/metrics.js';
import { BullJobSchedulers, BullTaskQueue, createQueueBackend } from './adapters/queue/index.js';
import { createFileStorage, type FileStorage } from './adapters/storage/index.js';
import { allowList } from './adapters/webhooks/address-guard.js';
import { WebhookSender } from './adapters/webhooks/sender.js';
import type { Config } from './config.js';
import { QUEUES } from './domain/tasks.js';
import { createCsvPreviewer } from './jobs/child/csv-previewer.js';
import { createDatabase, type DatabaseHandle } from './db/database.js';
import { createPoolRepositories, createTransactor, type Repositories } from './repositories/index.js';
import { AccessTokens } from './services/access-tokens.js';
import { AuditService } from './services/audit.service.js';
import { AccessCache } from './services/access-cache.js';
import { AuthService } from './services/auth.service.js';
import { CategorizationService } from './services/categorization.service.js';
import { CategoryService } from './services/category.service.js';
import { FileService } from './services/file.service.js';
import { InvoiceService } from './services/invoice.service.js';
import { OrganizationService } from './services/organization.service.js';
import { StatementService } from './services/statement.service.js';
import { SecretBox } from './services/secret-box.js';
import { ReportGenerationService } from './services/report-generation.service.js';
import { ReportScheduleService } from './services/report-schedule.service.js';
import { ReportService } from './services/report.service.js';
import { RuleService } from './services/rule.service.js';
import { TaskLifecycleService } from './services/task-lifecycle.service.js';
import { TaskService } from './services/task.service.js';
import { WebhookService } from './services/webhook.service.js';

/** A Config whose database and secret are known (after the embedded database and secrets are resolved). */
export type ResolvedConfig = Config & { databaseUrl: string; jwtSecret: string };

export interface Container {
  config: ResolvedConfig;
  logger: Logger;
  database: DatabaseHandle;
  repos: Repositories;
  storage: FileStorage;
  /** Shared Redis connection for rate limits and caches, when REDIS_URL is set. */
  redis: Redis | undefined;
  taskQueue: BullTaskQueue;
  metrics: Metrics;
  /** Seals secrets (PDF passwords) while they wait in task payloads. */
  sealer: SecretBox;
  services: {
    auth: AuthService;
    organizations: OrganizationService;
    audit: AuditService;
    files: FileService;
    statements: StatementService;
    invoices: InvoiceService;
    tasks: TaskService;
    taskLifecycle: TaskLifecycleService;
    reports: ReportService;
    reportGeneration: ReportGenerationService;
    reportSchedules: ReportScheduleService;
    categories: CategoryService;
    rules: RuleService;
    categorization: CategorizationService;
    webhooks: WebhookService;
  };
  checks: {
    database(): Promise<void>;
    storage(): Promise<void>;
    queue(): Promise<void>;
  };
  close(): Promise<void>;
}

/** The composition root: every long-lived object is built here, once, and closed in reverse order. */
export function createContainer(config: ResolvedConfig, logger: Logger): Container {
  const database = createDatabase(config.databaseUrl, config.databasePoolSize);
  const repos = createPoolRepositories(database.db, database.pool);
  const transaction = createTransactor(database.pool);
  const storage = createFileStorage(config.storageUrl);
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        lazyConnect: false,
        maxRetriesPerRequest: 1,
        // A Redis that hangs (frozen, a network partition) must not hang requests: rate-limit counts
        // fail after 500 ms and the limiter lets the request through (security.ts, skipOnError). 250 ms
        // tripped on a healthy Redis with the 2-core machine at load 10.
        commandTimeout: 500,
      })
    : undefined;
  redis?.on('error', (err) => logger.warn({ err }, 'redis connection error'));

  const queueBackend = createQueueBackend({
    kind: config.queueBackend,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    namespace: config.queuePrefix,
    poolSize: Math.max(10, config.workerConcurrency + 6),
  });
  // Finished jobs are bookkeeping only; the tasks table keeps the record and the result.
  const taskQueue = new BullTaskQueue(queueBackend, {
    completedAgeSeconds: 3600,
    failedAgeSeconds: 7 * 86_400,
  });
  const metrics = createMetrics(() =>
    Promise.all(QUEUES.map(async (queue) => ({ queue, counts: await taskQueue.counts(queue) }))),
  );
  const tasks = new TaskService({
    repos,
    queue: taskQueue,
    policy: { maxRetries: config.tasks.maxRetries, retryDelayMs: config.tasks.retryDelayMs },
    logger,
  });
  const taskLifecycle = new TaskLifecycleService({
    repos,
    queue: taskQueue,
    tasks,
    resultTtlSeconds: config.tasks.resultTtlSeconds,
    logger,
  });

  const accessTokens = new AccessTokens(config.jwtSecret, config.accessTokenTtl);
  const accessCache = new AccessCache(config.accessCacheMs, taskQueue);
  const auth = new AuthService({
    repos,
    transaction,
    accessTokens,
    refreshTokenTtlSeconds: config.refreshTokenTtl,
    accessCache,
  });
  const sealer = new SecretBox(config.jwtSecret);
  const files = new FileService({
    repos,
    storage,
    tempDir: path.join(config.dataDir, 'tmp'),
    maxUploadBytes: config.uploadMaxBytes,
  });
  const csvPreviewer = createCsvPreviewer();
  const rules = new RuleService({ repos, transaction });
  const categorization = new CategorizationService({ repos, transaction, tasks, rules });
  const services = {
    auth,
    organizations: new OrganizationService({
      repos,
      transaction,
      auth,
      invitationTtlSeconds: config.invitationTtl,
    }),
    audit: new AuditService({ repos }),
    files,
    invoices: new InvoiceService({
      repos,
      transaction,
      files,
      tasks,
      storage,
      secrets: sealer,
    }),
    tasks,
    taskLifecycle,
    reports: new ReportService({ repos, storage, tasks }),
    reportGeneration: new ReportGenerationService({
      repos,
      storage,
      tempDir: path.join(config.dataDir, 'tmp'),
      resultTtlSeconds: config.tasks.resultTtlSeconds,
    }),
    reportSchedules: new ReportScheduleService({
      repos,
      schedulers: new BullJobSchedulers(taskQueue),
      tasks,
    }),
    categories: new CategoryService({ repos, transaction }),
    rules,
    categorization,
    webhooks: new WebhookService({
      repos,
      secrets: sealer,
      sender: new WebhookSender(allowList(config.webhookAllowedNetworks)),
      logger: logger.child({ component: 'webhooks' }),
    }),
    statements: new StatementService({
      repos,
      transaction,
      files,
      tasks,
      sealer,
      categorize: (organizationId, statementId) =>
        categorization.categorizeNewTransactions(organizationId, statementId),
      csvPreviewer,
    }),
  };

  return {
    config,
    logger,
    database,
    repos,
    storage,
    redis,
    taskQueue,
    metrics,
    sealer,
    services,
    checks: {
      database: async () => {
        await sql`select 1`.execute(database.db);
      },
      storage: () => storage.check(),
      queue: async () => {
        await taskQueue.counts('default');
      },
    },
    close: async () => {
      accessCache.close();
      await csvPreviewer.close();
      await taskQueue.close();
      await redis?.quit().catch(() => undefined);
      await database.close();
    },
  };
}
