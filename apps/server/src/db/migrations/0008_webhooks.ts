import { sql, type Kysely } from 'kysely';

/**
 * Webhooks (issue 18): an organization's endpoints, and one delivery row per event and endpoint.
 *
 * A delivery is written by the same statement that ends the task (or records its progress), so an event
 * is never lost between the task's change and the sender; the sender (jobs/webhook-dispatcher.ts) claims
 * due rows with `locked_until` and records every attempt in `attempt_log`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      url text NOT NULL CHECK (length(url) <= 2048),
      description text,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      active boolean NOT NULL DEFAULT true,
      -- The signing secret, sealed (services/secret-box.ts); shown in clear only when created or rotated.
      secret_sealed text NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX webhook_endpoints_org_created_idx
      ON webhook_endpoints (organization_id, created_at DESC, id DESC);

    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
      -- The event's id as the receiver sees it (a replay keeps it, so receivers can drop duplicates).
      event_id uuid NOT NULL DEFAULT gen_random_uuid(),
      event_type text NOT NULL,
      -- When the event happened (a replay keeps it; created_at is the delivery's own, for its retry window).
      event_at timestamptz NOT NULL DEFAULT now(),
      task_id uuid REFERENCES tasks (id) ON DELETE SET NULL,
      -- The event's data as it was when it happened; every attempt sends the same body.
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz DEFAULT now(),
      locked_until timestamptz,
      last_status_code integer,
      last_error text,
      last_response_snippet text,
      last_attempt_at timestamptz,
      attempt_log jsonb NOT NULL DEFAULT '[]',
      replay_of uuid REFERENCES webhook_deliveries (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    );
    -- The sender's queue: pending deliveries by due time.
    CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_deliveries_endpoint_created_idx
      ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);
    CREATE INDEX webhook_deliveries_task_idx ON webhook_deliveries (task_id);
    CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (created_at) WHERE status <> 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints`.execute(db);
}
