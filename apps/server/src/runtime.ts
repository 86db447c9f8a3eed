import type { Logger } from 'pino';
import type { Config } from './config.js';
import { withOverrides } from './config.js';
import type { ResolvedConfig } from './container.js';
import { createDatabase, ensureDatabaseExists } from './db/database.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { migrateQueueSchema, migrateToLatest } from './db/migrate.js';
import { loadOrCreateLocalSecrets } from './local-secrets.js';
import { StartupError } from './startup-error.js';

export interface Runtime {
  config: ResolvedConfig;
  /** Stops what the runtime started (the embedded PostgreSQL, if we own it). */
  stop(): Promise<void>;
}

/**
 * Turns the validated configuration into a runnable one: with no DATABASE_URL, starts (or joins) the
 * embedded PostgreSQL; with no JWT_SECRET outside production, uses the one generated under DATA_DIR.
 * Then makes sure the database exists.
 */
export async function prepareRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const needsLocalSecrets = config.databaseUrl === undefined || config.jwtSecret === undefined;
  const secrets = needsLocalSecrets ? await loadOrCreateLocalSecrets(config.dataDir) : undefined;
  let stop = () => Promise.resolve();
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === undefined) {
    const embedded = await startEmbeddedPostgres(
      config.dataDir,
      secrets!.postgresPassword,
      logger.child({ component: 'embedded-postgres' }),
      { sharedDir: config.embeddedPostgresDir },
    );
    databaseUrl = embedded.url;
    stop = () => embedded.stop();
  }
  const jwtSecret = config.jwtSecret ?? secrets!.jwtSecret;
  if (config.jwtSecret === undefined)
    logger.info('using the JWT secret generated under DATA_DIR (set JWT_SECRET in production)');
  try {
    await ensureDatabaseExists(databaseUrl);
  } catch (error) {
    await stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (config.databaseUrl !== undefined && typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      const { host, port } = new URL(config.databaseUrl);
      throw new StartupError(
        `cannot reach the PostgreSQL of DATABASE_URL at ${host}${port ? '' : ':5432'} (${code}); ` +
          'check that it runs, or unset DATABASE_URL to use the embedded one.',
        { cause: error },
      );
    }
    throw error;
  }
  return { config: withOverrides(config, { databaseUrl, jwtSecret }) as ResolvedConfig, stop };
}

export async function runMigrations(config: ResolvedConfig, logger: Logger): Promise<void> {
  const handle = createDatabase(config.databaseUrl, 2);
  try {
    const applied = await migrateToLatest(handle.db);
    await migrateQueueSchema(handle.pool);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    else logger.debug('database schema is current');
  } finally {
    await handle.close();
  }
}
