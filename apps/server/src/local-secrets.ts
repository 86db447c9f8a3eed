import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LocalSecrets {
  jwtSecret: string;
  postgresPassword: string;
}

const FILE_NAME = 'secrets.json';

/**
 * Secrets for the zero-configuration default, generated once (384 random bits each) and kept in the
 * data directory with owner-only permissions so restarts keep sessions and the embedded database valid.
 * Production deployments pass JWT_SECRET and DATABASE_URL instead.
 */
export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, FILE_NAME);
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalSecrets>;
    if (typeof parsed.jwtSecret === 'string' && typeof parsed.postgresPassword === 'string') {
      return { jwtSecret: parsed.jwtSecret, postgresPassword: parsed.postgresPassword };
    }
    throw new Error(`${file} is incomplete; move it away to generate new secrets`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets: LocalSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    postgresPassword: randomBytes(24).toString('base64url'),
  };
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  // 'wx' fails if a concurrently starting process wrote it first; then read theirs.
  try {
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateLocalSecrets(dataDir);
    throw error;
  }
  return secrets;
}
