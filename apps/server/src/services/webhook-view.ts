import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@ledgerflow/contracts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../db/types.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const webhookEndpointView = (row: WebhookEndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  event_types: row.eventTypes as WebhookEventType[],
  active: row.active,
  created_by: row.createdBy,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const webhookDeliveryView = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  endpoint_id: row.endpointId,
  event_id: row.eventId,
  event_type: row.eventType as WebhookEventType,
  event_at: row.eventAt.toISOString(),
  task_id: row.taskId,
  status: row.status,
  attempts: row.attempts,
  next_attempt_at: iso(row.nextAttemptAt),
  last_status_code: row.lastStatusCode,
  last_error: row.lastError,
  last_response_snippet: row.lastResponseSnippet,
  last_attempt_at: iso(row.lastAttemptAt),
  delivered_at: iso(row.deliveredAt),
  replay_of: row.replayOf,
  created_at: row.createdAt.toISOString(),
  attempt_log: row.attemptLog,
  payload: row.payload,
});
