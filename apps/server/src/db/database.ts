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

/**
 * Makes a pool survive its database dying. pg-pool listens for 'error' only on idle clients (and
 * re-emits it on the pool); a client checked out by Kysely (every query, every transaction) or by
 * BullMQ has no listener, so a connection that drops mid-query emitted an unhandled 'error' and the
 * process exited (`write EPIPE … Emitted 'error' event on Client instance`, #22). A permanent listener
 * on every client makes the drop what it should be: the query in flight rejects (pg fails every
 * pending query of a broken client), the caller fails or retries, and the broken client is discarded
 * when released (it is no longer queryable).
 */
export function survivePoolErrors(pool: pg.Pool, onError: (error: Error) => void = () => undefined): void {
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
}

/**
 * Whether an error means the database cannot be reached right now (as opposed to a bad query): the
 * connection was refused, dropped or timed out, or the server is shutting down, starting up or full.
 * Such errors are answered with 503 and Retry-After, and retried by jobs.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (UNAVAILABLE_MESSAGES.some((m) => e instanceof Error && e.message.startsWith(m))) return true;
  }
  return false;
}

/** Node socket errors, and SQLSTATEs 57P01–57P03 (shutdown, crash, starting up) and 53300 (full). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** What pg and pg-pool say when a connection ends or cannot be had in time (they set no code). */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

export function createDatabase(connectionString: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // A dead database should fail requests quickly (readiness turns red) rather than pile them up.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'ledgerflow',
  });
  survivePoolErrors(pool);
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
