import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one process. Default metrics include event-loop lag, heap and GC; the task
 * metrics are recorded by the worker, and queue depth is read from the queue when scraped.
 */
export function createMetrics(
  queueCounts: () => Promise<Array<{ queue: string; counts: Record<string, number> }>>,
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ledgerflow_' });
  const finished = new Counter({
    name: 'ledgerflow_tasks_finished_total',
    help: 'Tasks that ended, by type and final status',
    labelNames: ['type', 'status'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'ledgerflow_task_retries_total',
    help: 'Attempts that failed transiently and were scheduled to run again',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'ledgerflow_task_duration_seconds',
    help: 'Run time of one attempt, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    // 10 ms to 30 min: no-op tasks up to the default hard time limit.
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800],
    registers: [registry],
  });
  new Gauge({
    name: 'ledgerflow_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, counts } of await queueCounts()) {
        for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      }
    },
  });
  return { registry, finished, retries, duration };
}

export type Metrics = ReturnType<typeof createMetrics>;
