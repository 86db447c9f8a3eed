import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TaskStatus } from './tasks.js';

/** The task lifecycle events an endpoint can subscribe to, by the status a task ends in. */
export const WEBHOOK_EVENTS = {
  SUCCESS: 'task.succeeded',
  FAILED: 'task.failed',
  CANCELLED: 'task.cancelled',
} as const satisfies Partial<Record<TaskStatus, string>>;
/** Progress of a running task: optional (one delivery per progress update the task writes). */
export const WEBHOOK_PROGRESS_EVENT = 'task.progress';
export type WebhookEventType =
  (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS] | typeof WEBHOOK_PROGRESS_EVENT;
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  WEBHOOK_EVENTS.SUCCESS,
  WEBHOOK_EVENTS.FAILED,
  WEBHOOK_EVENTS.CANCELLED,
  WEBHOOK_PROGRESS_EVENT,
];

/** Headers every delivery carries besides the signature. */
export const EVENT_ID_HEADER = 'ledgerflow-event-id';
export const EVENT_TYPE_HEADER = 'ledgerflow-event-type';
export const DELIVERY_ID_HEADER = 'ledgerflow-delivery-id';

/**
 * The body a receiver gets: `{id, type, created_at, data}`, `data` being the task as it was when the
 * event happened. Serialized the same way on every attempt, so retries and replays carry the same bytes.
 */
export function webhookBody(event: {
  eventId: string;
  eventType: string;
  eventAt: Date;
  payload: unknown;
}): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.eventType,
    created_at: event.eventAt.toISOString(),
    data: event.payload,
  });
}

/** Whether an HTTP answer (or its absence: a network error, a timeout) is worth another attempt. */
export const isRetryableWebhookStatus = (statusCode: number | null): boolean =>
  statusCode === null || statusCode === 429 || statusCode >= 500;

export const SIGNATURE_HEADER = 'ledgerflow-signature';

/**
 * Stripe-style signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Signing the
 * timestamp with the body lets a receiver refuse replays older than its tolerance.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does: recompute, compare in constant time, and refuse stale timestamps. */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || !given || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1] ?? '', 'hex');
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Retry schedule: 30 s × 2^(attempt − 1), capped at 4 h, until a day has passed since the event
 * (attempts at +0, 30 s, 1.5 min, 3.5 min, …: 14 tries within 20.3 h). Null: give up.
 */
export const WEBHOOK_RETRY = { baseMs: 30_000, capMs: 4 * 3600_000, windowMs: 24 * 3600_000 } as const;

export function nextWebhookAttempt(createdAt: Date, failedAttempts: number, now: Date): Date | null {
  const delay = Math.min(WEBHOOK_RETRY.baseMs * 2 ** (failedAttempts - 1), WEBHOOK_RETRY.capMs);
  const next = new Date(now.getTime() + delay);
  return next.getTime() - createdAt.getTime() > WEBHOOK_RETRY.windowMs ? null : next;
}
