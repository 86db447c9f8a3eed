import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Driver-level access for what Kysely cannot express (COPY): inside a transaction, that transaction's
 * connection; outside one, a pooled connection in a transaction of its own, so the work is still all or
 * nothing.
 */
export interface RawClient {
  run<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T>;
}

export const rawClientOf = (client: pg.ClientBase): RawClient => ({ run: (work) => work(client) });

export const rawClientFromPool = (pool: pg.Pool): RawClient => ({
  run: async (work) => {
    const client = await pool.connect();
    let healthy = true;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (healthy = false));
      throw error;
    } finally {
      client.release(!healthy);
    }
  },
});

/** One field of COPY's text format: NULL is \N; backslash, tab, newline and carriage return are escaped. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escapeChar) : value;
}
const escapeChar = (c: string) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r');

/** A text[] value as an array literal ({"a","b \"c\""}), before COPY's own escaping. */
export const arrayLiteral = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/**
 * COPY … FROM STDIN in the text format, streaming `lines` in chunks of about 256 KiB, so PostgreSQL
 * inserts one chunk while JavaScript builds the next (on two cores the two overlap instead of adding up).
 */
export async function copyLines(client: pg.ClientBase, statement: string, lines: Iterable<string>) {
  const stream = client.query(copyFrom(statement));
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  let chunk = '';
  try {
    for (const line of lines) {
      chunk += line;
      if (chunk.length >= 262_144) {
        if (!stream.write(chunk)) await drainOrFail(stream, done);
        chunk = '';
      }
    }
    stream.end(chunk);
  } catch (error) {
    stream.destroy(error as Error);
    await done.catch(() => undefined);
    throw error;
  }
  await done;
}

const drainOrFail = (stream: NodeJS.WritableStream, done: Promise<void>) =>
  Promise.race([new Promise<void>((resolve) => stream.once('drain', resolve)), done]);
