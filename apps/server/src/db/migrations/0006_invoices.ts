import { sql, type Kysely } from 'kysely';

/**
 * Invoices read from uploaded PDFs (issue 8). The columns hold the current value of every field that is
 * filtered, sorted or shown in lists (the extracted value, or the user's correction of it); `extraction`
 * keeps the whole reading as the extractor returned it (each field with its confidence and page/position,
 * line items, checks), never changed afterwards; `corrections` records which fields a user changed, from
 * what, by whom and when. Money is bigint minor units; dates are calendar dates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      file_id uuid REFERENCES files (id) ON DELETE SET NULL,
      task_id uuid REFERENCES tasks (id) ON DELETE SET NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      original_name text NOT NULL,
      language text NOT NULL,
      vendor_name text,
      vendor_tax_id text,
      vendor_address text,
      customer_name text,
      invoice_number text,
      invoice_date date,
      due_date date,
      currency text CHECK (currency ~ '^[A-Z]{3}$'),
      subtotal_minor bigint,
      tax_minor bigint,
      tax_rate_percent double precision CHECK (tax_rate_percent BETWEEN 0 AND 100),
      total_minor bigint,
      iban text,
      payment_reference text,
      confidence double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
      extraction jsonb NOT NULL,
      corrections jsonb NOT NULL DEFAULT '{}',
      -- Vendor, number and total, normalized (domain/invoices/duplicate-key.ts); null without number or total.
      duplicate_key text,
      duplicate_of uuid REFERENCES invoices (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- One invoice per task: a job that runs again after a crash finds its row instead of adding another.
    CREATE UNIQUE INDEX invoices_task_key ON invoices (task_id);
    CREATE INDEX invoices_org_created_idx ON invoices (organization_id, created_at DESC, id DESC);
    CREATE INDEX invoices_org_date_idx ON invoices (organization_id, invoice_date DESC);
    CREATE INDEX invoices_org_duplicate_key_idx ON invoices (organization_id, duplicate_key, created_at)
      WHERE duplicate_key IS NOT NULL;
    CREATE INDEX invoices_duplicate_of_idx ON invoices (duplicate_of) WHERE duplicate_of IS NOT NULL;
    CREATE INDEX invoices_file_idx ON invoices (file_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE invoices`.execute(db);
}
