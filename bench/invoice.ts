/**
 * Invoice extraction end to end through the job, per 2-page invoice: HTTP multipart upload to
 * `POST /invoices/extract_async` (file stored, task row, job), a worker picking it up, the PDF read in
 * the worker's child process (pdf.js + extractInvoice), the invoice row saved with duplicate detection,
 * and the task's SUCCESS. Goal (issue 8): under 200 ms per 2-page invoice end to end.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/invoice.ts [N] [postgres|redis]
 *
 * Invoices go one at a time (latency, not throughput), after two warm-up invoices (the child process
 * starts and pdf.js compiles on first use). "submit → done" is timed from the upload request until the
 * SUCCESS broadcast arrives; "in the worker" is the task's started_at → finished_at.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig, withOverrides } from '../apps/server/src/config.js';
import { createContainer, type ResolvedConfig } from '../apps/server/src/container.js';
import { createDatabase } from '../apps/server/src/db/database.js';
import { migrateQueueSchema, migrateToLatest } from '../apps/server/src/db/migrate.js';
import { INVOICE_LANGUAGES } from '../apps/server/src/domain/invoices/index.js';
import { buildApp } from '../apps/server/src/http/app.js';
import { startWorkers } from '../apps/server/src/jobs/index.js';
import { createLogger } from '../apps/server/src/logger.js';
import type { TaskEvent } from '../apps/server/src/services/task-view.js';
import { generateInvoice } from '../apps/server/test/generators/invoices/index.js';

const N = Number(process.argv[2] ?? 30);
const backend = (process.argv[3] ?? 'postgres') as 'postgres' | 'redis';
const WARM_UP = 2;
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
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const row = (name: string, values: number[]) =>
  `${name.padEnd(26)}${[mean(values), percentile(values, 50), percentile(values, 95), Math.max(...values)]
    .map((v) => v.toFixed(1).padStart(9))
    .join('')}`;

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
  WORKER_CONCURRENCY: '2',
});
const config = withOverrides(base, { databaseUrl: url.toString() }) as ResolvedConfig;
const container = createContainer(config, createLogger('warn', 'bench'));
const app = await buildApp(container);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const stop = await startWorkers(container);

try {
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

  const invoices = await Promise.all(
    Array.from({ length: N + WARM_UP }, (_, i) =>
      generateInvoice({
        layout: 'two-page',
        language: INVOICE_LANGUAGES[i % INVOICE_LANGUAGES.length] ?? 'en',
        seed: 2000 + i,
      }),
    ),
  );

  const finished = new Map<string, (view: TaskEvent['task']) => void>();
  const early = new Map<string, TaskEvent['task']>();
  container.taskQueue.subscribe('task.updated', (data) => {
    const { task } = data as TaskEvent;
    if (!['SUCCESS', 'FAILED', 'CANCELLED'].includes(task.status)) return;
    const resolve = finished.get(task.task_id);
    if (resolve) resolve(task);
    else early.set(task.task_id, task);
  });

  const upload: number[] = [];
  const total: number[] = [];
  const inWorker: number[] = [];
  for (const [index, invoice] of invoices.entries()) {
    const form = new FormData();
    form.append('file', new Blob([invoice.pdf], { type: 'application/pdf' }), `invoice-${index}.pdf`);
    const start = performance.now();
    const res = await fetch(`${address}/invoices/extract_async`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const submitted = performance.now();
    if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
    const { task_id: taskId } = (await res.json()) as { task_id: string };
    const view = await new Promise<TaskEvent['task']>((resolve) => {
      const seen = early.get(taskId);
      if (seen) resolve(seen);
      else finished.set(taskId, resolve);
    });
    const done = performance.now();
    if (view.status !== 'SUCCESS')
      throw new Error(`task ${taskId} ended ${view.status}: ${view.error?.message}`);
    if (index < WARM_UP) continue;
    upload.push(submitted - start);
    total.push(done - start);
    inWorker.push(Date.parse(view.finished_at ?? '') - Date.parse(view.started_at ?? ''));
  }

  const check = await fetch(`${address}/invoices?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const { total: saved } = (await check.json()) as { total: number };
  console.log(
    `${N} invoices of the two-page layout, one at a time, ${backend} backend; ${saved} invoices saved`,
  );
  console.log(
    `${'ms per invoice'.padEnd(26)}${['mean', 'p50', 'p95', 'max'].map((h) => h.padStart(9)).join('')}`,
  );
  console.log(row('submit → done (end to end)', total));
  console.log(row('  upload (HTTP 202)', upload));
  console.log(row('  in the worker', inWorker));
  console.log(`goal: under 200 ms end to end per 2-page invoice`);
} finally {
  await stop(1000);
  await app.close();
  await container.close();
  await rm(dataDir, { recursive: true, force: true });
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
