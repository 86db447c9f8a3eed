#!/usr/bin/env node
import process from 'node:process';
import type { Logger } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { prepareRuntime, runMigrations, type Runtime } from './runtime.js';

const USAGE = `Usage: ledgerflow <command>

Commands:
  start     API, workers and scheduler in one process (the default)
  api       the HTTP API only
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

async function serve(runtime: Runtime, logger: Logger, stoppers: Stopper[]): Promise<void> {
  await runMigrations(runtime.config, logger);
  const container = createContainer(runtime.config, logger);
  stoppers.push(() => container.close());
  const app = await buildApp(container);
  stoppers.push(() => app.close());
  const address = await app.listen({ host: runtime.config.host, port: runtime.config.port });
  logger.info({ address, docs: `${address}/docs` }, 'ledgerflow API listening');
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'start';
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (!['start', 'api', 'migrate'].includes(command)) {
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
  await serve(runtime, logger, stoppers);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
