import type { JobsOptions } from 'bullmq';
import type { QueueBackend } from './backend.js';

export interface EnqueueRequest {
  queue: string;
  taskId: string;
  type: string;
  attempts: number;
  backoffMs: number;
  priority: 'high' | 'normal' | 'low';
}

/**
 * BullMQ ranks waiting jobs by `priority` (lower first) on both backends, and a job without one ahead of
 * all prioritized ones; so every task job carries one, and system jobs (no priority) still go first.
 */
export const BULL_PRIORITY = { high: 1, normal: 2, low: 3 } as const;

/** The BullMQ event stream that carries one kind of broadcast (task updates, cancel commands). */
const channel = (name: string) => `ledgerflow-${name.replace(/[^a-z0-9]+/gi, '-')}`;

type Listener = (data: unknown) => void;
type Classes = QueueBackend['classes'];
type AnyQueue = InstanceType<Classes['Queue']>;
type AnyQueueEvents = InstanceType<Classes['QueueEvents']>;
type AnyProducer = InstanceType<Classes['QueueEventsProducer']>;

/**
 * Task jobs on BullMQ, and a broadcast channel across every API and worker process, on either backend.
 * The job id is always the task id, so adding a job twice is a no-op and any process can find it.
 */
export class BullTaskQueue {
  private readonly queues = new Map<string, AnyQueue>();
  private readonly producers = new Map<string, AnyProducer>();
  private readonly events = new Map<string, AnyQueueEvents>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly backend: QueueBackend,
    private readonly retention: { completedAgeSeconds: number; failedAgeSeconds: number },
  ) {}

  queue(name: string): AnyQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new this.backend.classes.Queue(name, this.backend.baseOptions());
      queue.on('error', () => undefined); // surfaced by the operations that fail
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue(request: EnqueueRequest): Promise<void> {
    const options: JobsOptions = {
      jobId: request.taskId,
      attempts: request.attempts,
      backoff: { type: 'exponential', delay: request.backoffMs },
      priority: BULL_PRIORITY[request.priority],
      // Finished jobs are only bookkeeping (the tasks table is the record), so keep them briefly.
      removeOnComplete: { age: this.retention.completedAgeSeconds },
      removeOnFail: { age: this.retention.failedAgeSeconds },
    };
    await this.queue(request.queue).add(request.type, { taskId: request.taskId }, options);
  }

  /** Removes a job that no worker holds; false when it is running (locked) or already gone. */
  async remove(queue: string, taskId: string): Promise<boolean> {
    try {
      return (await this.queue(queue).remove(taskId)) === 1;
    } catch {
      return false;
    }
  }

  async exists(queue: string, taskId: string): Promise<boolean> {
    return (await this.queue(queue).getJob(taskId)) !== undefined;
  }

  async counts(queue: string): Promise<Record<string, number>> {
    return this.queue(queue).getJobCounts(
      'waiting',
      'active',
      'delayed',
      'completed',
      'failed',
      'prioritized',
    );
  }

  /**
   * Broadcasts `data` under `name` to every process subscribed to it (including this one). Each name
   * is its own stream, so a worker listening for cancels never reads (and parses) every progress update.
   */
  async publish(name: string, data: unknown): Promise<void> {
    let producer = this.producers.get(name);
    if (!producer) {
      producer = new this.backend.classes.QueueEventsProducer(channel(name), this.backend.baseOptions());
      this.producers.set(name, producer);
    }
    // A bounded stream: listeners only care about live events, so 10,000 is plenty of slack.
    await producer.publishEvent({ eventName: name, data: JSON.stringify(data) }, 10_000);
  }

  /** Subscribes to broadcasts named `name`; returns the unsubscribe function. */
  subscribe(name: string, listener: Listener): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      const listeners = (set = new Set());
      this.listeners.set(name, listeners);
      const events = new this.backend.classes.QueueEvents(channel(name), {
        ...this.backend.baseOptions(),
        autorun: true,
      });
      events.on('error', () => undefined);
      (events as unknown as { on(event: string, fn: (args: { data?: string }) => void): void }).on(
        name,
        (args) => {
          if (typeof args.data !== 'string') return;
          const data: unknown = JSON.parse(args.data);
          for (const fn of listeners) fn(data);
        },
      );
      this.events.set(name, events);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      ...[...this.queues.values()].map((q) => q.close()),
      ...[...this.producers.values()].map((p) => p.close()),
      ...[...this.events.values()].map((e) => e.close()),
    ]);
    await this.backend.close();
  }
}
