/**
 * The task types and the queue each runs on (the original Celery routing), shared by the service that
 * submits tasks and the worker that runs them. Handlers live in jobs/; this is only the catalog.
 */
export const QUEUES = ['pdf_processing', 'bulk_operations', 'reports', 'default'] as const;
export type QueueName = (typeof QUEUES)[number];

export const TASK_TYPES = {
  sleep_demo: { queue: 'default' },
  cleanup_expired_results: { queue: 'default' },
  parse_statement: { queue: 'pdf_processing' },
  extract_invoice_metadata: { queue: 'default' },
  generate_report: { queue: 'reports' },
  /** A report schedule's firing (a system job of its BullMQ job scheduler): submits a generate_report. */
  run_report_schedule: { queue: 'reports' },
  bulk_categorize: { queue: 'bulk_operations' },
} as const satisfies Record<string, { queue: QueueName }>;
export type TaskType = keyof typeof TASK_TYPES;

export const TASK_STATUSES = ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const FINISHED_STATUSES: readonly TaskStatus[] = ['SUCCESS', 'FAILED', 'CANCELLED'];

/** How a task ranks among waiting tasks of its queue: high ones start first, low ones last. */
export const TASK_PRIORITIES = ['high', 'normal', 'low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const isQueueName = (value: string): value is QueueName =>
  (QUEUES as readonly string[]).includes(value);

/** Stable codes a task can fail with, beyond each handler's own. */
export const TaskErrorCode = {
  TIME_LIMIT_EXCEEDED: 'TIME_LIMIT_EXCEEDED',
  CANCELLED: 'CANCELLED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
} as const;

/** Exponential backoff as BullMQ applies it: delay × 2^(retry − 1). */
export const retryDelayMs = (baseDelayMs: number, retryNumber: number): number =>
  baseDelayMs * 2 ** (retryNumber - 1);
