import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { migrateQueueSchema, migrateToLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { adminQuery, databaseUrl, dropDatabase, uniqueName } from './support/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL (any database); tests clone `templateDatabase` on it. */
    postgresServerUrl: string;
    templateDatabase: string;
  }
}

/**
 * Uses TEST_DATABASE_URL (or DATABASE_URL) when set, as CI does; otherwise starts an embedded
 * PostgreSQL for the run. Then migrates one template database that every test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger('warn', 'test-setup');
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let embeddedDir: string | undefined;
  if (!serverUrl) {
    embeddedDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-test-pg-'));
    await chmod(embeddedDir, 0o755); // the server may run as the `postgres` user
    const embedded = await startEmbeddedPostgres(embeddedDir, 'test-password', logger);
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }

  const template = uniqueName('lf_template');
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const handle = createDatabase(databaseUrl(serverUrl, template), 2);
  try {
    await migrateToLatest(handle.db);
    await migrateQueueSchema(handle.pool);
  } finally {
    await handle.close();
  }
  project.provide('postgresServerUrl', serverUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await dropDatabase(serverUrl, template);
    await stopEmbedded?.();
    if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  };
}
