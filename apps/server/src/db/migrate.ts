import { runMigrations as runQueueMigrations, DEFAULT_SCHEMA } from 'bullmq';
import { Migrator, type MigrationResult } from 'kysely';
import type pg from 'pg';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'ledgerflow_migrations',
    migrationLockTableName: 'ledgerflow_migrations_lock',
    // Numbers are reserved per feature branch, so one may land after a higher one was applied (0007
    // after 0008): apply it then rather than refusing to start.
    allowUnorderedMigrations: true,
  });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: readonly MigrationResult[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/**
 * Applies pending migrations. Kysely's PostgreSQL adapter takes a transaction-scoped advisory lock, so
 * when several processes start at once one applies them and the others wait, then find nothing to do.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results = [] } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed`, results, {
      cause: error,
    });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateDown(db: Db): Promise<string | undefined> {
  const { error, results = [] } = await migrator(db).migrateDown();
  if (error) throw new MigrationError('Migration down failed', results, { cause: error });
  return results[0]?.migrationName;
}

/**
 * Creates or upgrades BullMQ's own schema (`bullmq`) for the PostgreSQL queue backend, under BullMQ's
 * advisory lock, so it is safe beside other starting processes. Harmless when Redis carries the queues.
 */
export async function migrateQueueSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await runQueueMigrations(client, DEFAULT_SCHEMA);
  } finally {
    client.release();
  }
}
