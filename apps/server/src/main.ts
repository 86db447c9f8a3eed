#!/usr/bin/env node
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { createContainer, type Container } from './container.js';
import { isQueueName, type QueueName } from './domain/tasks.js';
import { startWorkers } from './jobs/index.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { prepareRuntime, runMigrations, type Runtime } from './runtime.js';
import { reportToSupervisor, WorkerSupervisor } from './supervisor.js';

const USAGE = `Usage: ledgerflow <command>

Commands:
  start     API, workers and scheduler (the default): workers in WORKERS processes (one per
            core by default), supervised by this one; WORKERS=0 runs them in the API process
  api       the HTTP API only
  worker    workers only: worker [--queues pdf_processing,reports] [--concurrency 4]
  migrate   apply database migrations and exit

Configuration comes from the environment (and a .env file); see .env.example.`;

type Stopper = () => Promise<void>;

/** Stops everything in reverse order on SIGINT/SIGTERM; a second signal exits at once. */
function onShutdown(logger: Logger, stoppers: Stopper[]): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      for (const stop of [...stoppers].reverse()) {
        try {
          await stop();
        } catch (err) {
          logger.error({ err }, 'error while shutting down');
        }
      }
      logger.info('stopped');
      process.exit(0);
    })();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

interface WorkerFlags {
  queues: QueueName[] | undefined;
  concurrency: number | undefined;
}

function parseWorkerFlags(args: string[]): WorkerFlags {
  const flags: WorkerFlags = { queues: undefined, concurrency: undefined };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = (args[i] ?? '').split('=', 2);
    const value = inline ?? args[++i];
    if (name === '--queues' && value) {
      const queues = value
        .split(',')
        .map((q) => q.trim())
        .filter(Boolean);
      const unknown = queues.filter((q) => !isQueueName(q));
      if (unknown.length > 0) throw new Error(`Unknown queue(s): ${unknown.join(', ')}`);
      flags.queues = queues as QueueName[];
    } else if (name === '--concurrency' && value && /^[1-9]\d*$/.test(value)) {
      flags.concurrency = Number(value);
    } else {
      throw new Error(`Unknown or invalid option: ${args[i] ?? ''}\n\n${USAGE}`);
    }
  }
  return flags;
}

async function serveApi(container: Container, stoppers: Stopper[]): Promise<void> {
  const app = await buildApp(container);
  // Stopped first (stoppers run in reverse): no new requests while workers drain.
  stoppers.push(() => app.close());
  const address = await app.listen({ host: container.config.host, port: container.config.port });
  container.logger.info({ address, docs: `${address}/docs` }, 'ledgerflow API listening');
}

async function run(
  command: string,
  flags: WorkerFlags,
  runtime: Runtime,
  logger: Logger,
  stoppers: Stopper[],
): Promise<void> {
  await runMigrations(runtime.config, logger);
  const container = createContainer(runtime.config, logger);
  stoppers.push(() => container.close());
  const supervised = command === 'start' && runtime.config.workers > 0;
  if (command === 'worker' || (command === 'start' && !supervised)) {
    const stopWorkers = await startWorkers(container, flags);
    stoppers.push(() => stopWorkers());
    if (command === 'worker') reportToSupervisor();
  }
  if (supervised) {
    const supervisor = new WorkerSupervisor({
      count: runtime.config.workers,
      script: fileURLToPath(import.meta.url),
      args: ['worker'],
      // The workers join the database this process resolved (embedded or not) with the same secret.
      env: { ...process.env, DATABASE_URL: runtime.config.databaseUrl, JWT_SECRET: runtime.config.jwtSecret },
      graceMs: runtime.config.shutdownGraceMs,
      logger: logger.child({ component: 'supervisor' }),
    });
    // Stopped after the API (stoppers run in reverse) and before the database.
    stoppers.push(() => supervisor.stop());
    void supervisor.start();
  }
  if (command === 'start' || command === 'api') await serveApi(container, stoppers);
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'start';
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (!['start', 'api', 'worker', 'migrate'].includes(command)) {
    console.error(`Unknown command: ${command}\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    process.loadEnvFile?.();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  let flags: WorkerFlags;
  try {
    flags = parseWorkerFlags(command === 'worker' ? argv.slice(1) : []);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const stoppers: Stopper[] = [];
  onShutdown(logger, stoppers);
  const runtime = await prepareRuntime(config, logger);
  stoppers.push(() => runtime.stop());

  if (command === 'migrate') {
    await runMigrations(runtime.config, logger);
    await runtime.stop();
    process.exit(0);
  }
  await run(command, flags, runtime, logger, stoppers);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
