import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Runs `sql` on the server's maintenance database (`postgres`). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export const uniqueName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/**
 * Clones the migrated template into a fresh database: a file-copy of a few MB, far faster than
 * running every migration per test file. Retries while another clone holds the template (55006).
 */
export async function cloneTemplate(serverUrl: string, template: string): Promise<string> {
  const name = uniqueName('lf_test');
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(
        serverUrl,
        `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`,
      );
      return name;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}
