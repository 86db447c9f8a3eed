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
import { seedBulkBooks } from '../apps/server/test/reports/seed.js';
import { runCases } from './measure.js';
import { startBenchService } from './support.js';

const DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000];

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

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (value: number) => Math.round(value * 100) / 100;

async function runCase(format: 'xlsx' | 'csv', rows: number): Promise<CaseResult> {
  const service = await startBenchService({ QUEUE_BACKEND: 'postgres' }, { queues: ['reports'] });
  try {
    const { container } = service;
    const seedStarted = performance.now();
    await seedBulkBooks(container.database.db, service.organizationId, rows);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const baseRss = process.memoryUsage().rss;

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const submitted = await service.api('/reports/generate_async', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date_from: '2023-01-01', date_to: '2024-12-31', format, title: 'Benchmark' }),
    });
    const { task_id: taskId } = (await submitted.json()) as { task_id: string };
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
    await service.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--case') {
    process.send?.(await runCase(args[1] === 'csv' ? 'csv' : 'xlsx', Number(args[2])));
    // Queue connections may linger; the result is sent, so leave now.
    process.exit(0);
  }
  await runCases<CaseResult>(import.meta.filename, args, { formats: ['xlsx'], sizes: DEFAULT_SIZES });
}

await main();
