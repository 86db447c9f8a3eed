import { sql, type Kysely } from 'kysely';

/** Background tasks: the API's source of truth for every job's status, progress and result. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      type text NOT NULL,
      queue text NOT NULL,
      status text NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'CANCELLED')),
      payload jsonb NOT NULL DEFAULT '{}',
      progress_percent smallint NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
      progress_message text,
      attempt integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL CHECK (max_attempts >= 1),
      next_retry_at timestamptz,
      result jsonb,
      result_deleted_at timestamptz,
      error_code text,
      error_message text,
      idempotency_key text,
      request_hash text,
      cancel_requested_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      result_expires_at timestamptz
    );
    -- History listing (the caller's tasks, newest first) and organization-wide listing for admins.
    CREATE INDEX tasks_org_user_created_idx ON tasks (organization_id, user_id, created_at DESC, id DESC);
    CREATE INDEX tasks_org_created_idx ON tasks (organization_id, created_at DESC, id DESC);
    -- The sweeper looks for PENDING tasks whose job went missing.
    CREATE INDEX tasks_pending_idx ON tasks (created_at) WHERE status = 'PENDING';
    -- The daily cleanup finds expired results.
    CREATE INDEX tasks_result_expiry_idx ON tasks (result_expires_at) WHERE result IS NOT NULL;
    CREATE UNIQUE INDEX tasks_idempotency_key ON tasks (organization_id, user_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE tasks`.execute(db);
}
