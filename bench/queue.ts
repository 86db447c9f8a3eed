/**
 * Queue benchmark: pushes no-op `sleep_demo` tasks (10 progress reports each) through the real path —
 * HTTP submit, task row, job, worker, progress, result — on each backend, in one process like
 * `ledgerflow start`. Prints submitted/s, completed/s and submit-to-start latency when not backlogged.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/queue.ts [N] [postgres|redis]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, withOverrides } from '../apps/server/src/config.js';
import { createContainer, type ResolvedConfig } from '../apps/server/src/container.js';
import { createDatabase } from '../apps/server/src/db/database.js';
import { migrateQueueSchema, migrateToLatest } from '../apps/server/src/db/migrate.js';
import { buildApp } from '../apps/server/src/http/app.js';
import { startWorkers } from '../apps/server/src/jobs/index.js';
import { createLogger } from '../apps/server/src/logger.js';

const N = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 64;
const server =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function run(backend: 'postgres' | 'redis') {
  const dbName = `lf_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-bench-'));
  const handle = createDatabase(url.toString(), 2);
  await migrateToLatest(handle.db);
  await migrateQueueSchema(handle.pool);
  await handle.close();

  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    QUEUE_BACKEND: backend,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `lfbench-${randomBytes(3).toString('hex')}`,
    RATE_LIMIT_MAX: '100000000',
    WORKER_CONCURRENCY: '32',
    DATABASE_POOL_SIZE: '20',
  });
  const config = withOverrides(base, { databaseUrl: url.toString() }) as ResolvedConfig;
  const container = createContainer(config, createLogger('warn', 'bench'));
  const app = await buildApp(container);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const stop = await startWorkers(container);

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
  const { access_token: token } = (await reg.json()) as { access_token: string };
  const submit = async () => {
    const res = await fetch(`${address}/tasks/sleep_demo_async`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ seconds: 0, steps: 10 }),
    });
    if (res.status !== 202) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { task_id: string }).task_id;
  };
  const db = container.database.pool;
  const waitAllDone = async (count: number) => {
    for (;;) {
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from tasks where status in ('SUCCESS','FAILED')",
      );
      if ((rows[0]?.n ?? 0) >= count) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  // Warm-up: connections, JIT, prepared plans.
  await Promise.all(Array.from({ length: 50 }, submit));
  await waitAllDone(50);

  // Throughput: N tasks submitted by 64 concurrent clients.
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < N) await submit();
    }),
  );
  const submitted = performance.now();
  await waitAllDone(50 + N);
  const completed = performance.now();
  const { rows: failed } = await db.query<{ n: number }>(
    "select count(*)::int as n from tasks where status <> 'SUCCESS'",
  );

  // Latency on an idle queue: one task at a time.
  const latencies: number[] = [];
  for (let i = 0; i < 200; i++) {
    const id = await submit();
    for (;;) {
      const { rows } = await db.query<{ ms: number | null; status: string }>(
        'select extract(epoch from (started_at - created_at)) * 1000 as ms, status from tasks where id = $1',
        [id],
      );
      if (rows[0]?.status === 'SUCCESS') {
        latencies.push(Number(rows[0].ms));
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  await app.close();
  await stop(1000);
  await container.close();
  await admin(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await rm(dataDir, { recursive: true, force: true });
  return {
    backend,
    tasks: N,
    'submitted/s': Math.round(N / ((submitted - t0) / 1000)),
    'completed/s': Math.round(N / ((completed - t0) / 1000)),
    'not SUCCESS': failed[0]?.n ?? 0,
    'start p50 ms': Number(percentile(latencies, 50).toFixed(1)),
    'start p99 ms': Number(percentile(latencies, 99).toFixed(1)),
  };
}

const results = [];
const only = process.argv[3];
for (const backend of ['postgres', 'redis'] as const)
  if (!only || only === backend) results.push(await run(backend));
console.table(results);
process.exit(0);
