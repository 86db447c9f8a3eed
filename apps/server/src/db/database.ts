import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

// int8 (bigint, count(*)) arrives as a string by default. Our bigints are byte sizes, counts and money
// in minor units, all far below 2^53; refuse to silently round one that is not.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
});

// DATE columns are calendar dates: keep them as `YYYY-MM-DD` text rather than a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

const plugins = () => [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

/**
 * A Kysely instance on one checked-out connection (a transaction's), with the same plugins as the pool's.
 * The connection stays the caller's: Kysely never releases or ends it.
 */
export function databaseOnClient(client: pg.ClientBase): Db {
  const onlyClient = { query: client.query.bind(client), release: () => undefined };
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.resolve(onlyClient), end: () => Promise.resolve() },
    }),
    plugins: plugins(),
  });
}

export function createDatabase(connectionString: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // A dead database should fail requests quickly (readiness turns red) rather than pile them up.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'ledgerflow',
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener Node exits.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    // Column names are translated; the contents of jsonb values (payloads, results) are left exactly as stored.
    plugins: plugins(),
  });
  return {
    db,
    pool,
    close: () => db.destroy(),
  };
}

/**
 * Creates the database named in `connectionString` when it does not exist yet (and the role may), by
 * connecting to the server's `postgres` maintenance database. Safe when several processes race.
 */
export async function ensureDatabaseExists(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) return;
  const probe = new pg.Client({ connectionString });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: invalid_catalog_name
  } finally {
    await probe.end().catch(() => undefined);
  }
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    // A racing process created it first: 42P04 (duplicate_database), or 23505 when both inserts into
    // pg_database collide before either commits.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await admin.end();
  }
}
