/**
 * Bulk categorization end to end: 200 rules (contains 50 %, regex 20 %, contains + amount 20 %,
 * amount-only 10 %) over 5,000 / 100,000 (/ 1,000,000) transactions of one statement, through the real
 * path — TaskService.submit, the `bulk_categorize` job on a worker (PostgreSQL queue backend), one
 * database transaction with cursor reads and UPDATE … FROM jsonb_to_recordset writes plus the undo
 * journal — then the rules engine alone on the same descriptions (rule evaluations/s = transactions ×
 * rules / s). A fresh database per run; transactions are seeded with set-based INSERTs, not timed.
 *
 *   npx tsx bench/categorize.ts [sizes…]      default 5000 100000; add 1000000 for the large run
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig, withOverrides } from '../apps/server/src/config.js';
import { createContainer, type ResolvedConfig } from '../apps/server/src/container.js';
import { createDatabase } from '../apps/server/src/db/database.js';
import { migrateQueueSchema, migrateToLatest } from '../apps/server/src/db/migrate.js';
import { compileRules, type Rule, type RuleSubject } from '../apps/server/src/domain/rules/index.js';
import { startWorkers } from '../apps/server/src/jobs/index.js';
import { createLogger } from '../apps/server/src/logger.js';
import type { Principal } from '../apps/server/src/services/principal.js';

const RULES = 200;
const sizes = process.argv.slice(2).map(Number);
const server =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** Deterministic (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'zu',
  'ter',
  'van',
  'sho',
  'pri',
  'den',
  'bul',
  'cor',
  'nex',
  'ta',
  'ri',
  'mo',
];
const word = (n: number) => Array.from({ length: n }, () => pick(SYLLABLES)).join('');
const merchants = [...new Set(Array.from({ length: 400 }, () => word(3)))].slice(0, RULES);
const PREFIXES = ['POS PURCHASE', 'DEBIT ORDER', 'EFT PAYMENT', 'CARD PURCHASE', 'ONLINE PAYMENT'];
const SUFFIXES = ['STORE', 'ONLINE', '#1234', 'CAPE TOWN', 'JHB', ''];

function ruleBody(index: number, categoryIds: readonly string[]) {
  const merchant = merchants[index]!;
  const kind = index % 10;
  const conditions =
    index % 50 === 5
      ? [{ field: 'description', op: 'matches_regex', value: `\\b[a-z]{4}\\d{${2 + (index % 7)}}\\b` }]
      : kind < 5
        ? [{ field: 'description', op: 'contains', value: merchant }]
        : kind < 7
          ? [{ field: 'description', op: 'matches_regex', value: `${merchant}\\s*(?:store|online|#?\\d+)` }]
          : kind < 9
            ? [
                { field: 'description', op: 'contains', value: merchant },
                { field: 'amount', op: 'gt', value: 50_00, sign: 'money_out' },
              ]
            : [{ field: 'amount', op: 'between', min: index * 100, max: index * 100 + 99 }];
  return {
    name: `Rule ${index}`,
    priority: index,
    conditions: { match: 'all', conditions },
    actions: [{ type: 'set_category', category_id: categoryIds[index % categoryIds.length]! }],
  };
}

function makeTransaction() {
  const merchant = rand() < 0.5 ? pick(merchants) : word(3);
  const day = 1 + Math.floor(rand() * 28);
  return {
    description: `${pick(PREFIXES)}  ${merchant.toUpperCase()} ${pick(SUFFIXES)} ${Math.floor(rand() * 1e6)}`,
    amountMinor: (rand() < 0.8 ? -1 : 1) * Math.floor(rand() * 200_000),
    date: `2024-05-${String(day).padStart(2, '0')}`,
  };
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(statement);
  await client.end();
}

const dbName = `lf_bench_cat_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName}`);
const url = new URL(server);
url.pathname = `/${dbName}`;
const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerflow-bench-'));
const handle = createDatabase(url.toString(), 2);
await migrateToLatest(handle.db);
await migrateQueueSchema(handle.pool);
await handle.close();

const config = withOverrides(
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    QUEUE_BACKEND: 'postgres',
    TASK_SOFT_TIME_LIMIT: '3000',
    TASK_TIME_LIMIT: '3600',
  }),
  { databaseUrl: url.toString() },
) as ResolvedConfig;
const container = createContainer(config, createLogger('warn', 'bench'));
const stop = await startWorkers(container, { queues: ['bulk_operations'] });
const { db } = container.database;

try {
  const registered = await container.services.auth.register({
    email: 'bench@example.com',
    password: 'benchmark-password',
    name: 'Bench',
    organizationName: 'Bench',
  });
  const principal: Principal = {
    userId: registered.userId,
    organizationId: registered.organizationId,
    role: 'owner',
  };
  const categoryIds = (await container.repos.categories.list(principal.organizationId))
    .filter((c) => c.parentId !== null)
    .map((c) => c.id);
  const ruleRows = [];
  for (let i = 0; i < RULES; i++)
    ruleRows.push(await container.services.rules.create(principal, { ...ruleBody(i, categoryIds) }));
  const account = await container.repos.statements.findOrCreateAccount(principal.organizationId, {
    bankSource: 'bench_bank',
    accountNumber: '1',
    currency: 'ZAR',
    kind: 'asset',
    name: 'Bench',
  });

  const results = [];
  for (const size of sizes.length > 0 ? sizes : [5_000, 100_000]) {
    const statement = await container.repos.statements.create({
      organizationId: principal.organizationId,
      accountId: account.id,
      originalName: `bench-${size}.csv`,
      format: 'csv',
      bankSource: 'bench_bank',
      accountKind: 'asset',
      currency: 'ZAR',
      reconciled: true,
      reconciliationChecked: false,
      issues: '[]',
      problems: '[]',
    });
    const subjects: RuleSubject[] = [];
    for (let offset = 0; offset < size; offset += 20_000) {
      const chunk = Array.from({ length: Math.min(20_000, size - offset) }, (_, i) => ({
        ...makeTransaction(),
        row_index: offset + i,
      }));
      for (const t of chunk) subjects.push({ ...t, currency: 'ZAR' });
      await sql`
        INSERT INTO transactions (organization_id, statement_id, account_id, row_index, date, description,
          amount_minor, currency, fingerprint)
        SELECT ${principal.organizationId}, ${statement.id}, ${account.id}, v.row_index, v.date, v.description,
          v.amount_minor, 'ZAR', ${statement.id} || ':' || v.row_index
        FROM jsonb_to_recordset(${JSON.stringify(chunk.map((t) => ({ row_index: t.row_index, date: t.date, description: t.description, amount_minor: t.amountMinor })))}::jsonb)
          AS v (row_index int, date date, description text, amount_minor bigint)
      `.execute(db);
    }
    await sql`VACUUM ANALYZE transactions`.execute(db);

    const started = performance.now();
    const task = await container.services.categorization.submitBulk(principal, {
      statement_id: statement.id,
    });
    let row;
    for (;;) {
      row = await container.repos.tasks.findVisible(principal.organizationId, task.id, null);
      if (row && ['SUCCESS', 'FAILED', 'CANCELLED'].includes(row.status)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const endToEnd = (performance.now() - started) / 1000;
    if (row.status !== 'SUCCESS') throw new Error(`task ${row.status}: ${row.errorCode} ${row.errorMessage}`);
    const result = row.result as { changed: number; processed: number };
    const inJob = (row.finishedAt!.getTime() - row.startedAt!.getTime()) / 1000;

    const engine = compileRules(
      ruleRows.map((r) => ({
        id: r.id,
        name: r.name,
        priority: r.priority,
        active: r.active,
        stop_processing: r.stopProcessing,
        conditions: r.conditions as Rule['conditions'],
        actions: r.actions as Rule['actions'],
      })),
    );
    const engineStarted = performance.now();
    for (const subject of subjects) engine.evaluate(subject);
    const engineSeconds = (performance.now() - engineStarted) / 1000;

    results.push({
      transactions: size,
      'end to end s': Number(endToEnd.toFixed(2)),
      'in job s': Number(inJob.toFixed(2)),
      'transactions/s': Math.round(size / endToEnd),
      changed: result.changed,
      'engine alone s': Number(engineSeconds.toFixed(3)),
      'engine M rule evals/s': Number(((size * RULES) / engineSeconds / 1e6).toFixed(1)),
    });
    console.log(results.at(-1));
  }
  console.table(results);
} finally {
  await stop(1000);
  await container.close();
  await admin(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
