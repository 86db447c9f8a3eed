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
import { performance } from 'node:perf_hooks';
import { INVOICE_LANGUAGES } from '../apps/server/src/domain/invoices/index.js';
import type { TaskEvent } from '../apps/server/src/services/task-view.js';
import { generateInvoice } from '../apps/server/test/generators/invoices/index.js';
import { percentile } from './measure.js';
import { startBenchService } from './support.js';

const N = Number(process.argv[2] ?? 30);
const backend = (process.argv[3] ?? 'postgres') as 'postgres' | 'redis';
const WARM_UP = 2;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const row = (name: string, values: number[]) =>
  `${name.padEnd(26)}${[mean(values), percentile(values, 50), percentile(values, 95), Math.max(...values)]
    .map((v) => v.toFixed(1).padStart(9))
    .join('')}`;

const service = await startBenchService({ QUEUE_BACKEND: backend, WORKER_CONCURRENCY: '2' });

try {
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
  service.container.taskQueue.subscribe('task.updated', (data) => {
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
    const res = await service.api('/invoices/extract_async', { method: 'POST', body: form });
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

  const check = await service.api('/invoices?limit=1');
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
  await service.close();
}
