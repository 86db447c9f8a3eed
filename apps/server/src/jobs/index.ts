import type { Container } from '../container.js';
import { QUEUES, type QueueName } from '../domain/tasks.js';
import { bulkCategorizeTask } from './handlers/bulk-categorize.js';
import { cleanupTask } from './handlers/cleanup.js';
import { parseStatementTask } from './handlers/parse-statement.js';
import { extractInvoiceTask } from './handlers/extract-invoice.js';
import { generateReportTask } from './handlers/generate-report.js';
import { runReportScheduleTask } from './handlers/run-report-schedule.js';
import { sleepDemoTask } from './handlers/sleep-demo.js';
import { JobRegistry, type TaskDefinition } from './registry.js';
import { TaskWorker } from './worker.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

export function createJobRegistry(container: Container): JobRegistry {
  const { services, config } = container;
  const ocr = config.ocr.enabled ? { languages: [...config.ocr.languages] } : undefined;
  return new JobRegistry([
    sleepDemoTask,
    cleanupTask(services.taskLifecycle, services.reports, services.webhooks),
    parseStatementTask({
      files: services.files,
      statements: services.statements,
      sealer: container.sealer,
      pdfMaxPages: config.pdfMaxPages,
      ocr,
    }),
    extractInvoiceTask(services.invoices, ocr),
    generateReportTask(services.reportGeneration),
    runReportScheduleTask(services.reportSchedules),
    bulkCategorizeTask(services.categorization),
  ] as TaskDefinition[]);
}

/** Webhook deliveries in flight at once per worker process. */
const WEBHOOK_CONCURRENCY = 8;

export interface WorkerOptions {
  queues?: readonly QueueName[] | undefined;
  concurrency?: number | undefined;
  /** How often the sweeper looks for PENDING tasks whose job went missing (ms). */
  sweepIntervalMs?: number | undefined;
  /** How often the webhook sender looks for due deliveries (ms; default 1000). */
  webhookPollMs?: number | undefined;
}

/**
 * Starts workers for the given queues (all by default), the sweeper, and — on the process that serves
 * the `default` queue — the daily cleanup schedule and the webhook sender. Returns the stop function.
 */
export async function startWorkers(
  container: Container,
  options: WorkerOptions = {},
): Promise<(graceMs?: number) => Promise<void>> {
  const { config, logger } = container;
  const queues = options.queues ?? QUEUES;
  const worker = new TaskWorker(
    {
      backend: container.taskQueue.backend,
      queue: container.taskQueue,
      registry: createJobRegistry(container),
      lifecycle: container.services.taskLifecycle,
      metrics: container.metrics,
      logger: logger.child({ component: 'worker' }),
    },
    {
      queues,
      concurrency: options.concurrency ?? config.workerConcurrency,
      retryDelayMs: config.tasks.retryDelayMs,
      softTimeLimitMs: config.tasks.softTimeLimitMs,
      hardTimeLimitMs: config.tasks.hardTimeLimitMs,
      progressThrottleMs: config.tasks.progressThrottleMs,
      lockDurationMs: config.tasks.lockDurationMs,
      maxTasksPerChild: config.tasks.maxTasksPerChild,
      childMemoryMb: config.tasks.childMemoryMb,
    },
  );
  await worker.start();

  if (queues.includes('default')) {
    // Upserting is idempotent: every process that serves `default` may do it; one schedule exists.
    await container.taskQueue.queue('default').upsertJobScheduler(
      'cleanup_expired_results',
      { pattern: config.tasks.cleanupCron },
      {
        name: 'cleanup_expired_results',
        data: { system: true },
        opts: { removeOnComplete: 50, removeOnFail: 50 },
      },
    );
  }

  let webhooks: WebhookDispatcher | undefined;
  if (queues.includes('default')) {
    webhooks = new WebhookDispatcher(container.services.webhooks, logger.child({ component: 'webhooks' }), {
      pollMs: options.webhookPollMs ?? 1000,
      concurrency: WEBHOOK_CONCURRENCY,
    });
    webhooks.start();
  }

  if (queues.includes('reports')) {
    // Schedules live in the database; their job schedulers are re-created in case the queue lost them.
    await container.services.reportSchedules.syncAll();
  }

  const sweepEvery = options.sweepIntervalMs ?? 30_000;
  const sweeper = setInterval(() => {
    container.services.taskLifecycle
      .sweep(Math.max(sweepEvery, 10_000))
      .catch((err: unknown) => logger.warn({ err }, 'sweep failed'));
  }, sweepEvery);
  sweeper.unref();

  return async (graceMs = config.shutdownGraceMs) => {
    clearInterval(sweeper);
    await Promise.all([worker.close(graceMs), webhooks?.stop()]);
  };
}
