import { sql, type Kysely } from 'kysely';

/**
 * Task priorities (issue 18): high, normal or low, given at submit. The queue orders waiting jobs by it;
 * the row keeps it so the sweeper re-enqueues a lost job with the same priority.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE tasks ADD COLUMN priority text NOT NULL DEFAULT 'normal'
      CHECK (priority IN ('high', 'normal', 'low'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tasks DROP COLUMN priority`.execute(db);
}
