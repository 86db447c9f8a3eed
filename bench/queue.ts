/**
 * Queue benchmark: pushes no-op `sleep_demo` tasks (10 progress reports each) through the real path —
 * HTTP submit, task row, job, worker, progress, result — on each backend, in one process like
 * `ledgerflow start`. Prints submitted/s, completed/s and submit-to-start latency when not backlogged.
 *
 * Also prints, for the throughput phase, the SQL statements sent per task and this process's CPU ms per
 * task (both steady on a loaded machine, unlike tasks/s), and `GET /tasks/{id}/status` requests/s and
 * p99 with 64 clients. ACCESS_CACHE_SECONDS in the environment is passed through (0 turns the
 * membership cache off, for a before/after in one checkout).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/queue.ts [N] [postgres|redis]
 */
import pg from 'pg';
import { percentile } from './measure.js';
import { startBenchService } from './support.js';

const N = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 64;
const STATUS_REQUESTS = 5000;

// Every SQL statement any pool of this process sends (the app's, the queue's) goes through here.
let statements = 0;
const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = clientPrototype.query;
clientPrototype.query = function (this: unknown, ...args: unknown[]) {
  statements++;
  return query.apply(this, args);
};

async function run(backend: 'postgres' | 'redis') {
  const service = await startBenchService({
    QUEUE_BACKEND: backend,
    WORKER_CONCURRENCY: '32',
    DATABASE_POOL_SIZE: '20',
    ...(process.env.ACCESS_CACHE_SECONDS ? { ACCESS_CACHE_SECONDS: process.env.ACCESS_CACHE_SECONDS } : {}),
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
  const waitQueries = await countWaitQueries(db);
  const statements0 = statements;
  const cpu0 = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpu0);
  // The bench's own polling (waitAllDone) is not the service's work.
  const sqlPerTask = (statements - statements0 - waitQueries.count()) / N;
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

  // Status polling: STATUS_REQUESTS GETs of one finished task's status by 64 clients.
  const statusId = await submit();
  await service.waitForTask(statusId);
  const statusLatencies: number[] = [];
  let sent = 0;
  const statusCpu0 = process.cpuUsage();
  const s0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent++ < STATUS_REQUESTS) {
        const r0 = performance.now();
        const res = await service.api(`/tasks/${statusId}/status`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        statusLatencies.push(performance.now() - r0);
      }
    }),
  );
  const statusSeconds = (performance.now() - s0) / 1000;
  const statusCpu = process.cpuUsage(statusCpu0);

  await service.close();
  return {
    backend,
    tasks: N,
    'submitted/s': Math.round(N / ((submitted - t0) / 1000)),
    'completed/s': Math.round(N / ((completed - t0) / 1000)),
    'not SUCCESS': failed[0]?.n ?? 0,
    'start p50 ms': Number(percentile(latencies, 50).toFixed(1)),
    'start p99 ms': Number(percentile(latencies, 99).toFixed(1)),
    'SQL/task': Number(sqlPerTask.toFixed(1)),
    'CPU ms/task': Number(((cpu.user + cpu.system) / 1000 / N).toFixed(2)),
    'status req/s': Math.round(STATUS_REQUESTS / statusSeconds),
    'status p99 ms': Number(percentile(statusLatencies, 99).toFixed(1)),
    // Client and server share this process: an upper bound on the server's CPU per request.
    'status CPU ms/req': Number(((statusCpu.user + statusCpu.system) / 1000 / STATUS_REQUESTS).toFixed(2)),
  };
}

/** Counts the bench's own polling queries (on `db`), to subtract them from the service's. */
async function countWaitQueries(db: pg.Pool) {
  let count = 0;
  const original = db.query.bind(db);
  db.query = ((...args: Parameters<typeof original>) => {
    count++;
    return original(...args);
  }) as typeof db.query;
  return Promise.resolve({ count: () => count });
}

const results = [];
const only = process.argv[3];
for (const backend of ['postgres', 'redis'] as const)
  if (!only || only === backend) results.push(await run(backend));
console.table(results);
process.exit(0);
