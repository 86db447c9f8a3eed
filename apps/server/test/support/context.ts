import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { loadConfig, withOverrides, type Config } from '../../src/config.js';
import { createContainer, type Container, type ResolvedConfig } from '../../src/container.js';
import { buildApp } from '../../src/http/app.js';
import { startWorkers, type WorkerOptions } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { cloneTemplate, databaseUrl, dropDatabase } from './postgres.js';

export interface TestContext {
  container: Container;
  app: FastifyInstance;
  config: ResolvedConfig;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A fresh database (cloned from the migrated template), a temporary data directory and the real app
 * built on them. Call once per test file (beforeAll) and `close()` afterwards.
 */
export async function createTestContext(
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
  /** Rewrites the URL the app connects with (through a test proxy, for outages); cleanup uses the real one. */
  routeDatabase: (url: string) => string = (url) => url,
): Promise<TestContext> {
  const serverUrl = inject('postgresServerUrl');
  const database = await cloneTemplate(serverUrl, inject('templateDatabase'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-test-'));
  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ...env,
  });
  const config = withOverrides(base, {
    databaseUrl: routeDatabase(databaseUrl(serverUrl, database)),
    ...overrides,
  }) as ResolvedConfig;
  const container = createContainer(config, createLogger(config.logLevel, 'test'));
  const app = await buildApp(container);
  await app.ready();
  return {
    container,
    app,
    config,
    dataDir,
    close: async () => {
      await app.close();
      await container.close();
      await dropDatabase(serverUrl, database);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test context whose process also runs workers (as `ledgerflow start` does), on the queues of
 * `workers` (all by default), with the sweeper every second. `close()` stops the workers first, giving
 * running jobs a second to finish.
 */
export async function createWorkerTestContext(
  env: Record<string, string> = {},
  workers: WorkerOptions = {},
  routeDatabase?: (url: string) => string,
): Promise<TestContext> {
  const ctx = await createTestContext(env, {}, routeDatabase);
  const stop = await startWorkers(ctx.container, { sweepIntervalMs: 1000, ...workers });
  return {
    ...ctx,
    close: async () => {
      await stop(1000);
      await ctx.close();
    },
  };
}
