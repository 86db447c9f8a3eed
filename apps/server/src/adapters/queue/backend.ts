import {
  createPostgresBackend,
  createRedisBackend,
  DEFAULT_SCHEMA,
  withBackend,
  type BackendClasses,
  type IQueueBackend,
} from 'bullmq';
import pg from 'pg';
import { survivePoolErrors } from '../../db/database.js';

/** BullMQ's classes bound to one backend, with the connection options every instance gets. */
export interface QueueBackend {
  kind: 'postgres' | 'redis';
  classes: BackendClasses<IQueueBackend, unknown>;
  /** Spread into every Queue / Worker / QueueEvents / QueueEventsProducer options object. */
  baseOptions(): { connection: unknown; prefix?: string };
  close(): Promise<void>;
}

export interface QueueBackendOptions {
  kind: 'postgres' | 'redis';
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Redis key prefix (PostgreSQL queues live in the database's `bullmq` schema). */
  namespace: string;
  /** Connections in the shared PostgreSQL pool (each worker also holds one for LISTEN). */
  poolSize: number;
}

/**
 * The one place that knows which datastore carries the queues. The rest of the code uses BullMQ's
 * backend-neutral classes, so both backends run the same code path.
 */
export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  if (options.kind === 'redis') {
    if (!options.redisUrl) throw new Error('QUEUE_BACKEND=redis needs REDIS_URL');
    const connection = redisOptions(options.redisUrl);
    return {
      kind: 'redis',
      classes: withBackend(createRedisBackend) as unknown as BackendClasses<IQueueBackend, unknown>,
      // BullMQ creates (and closes) its own connections from these options; workers need
      // maxRetriesPerRequest: null so a blocking read is never cut short by ioredis' retry limit.
      baseOptions: () => ({
        connection: { ...connection, maxRetriesPerRequest: null },
        prefix: options.namespace,
      }),
      close: () => Promise.resolve(),
    };
  }
  // BullMQ ties a caller-supplied pool to its default schema ("bullmq"); the database is ours alone,
  // so that is the namespace. (QUEUE_PREFIX namespaces Redis keys, which other apps may share.)
  const schema = DEFAULT_SCHEMA; // created by `ledgerflow migrate` (db/migrate.ts)
  // One pool shared by every queue object, with search_path pinned to the queue schema, instead of a
  // pool per Queue/Worker/QueueEvents (which would open ~10 pools of 10 connections each).
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    options: `-c search_path=${schema}`,
    application_name: 'ledgerflow-queue',
    keepAlive: true,
    // As the app's pool: a database that does not answer fails queue operations, not hangs them.
    connectionTimeoutMillis: 5_000,
  });
  survivePoolErrors(pool);
  // Every Queue, Worker and QueueEvents on the pool adds its own error listener (4 queues × 2 + 2).
  pool.setMaxListeners(64);
  return {
    kind: 'postgres',
    classes: withBackend(createPostgresBackend) as unknown as BackendClasses<IQueueBackend, unknown>,
    baseOptions: () => ({ connection: pool }),
    close: () => pool.end(),
  };
}

function redisOptions(url: string) {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace('/', '') || 0);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
