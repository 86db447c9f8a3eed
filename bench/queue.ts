/**
 * Queue benchmark: pushes no-op `sleep_demo` tasks (10 progress reports each) through the real path —
 * HTTP submit, task row, job, worker, progress, result — on each backend, in one process like
 * `ledgerflow start`. Prints submitted/s, completed/s and submit-to-start latency when not backlogged.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/queue.ts [N] [postgres|redis]
 */
import { percentile } from './measure.js';
import { startBenchService } from './support.js';

const N = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 64;

async function run(backend: 'postgres' | 'redis') {
  const service = await startBenchService({
    QUEUE_BACKEND: backend,
    WORKER_CONCURRENCY: '32',
    DATABASE_POOL_SIZE: '20',
  });
  const submit = async () => {
    const res = await service.api('/tasks/sleep_demo_async', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 0, steps: 10 }),
    });
    if (res.status !== 202) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { task_id: string }).task_id;
  };
  const db = service.container.database.pool;
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

  await service.close();
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
