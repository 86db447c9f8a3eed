import { sql, type Kysely } from 'kysely';

/**
 * Generated reports (xlsx/csv files in file storage, one per `generate_report` task) and the schedules
 * that produce them periodically. A report expires with its task's result unless kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report_schedules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      -- The user the scheduled tasks run as; a schedule without one is skipped.
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
      format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
      title text,
      -- account_id / category_id narrowing, in the API's TransactionFilter shape.
      scope jsonb NOT NULL DEFAULT '{}',
      last_run_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX report_schedules_org_created_idx ON report_schedules (organization_id, created_at DESC, id DESC);

    CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      -- One report per task: a re-run of the task (at least once) finds it instead of adding another.
      task_id uuid UNIQUE REFERENCES tasks (id) ON DELETE SET NULL,
      schedule_id uuid REFERENCES report_schedules (id) ON DELETE SET NULL,
      storage_key text NOT NULL,
      file_name text NOT NULL,
      content_type text NOT NULL,
      format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
      title text NOT NULL,
      scope jsonb NOT NULL,
      period_start date,
      period_end date,
      row_count integer NOT NULL,
      size_bytes bigint NOT NULL,
      kept boolean NOT NULL DEFAULT false,
      -- Null once kept.
      expires_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX reports_org_created_idx ON reports (organization_id, created_at DESC, id DESC);
    -- The daily cleanup finds expired reports.
    CREATE INDEX reports_expiry_idx ON reports (expires_at) WHERE NOT kept;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE reports; DROP TABLE report_schedules`.execute(db);
}
