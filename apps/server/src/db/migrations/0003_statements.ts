import { sql, type Kysely } from 'kysely';

/**
 * Bank accounts, statement imports (sessions), their transactions, and the categories transactions are
 * filed under. Money is bigint minor units; dates are calendar dates (no time zone).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE categories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      parent_id uuid REFERENCES categories (id) ON DELETE RESTRICT,
      -- A stable key for starter categories (e.g. expense.food.groceries); null for the user's own.
      key text,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('income', 'expense', 'transfer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX categories_org_parent_name_key
      ON categories (organization_id, parent_id, lower(btrim(name))) NULLS NOT DISTINCT;
    CREATE UNIQUE INDEX categories_org_key_key ON categories (organization_id, key) WHERE key IS NOT NULL;
    CREATE INDEX categories_parent_idx ON categories (parent_id);

    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      bank_source text NOT NULL,
      -- As printed on the statement; '' when the statement shows none.
      account_number text NOT NULL DEFAULT '',
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      kind text NOT NULL CHECK (kind IN ('asset', 'liability')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX accounts_org_bank_number_key
      ON accounts (organization_id, bank_source, account_number, currency);

    CREATE TABLE statements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,
      file_id uuid REFERENCES files (id) ON DELETE SET NULL,
      task_id uuid REFERENCES tasks (id) ON DELETE SET NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      original_name text NOT NULL,
      format text NOT NULL,
      bank_source text NOT NULL,
      bank_name text,
      account_number text,
      account_kind text NOT NULL CHECK (account_kind IN ('asset', 'liability')),
      currency text NOT NULL,
      period_start date,
      period_end date,
      opening_balance_minor bigint,
      closing_balance_minor bigint,
      reconciled boolean NOT NULL,
      -- False when the source carries no balances: nothing could be proven either way.
      reconciliation_checked boolean NOT NULL,
      issues jsonb NOT NULL DEFAULT '[]',
      problems jsonb NOT NULL DEFAULT '[]',
      transaction_count integer NOT NULL DEFAULT 0,
      duplicate_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX statements_org_created_idx ON statements (organization_id, created_at DESC, id DESC);
    CREATE INDEX statements_account_idx ON statements (account_id);

    -- organization_id and account_id are copies of the statement's (written only from it), kept for
    -- scoping and duplicate detection without a join; they carry no foreign keys of their own because
    -- the statement's already enforce them, and two more per-row checks doubled the cost of an import.
    CREATE TABLE transactions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL,
      statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
      account_id uuid NOT NULL,
      row_index integer NOT NULL,
      date date NOT NULL,
      value_date date,
      description text NOT NULL,
      amount_minor bigint NOT NULL,
      balance_minor bigint,
      currency text NOT NULL,
      bank_reference text,
      -- Identity for duplicate detection across imports of the same account (see domain/statements/fingerprint.ts).
      -- ASCII by construction: byte order ("C") makes its unique index several times cheaper to maintain
      -- than a linguistic collation would.
      fingerprint text COLLATE "C" NOT NULL,
      category_id uuid REFERENCES categories (id) ON DELETE SET NULL,
      -- Who set the category: a rule (may be re-run) or a person (never overwritten unless asked).
      category_source text CHECK (category_source IN ('rule', 'manual')),
      rule_id uuid,
      tags text[] NOT NULL DEFAULT '{}',
      payee text,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX transactions_account_fingerprint_key ON transactions (account_id, fingerprint);
    CREATE INDEX transactions_statement_idx ON transactions (statement_id, row_index);
    CREATE INDEX transactions_org_date_idx ON transactions (organization_id, date DESC, id DESC);
    -- Partial: freshly imported rows have no category, so an import does not maintain this index.
    CREATE INDEX transactions_org_category_idx ON transactions (organization_id, category_id)
      WHERE category_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE transactions; DROP TABLE statements; DROP TABLE accounts; DROP TABLE categories`.execute(
    db,
  );
}
