/**
 * Recurring jobs (BullMQ job schedulers, on either backend), as services need them. Upserting is
 * idempotent, so any process may do it; one scheduler exists per id.
 */
export interface JobSchedulerPort {
  upsert(
    queue: string,
    schedulerId: string,
    cron: string,
    job: { name: string; data: Record<string, unknown> },
  ): Promise<void>;
  remove(queue: string, schedulerId: string): Promise<void>;
}
