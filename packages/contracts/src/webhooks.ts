import { Type, type Static } from 'typebox';
import { Nullable, PageQuery, Timestamp, Uuid } from './common.js';

export const WebhookEventType = Type.Union(
  [
    Type.Literal('task.succeeded'),
    Type.Literal('task.failed'),
    Type.Literal('task.cancelled'),
    Type.Literal('task.progress'),
  ],
  { description: 'task.progress is optional: one delivery per progress update a task writes' },
);
export type WebhookEventType = Static<typeof WebhookEventType>;

const WebhookUrl = Type.String({
  format: 'uri',
  minLength: 8,
  maxLength: 2048,
  pattern: '^https?://',
  description:
    'http(s) URL; refused (422 WEBHOOK_URL_NOT_ALLOWED) when its host resolves to a private, loopback, ' +
    'link-local or metadata address the operator has not allow-listed',
  examples: ['https://example.com/ledgerflow/webhooks'],
});
const EventTypes = Type.Array(WebhookEventType, { minItems: 1, maxItems: 4, uniqueItems: true });
const Description = Type.String({ maxLength: 500 });

export const WebhookEndpointBody = Type.Object(
  {
    url: WebhookUrl,
    description: Type.Optional(Description),
    event_types: EventTypes,
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type WebhookEndpointBody = Static<typeof WebhookEndpointBody>;

export const WebhookEndpointPatch = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    description: Type.Optional(Nullable(Description)),
    event_types: Type.Optional(EventTypes),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookEndpointPatch = Static<typeof WebhookEndpointPatch>;

export const WebhookEndpoint = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  event_types: Type.Array(WebhookEventType),
  active: Type.Boolean(),
  created_by: Nullable(Uuid),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

/** The endpoint with its signing secret: answered once, at creation and at each rotation. */
export const WebhookEndpointWithSecret = Type.Object({
  ...WebhookEndpoint.properties,
  secret: Type.String({
    description:
      'Signing secret (shown only now): verify `Ledgerflow-Signature: t=<unix s>,v1=<hex>` as ' +
      'HMAC-SHA256(secret, "<t>.<raw body>")',
  }),
});
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>;

export const WebhookDeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);

export const WebhookAttempt = Type.Object({
  attempt: Type.Integer(),
  at: Timestamp,
  status_code: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  response_snippet: Nullable(Type.String()),
  duration_ms: Type.Integer(),
});

export const WebhookDelivery = Type.Object({
  id: Uuid,
  endpoint_id: Uuid,
  event_id: Uuid,
  event_type: WebhookEventType,
  event_at: Timestamp,
  task_id: Nullable(Uuid),
  status: WebhookDeliveryStatus,
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Timestamp),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  last_response_snippet: Nullable(Type.String()),
  last_attempt_at: Nullable(Timestamp),
  delivered_at: Nullable(Timestamp),
  replay_of: Nullable(Uuid),
  created_at: Timestamp,
  attempt_log: Type.Array(WebhookAttempt),
  payload: Type.Unknown({ description: "The event's data: the task when the event happened" }),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const WebhookDeliveryQuery = Type.Object(
  { status: Type.Optional(WebhookDeliveryStatus), ...PageQuery },
  { additionalProperties: false },
);
export const WebhookDeliveryParams = Type.Object(
  { id: Uuid, delivery_id: Uuid },
  { additionalProperties: false },
);
export type WebhookDeliveryParams = Static<typeof WebhookDeliveryParams>;
