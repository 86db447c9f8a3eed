import type { JobsOptions } from 'bullmq';
import type { QueueBackend } from './backend.js';

export interface EnqueueRequest {
  queue: string;
  taskId: string;
  type: string;
  attempts: number;
  backoffMs: number;
}

/** The channel (a BullMQ event stream) that carries task updates and cancel commands between processes. */
const EVENTS_CHANNEL = 'ledgerflow-events';

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
  private producer: AnyProducer | undefined;
  private events: AnyQueueEvents | undefined;
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

  /** Broadcasts `data` under `name` to every process subscribed to it (including this one). */
  async publish(name: string, data: unknown): Promise<void> {
    const producer = (this.producer ??= new this.backend.classes.QueueEventsProducer(
      EVENTS_CHANNEL,
      this.backend.baseOptions(),
    ));
    // A bounded stream: listeners only care about live events, so 10,000 is plenty of slack.
    await producer.publishEvent({ eventName: name, data: JSON.stringify(data) }, 10_000);
  }

  /** Subscribes to broadcasts named `name`; returns the unsubscribe function. */
  subscribe(name: string, listener: Listener): () => void {
    const events = (this.events ??= new this.backend.classes.QueueEvents(EVENTS_CHANNEL, {
      ...this.backend.baseOptions(),
      autorun: true,
    }));
    events.on('error', () => undefined);
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      const listeners = set;
      (events as unknown as { on(event: string, fn: (args: { data?: string }) => void): void }).on(
        name,
        (args) => {
          if (typeof args.data !== 'string') return;
          const data: unknown = JSON.parse(args.data);
          for (const fn of listeners) fn(data);
        },
      );
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Resolves once the broadcast listener is connected (so a publish right after is not missed). */
  async ready(): Promise<void> {
    await this.events?.waitUntilReady();
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      ...[...this.queues.values()].map((q) => q.close()),
      this.producer?.close(),
      this.events?.close(),
    ]);
    await this.backend.close();
  }
}
