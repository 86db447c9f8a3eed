import { sql, type Kysely } from 'kysely';
import { seedStarterCategories } from '../seed-categories.js';

/**
 * Categorization (issue 6): rules, the link from a transaction to the rule that categorized it, and the
 * journal that lets a finished bulk categorization be undone. Existing organizations get the starter
 * categories new ones get at registration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      -- Lower runs first; ties broken by id (domain/rules/engine.ts).
      priority integer NOT NULL,
      -- Validated by domain/rules validateRule before every write.
      conditions jsonb NOT NULL,
      actions jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true,
      stop_processing boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX rules_org_priority_idx ON rules (organization_id, priority, id);

    ALTER TABLE transactions
      ADD CONSTRAINT transactions_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES rules (id) ON DELETE SET NULL;
    -- Deleting a rule nulls its transactions' rule_id; without this index that is a scan of every transaction.
    CREATE INDEX transactions_rule_idx ON transactions (rule_id) WHERE rule_id IS NOT NULL;

    -- One row per bulk categorization that wrote something: its result (a re-run after a crash between
    -- commit and SUCCESS returns it instead of running again) and whether it was undone.
    CREATE TABLE categorization_runs (
      task_id uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      result jsonb NOT NULL,
      undone_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- The undo journal: what each changed transaction looked like before the job, and the category the
    -- job gave it (undo skips a transaction whose category changed again since).
    CREATE TABLE category_changes (
      task_id uuid NOT NULL REFERENCES categorization_runs (task_id) ON DELETE CASCADE,
      transaction_id uuid NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
      previous_category_id uuid REFERENCES categories (id) ON DELETE SET NULL,
      previous_category_source text,
      previous_rule_id uuid REFERENCES rules (id) ON DELETE SET NULL,
      previous_tags text[] NOT NULL,
      previous_payee text,
      previous_note text,
      new_category_id uuid,
      new_category_source text,
      PRIMARY KEY (task_id, transaction_id)
    );
    CREATE INDEX category_changes_transaction_idx ON category_changes (transaction_id);
    CREATE INDEX category_changes_previous_category_idx ON category_changes (previous_category_id)
      WHERE previous_category_id IS NOT NULL;
    CREATE INDEX category_changes_previous_rule_idx ON category_changes (previous_rule_id)
      WHERE previous_rule_id IS NOT NULL;
  `.execute(db);
  await seedStarterCategories(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE category_changes;
    DROP TABLE categorization_runs;
    DROP INDEX transactions_rule_idx;
    ALTER TABLE transactions DROP CONSTRAINT transactions_rule_id_fkey;
    DROP TABLE rules;
  `.execute(db);
}
