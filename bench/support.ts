/**
 * One Ledgerflow service for a benchmark, as `ledgerflow start` runs it (API listening on a free port
 * plus workers in the same process), on a fresh database of BENCH_DATABASE_URL's server, with a
 * registered user. `close()` removes the database and data directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, withOverrides } from '../apps/server/src/config.js';
import { createContainer, type Container, type ResolvedConfig } from '../apps/server/src/container.js';
import { createDatabase } from '../apps/server/src/db/database.js';
import { migrateQueueSchema, migrateToLatest } from '../apps/server/src/db/migrate.js';
import { buildApp } from '../apps/server/src/http/app.js';
import { startWorkers, type WorkerOptions } from '../apps/server/src/jobs/index.js';
import { createLogger } from '../apps/server/src/logger.js';

export const benchServer =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchServer });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchService {
  address: string;
  container: Container;
  token: string;
  userId: string;
  organizationId: string;
  /** fetch() against the service with the user's token. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  /** Polls until the task finishes; returns its final status view. */
  waitForTask(taskId: string, pollMs?: number): Promise<{ status: string; error: unknown }>;
  close(): Promise<void>;
}

/**
 * `env` is added to (and overrides) the bench defaults; `workers` picks the queues (all by default).
 * LOG_LEVEL in the environment raises the log level from `warn`.
 */
export async function startBenchService(
  env: Record<string, string> = {},
  workers: WorkerOptions = {},
): Promise<BenchService> {
  const dbName = `lf_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(benchServer);
  url.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-bench-'));
  const handle = createDatabase(url.toString(), 2);
  await migrateToLatest(handle.db);
  await migrateQueueSchema(handle.pool);
  await handle.close();

  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `lfbench-${randomBytes(3).toString('hex')}`,
    RATE_LIMIT_MAX: '100000000',
    ...env,
  });
  const config = withOverrides(base, { databaseUrl: url.toString() }) as ResolvedConfig;
  const container = createContainer(config, createLogger(config.logLevel, 'bench'));
  const app = await buildApp(container);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const stop = await startWorkers(container, workers);

  const reg = await fetch(`${address}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@example.com',
      password: 'benchmark-password',
      name: 'Bench',
      organization_name: 'Bench',
    }),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const registered = (await reg.json()) as { access_token: string; user_id: string; organization_id: string };
  const token = registered.access_token;
  const api = (pathname: string, init: RequestInit = {}) =>
    fetch(`${address}${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  return {
    address,
    container,
    token,
    userId: registered.user_id,
    organizationId: registered.organization_id,
    api,
    waitForTask: async (taskId, pollMs = 10) => {
      for (;;) {
        const view = (await (await api(`/tasks/${taskId}/status`)).json()) as {
          status: string;
          error: unknown;
        };
        if (['SUCCESS', 'FAILED', 'CANCELLED'].includes(view.status)) return view;
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    close: async () => {
      await app.close();
      await stop(1000);
      await container.close();
      // The queue pool's clients finish closing asynchronously; dropping under them logs their error.
      await new Promise((r) => setTimeout(r, 500));
      await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
