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
import { StartupError } from './startup-error.js';
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

/**
 * Stops everything in reverse order on SIGINT/SIGTERM. A Ctrl-C in a terminal reaches every process of
 * the foreground group, and `npm start` forwards it to us as well, so a second signal within a moment is
 * the same keypress; a later one exits at once.
 */
function onShutdown(logger: Logger, stoppers: Stopper[]): void {
  let firstSignalAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < SAME_KEYPRESS_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'shutting down (press Ctrl-C again to stop at once)');
    void stopAll(logger, stoppers).then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler); // the terminal closed
}

const SAME_KEYPRESS_MS = 1500;

async function stopAll(logger: Logger, stoppers: Stopper[]): Promise<void> {
  for (const stop of stoppers.splice(0).reverse()) {
    try {
      await stop();
    } catch (err) {
      logger.error({ err }, 'error while shutting down');
    }
  }
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
  const { host, port } = container.config;
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    throw listenError(error, host, port);
  }
  const ready = `Ledgerflow is ready on ${address} — docs at /docs`;
  const pretty = container.config.logFormat === 'pretty';
  container.logger.info(pretty ? {} : { address, docs: `${address}/docs` }, ready);
  // JSON lines in a terminal bury the address; say it plainly too.
  if (process.stdout.isTTY && !pretty) console.log(ready);
}

function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${port} on ${host} is already in use (is Ledgerflow already running?). ` +
        `Stop the other program, or choose another port with the PORT variable, e.g. PORT=${port === 65535 ? 8001 : port + 1} npm start.`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(`Port ${port} needs privileges; set PORT to a port above 1023.`);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new StartupError(
      `HOST=${host} is not an address of this machine; set HOST to 127.0.0.1 or 0.0.0.0 (every interface).`,
    );
  }
  return error;
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
    // The stopper is in place before the workers finish starting: a signal during the start waits for
    // it and then closes them, rather than closing the database under workers that go on polling.
    const started = startWorkers(container, flags);
    stoppers.push(async () => {
      const stopWorkers = await started.catch(() => undefined);
      await stopWorkers?.();
    });
    await started;
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
  const logger = createLogger(config.logLevel, 'ledgerflow', config.logFormat);
  const stoppers: Stopper[] = [];
  onShutdown(logger, stoppers);
  try {
    const runtime = await prepareRuntime(config, logger);
    stoppers.push(() => runtime.stop());
    if (command === 'migrate') {
      await runMigrations(runtime.config, logger);
      await stopAll(logger, stoppers);
      process.exit(0);
    }
    await run(command, flags, runtime, logger, stoppers);
  } catch (error) {
    // Stop what did start (the embedded PostgreSQL) before saying why we cannot go on.
    await stopAll(logger, stoppers);
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`Ledgerflow cannot start: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
