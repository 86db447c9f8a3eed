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

    -- The undo journal: one row per written batch, holding each changed transaction's values before the
    -- job and the category it was given (undo skips a transaction whose category changed again since).
    -- A jsonb document per batch rather than a row per transaction: 20 inserts instead of 100,000 (each
    -- with index entries and foreign-key checks) for a 100,000-transaction job.
    CREATE TABLE category_changes (
      task_id uuid NOT NULL REFERENCES categorization_runs (task_id) ON DELETE CASCADE,
      batch integer NOT NULL,
      changes jsonb NOT NULL,
      PRIMARY KEY (task_id, batch)
    );
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
