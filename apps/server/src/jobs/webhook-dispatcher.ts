import type { Logger } from 'pino';
import type { WebhookService } from '../services/webhook.service.js';

export interface WebhookDispatcherOptions {
  /** How often the dispatcher looks for due deliveries (ms). */
  pollMs: number;
  /** Deliveries in flight at once in this process. */
  concurrency: number;
}

/**
 * The webhook sender of a worker process (those serving `default`): every `pollMs` it claims the due
 * deliveries it has room for (the table is the queue: rows are claimed with SKIP LOCKED, so several
 * processes share the work) and sends them. It never touches a task, so a slow receiver delays nothing
 * but its own deliveries.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;
  private claiming = false;
  private backlog = false;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly logger: Logger,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick();
      this.schedule();
    }, this.options.pollMs);
    this.timer.unref();
  }

  private tick(): void {
    const room = this.options.concurrency - this.inFlight;
    if (room <= 0 || this.claiming) return;
    this.claiming = true;
    this.track(
      this.webhooks
        .claimDue(room)
        .then((due) => {
          // A full claim means more may be due: refill as attempts end instead of waiting for the poll.
          this.backlog = due.length === room;
          for (const delivery of due) {
            this.inFlight++;
            this.track(
              this.webhooks
                .attempt(delivery)
                .catch((err: unknown) =>
                  this.logger.warn({ err, deliveryId: delivery.id }, 'webhook attempt not recorded'),
                )
                .finally(() => {
                  this.inFlight--;
                  if (this.backlog && !this.stopped) this.tick();
                }),
            );
          }
        })
        .catch((err: unknown) => this.logger.warn({ err }, 'could not claim webhook deliveries'))
        .finally(() => {
          this.claiming = false;
        }),
    );
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Stops claiming and waits for the attempts in flight (each ends within its 10 s timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A claim in flight may still start attempts: wait until nothing runs.
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
