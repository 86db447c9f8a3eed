/**
 * Report benchmark, end to end through the job: transactions seeded in PostgreSQL (one
 * `INSERT … SELECT generate_series`), then `POST /reports/generate_async` → worker → keyset pages from
 * PostgreSQL → streaming writer → file storage → SUCCESS. Times submit-to-SUCCESS and reads the peak RSS
 * of the process running API and worker (as `ledgerflow start` does). Goals (issue 7): 10,000 rows
 * under 2 s; 1,000,000 under 90 s with peak memory under 500 MB. The original took 8 s for 1,000 and
 * 80 s for 10,000.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/report.ts [rows ...] [--format xlsx|csv]
 *
 * Each case runs in a fresh child process with its own database, so one case's heap does not inflate
 * the next one's peak. Seeding is not timed. CPU seconds (user + system of the process; PostgreSQL's own
 * time is not in it) are printed beside wall seconds because the shared 2-core machine is often loaded.
 *
 * Measured (Node 20, 2 cores shared with other work, load average 7–9): rows → wall s / CPU s, peak RSS
 * (the process before the report: about 200 MB with API, worker, pools and modules loaded)
 *   xlsx   1,000:  0.47 / 0.22, 218 MB     csv   1,000:  0.74 / 0.11, 218 MB
 *         10,000:  0.76 / 0.57, 217 MB          10,000:  1.04 / 0.27, 222 MB
 *        100,000:  7.0  / 2.7,  291 MB         100,000:  4.4  / 1.3,  280 MB
 *      1,000,000: 44.7  / 24.2, 380 MB (78 MB)  1,000,000: 40.2 / 10.7, 392 MB (158 MB)
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedBulkBooks } from '../apps/server/test/reports/seed.js';
import { loadConfig, withOverrides } from '../apps/server/src/config.js';
import { createContainer, type ResolvedConfig } from '../apps/server/src/container.js';
import { createDatabase } from '../apps/server/src/db/database.js';
import { migrateQueueSchema, migrateToLatest } from '../apps/server/src/db/migrate.js';
import { buildApp } from '../apps/server/src/http/app.js';
import { startWorkers } from '../apps/server/src/jobs/index.js';
import { createLogger } from '../apps/server/src/logger.js';

const DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000];
const server =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

interface CaseResult {
  format: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  /** The process's RSS once API, worker and container were up, before the report. */
  baseRssMb: number;
  peakRssMb: number;
  fileMb: number;
  seedSeconds: number;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (value: number) => Math.round(value * 100) / 100;

async function runCase(format: 'xlsx' | 'csv', rows: number): Promise<CaseResult> {
  const dbName = `lf_bench_report_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-bench-report-'));
  try {
    const handle = createDatabase(url.toString(), 2);
    await migrateToLatest(handle.db);
    await migrateQueueSchema(handle.pool);
    await handle.close();
    const base = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      QUEUE_BACKEND: 'postgres',
      RATE_LIMIT_MAX: '100000000',
    });
    const config = withOverrides(base, { databaseUrl: url.toString() }) as ResolvedConfig;
    const container = createContainer(config, createLogger('warn', 'bench'));
    const app = await buildApp(container);
    const stop = await startWorkers(container, { queues: ['reports'] });
    try {
      const registered = await app.inject({
        method: 'POST',
        url: '/auth/register',
        payload: {
          email: 'bench@example.com',
          password: 'benchmark-password',
          name: 'Bench',
          organization_name: 'Bench',
        },
      });
      const { access_token: token, organization_id: organizationId } = registered.json<{
        access_token: string;
        organization_id: string;
      }>();
      const seedStarted = performance.now();
      await seedBulkBooks(container.database.db, organizationId, rows);
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      const baseRss = process.memoryUsage().rss;

      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const submitted = await app.inject({
        method: 'POST',
        url: '/reports/generate_async',
        headers: { authorization: `Bearer ${token}` },
        payload: { date_from: '2023-01-01', date_to: '2024-12-31', format, title: 'Benchmark' },
      });
      const { task_id: taskId } = submitted.json<{ task_id: string }>();
      let status = '';
      while (status !== 'SUCCESS') {
        const { rows: found } = await container.database.pool.query<{
          status: string;
          error_message: string;
        }>('select status, error_message from tasks where id = $1', [taskId]);
        status = found[0]?.status ?? '';
        if (status === 'FAILED' || status === 'CANCELLED')
          throw new Error(`task ${status}: ${found[0]?.error_message}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const report = await container.repos.reports.findByTask(taskId);
      if (report?.rowCount !== rows) throw new Error(`report has ${report?.rowCount} of ${rows} rows`);
      return {
        format,
        rows,
        seconds: round(seconds),
        cpuSeconds: round((cpu.user + cpu.system) / 1e6),
        baseRssMb: mb(baseRss),
        // resourceUsage().maxRSS is the kernel's high-water mark in KiB, so no short peak is missed.
        peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
        fileMb: mb(report.sizeBytes),
        seedSeconds: round(seedSeconds),
      };
    } finally {
      await app.close();
      await stop(1000);
      await container.close();
    }
  } finally {
    // The queue pool's clients finish closing asynchronously; dropping under them logs their error.
    await new Promise((r) => setTimeout(r, 500));
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  }
}

function runChild(format: string, rows: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--case', format, String(rows)]);
    child.once('message', (message) => resolve(message as CaseResult));
    child.once('error', reject);
    child.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`case ${format} ${rows} exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--case') {
    process.send?.(await runCase(args[1] === 'csv' ? 'csv' : 'xlsx', Number(args[2])));
    // Queue connections may linger; the result is sent, so leave now.
    process.exit(0);
  }
  const formatIndex = args.indexOf('--format');
  const formats = formatIndex >= 0 ? [args[formatIndex + 1] ?? 'xlsx'] : ['xlsx'];
  const sizes = args
    .filter((arg, index) => /^\d+$/.test(arg) && (formatIndex < 0 || index !== formatIndex + 1))
    .map(Number);
  const results: CaseResult[] = [];
  for (const rows of sizes.length > 0 ? sizes : DEFAULT_SIZES) {
    for (const format of formats) {
      const result = await runChild(format, rows);
      console.log(JSON.stringify(result));
      results.push(result);
    }
  }
  console.table(results);
}

await main();
