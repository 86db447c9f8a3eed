import { sql, type Kysely } from 'kysely';

/**
 * Starter rules (issue 21): a rule created from the starter set (domain/categories/starter-rules.ts)
 * carries its `starter_key`, so "add the missing starter rules" (POST /rules/starter) knows which the
 * organization still has, however it edited them. Unique per organization, so adding them twice at once
 * inserts each once. Existing organizations get none here: rules change how their next imports are
 * filed, so they opt in with POST /rules/starter. (Named 0007_… beside 0007_rule_amounts: 0007 is this
 * change's number; migrations may land out of order, see db/migrate.ts.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE rules ADD COLUMN starter_key text;
    CREATE UNIQUE INDEX rules_org_starter_key_idx ON rules (organization_id, starter_key)
      WHERE starter_key IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX rules_org_starter_key_idx;
    ALTER TABLE rules DROP COLUMN starter_key;
  `.execute(db);
}
