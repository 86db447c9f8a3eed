import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewTransaction } from '../../src/db/types.js';
import { createTransactor, type Transactor } from '../../src/repositories/index.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { registerUser } from '../support/api.js';
import { seeded } from '../generators/random.js';

/**
 * Imports save transactions by COPY with duplicates found first. These tests hold it to what the earlier
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT (account_id, fingerprint) DO NOTHING` stored and counted
 * (kept here as the reference), on awkward text, in-file duplicates and overlapping re-imports.
 */
let ctx: TestContext;
let organizationId: string;
let transaction: Transactor;

beforeAll(async () => {
  ctx = await createTestContext();
  organizationId = (await registerUser(ctx.app, 'copy')).organizationId;
  transaction = createTransactor(ctx.container.database.pool);
});
afterAll(async () => {
  await ctx?.close();
});

async function account(number: string) {
  return ctx.container.repos.statements.findOrCreateAccount(organizationId, {
    bankSource: 'standard_bank',
    accountNumber: number,
    currency: 'ZAR',
    kind: 'asset',
    name: number,
  });
}

async function session(accountId: string) {
  return ctx.container.repos.statements.create({
    organizationId,
    accountId,
    originalName: 's.csv',
    format: 'csv',
    bankSource: 'standard_bank',
    accountKind: 'asset',
    currency: 'ZAR',
    reconciled: true,
    reconciliationChecked: false,
    issues: '[]',
    problems: '[]',
  });
}

const AWKWARD = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash \\N not null',
  'quote " and \'',
  'Müller & Söhne — ☕',
  '{braces},commas',
  '',
];

/** `count` rows over `fingerprints` distinct fingerprints (so some repeat inside the batch). */
function rows(accountId: string, statementId: string, seed: number, count: number, fingerprints: number) {
  const random = seeded(seed);
  const { pick, chance } = random;
  return Array.from({ length: count }, (_, i): NewTransaction => {
    return {
      organizationId,
      statementId,
      accountId,
      rowIndex: i,
      date: `2024-0${random.int(1, 9)}-1${random.int(0, 8)}`,
      valueDate: chance(0.5) ? null : '2024-02-29',
      description: `${pick(AWKWARD)} ${i}`,
      amountMinor: random.int(-5e8, 5e8),
      balanceMinor: chance(0.3) ? null : random.int(0, 1e12),
      currency: 'ZAR',
      bankReference: chance(0.5) ? null : pick(AWKWARD),
      fingerprint: `fp:${random.below(fingerprints)}`,
      tags: chance(0.5) ? [] : [pick(AWKWARD), 'plain'],
      payee: chance(0.5) ? null : pick(AWKWARD),
      note: chance(0.7) ? null : pick(AWKWARD),
    };
  });
}

/** The statement imports used before COPY, verbatim: the reference for what is stored and counted. */
async function referenceInsert(batch: readonly NewTransaction[]): Promise<number> {
  const column = <T>(pick: (row: NewTransaction) => T) => batch.map(pick);
  const result = await sql`
    INSERT INTO transactions (organization_id, statement_id, account_id, row_index, date, value_date,
      description, amount_minor, balance_minor, currency, bank_reference, fingerprint, category_id,
      category_source, rule_id, tags, payee, note)
    SELECT o, s, a, i, d, vd, de, am, ba, cu, br, fp, ca, cs, ru,
      ARRAY(SELECT jsonb_array_elements_text(tg::jsonb)), pa, no
    FROM unnest(
      ${column((r) => r.organizationId)}::uuid[], ${column((r) => r.statementId)}::uuid[],
      ${column((r) => r.accountId)}::uuid[], ${column((r) => r.rowIndex)}::int[],
      ${column((r) => r.date)}::date[], ${column((r) => r.valueDate ?? null)}::date[],
      ${column((r) => r.description)}::text[], ${column((r) => r.amountMinor)}::bigint[],
      ${column((r) => r.balanceMinor ?? null)}::bigint[], ${column((r) => r.currency)}::text[],
      ${column((r) => r.bankReference ?? null)}::text[], ${column((r) => r.fingerprint)}::text[],
      ${column((r) => r.categoryId ?? null)}::uuid[], ${column((r) => r.categorySource ?? null)}::text[],
      ${column((r) => r.ruleId ?? null)}::uuid[], ${column((r) => JSON.stringify(r.tags ?? []))}::text[],
      ${column((r) => r.payee ?? null)}::text[], ${column((r) => r.note ?? null)}::text[]
    ) AS t(o, s, a, i, d, vd, de, am, ba, cu, br, fp, ca, cs, ru, tg, pa, no)
    ON CONFLICT (account_id, fingerprint) DO NOTHING
  `.execute(ctx.container.database.db);
  return Number(result.numAffectedRows ?? 0);
}

/** What an account holds, in import order: its sessions' rows (by `sessions`' order), without ids or times. */
async function stored(accountId: string, sessions: readonly string[] = []) {
  const result = await ctx.container.database.db
    .selectFrom('transactions')
    .select([
      'rowIndex',
      'date',
      'valueDate',
      'description',
      'amountMinor',
      'balanceMinor',
      'currency',
      'bankReference',
      'fingerprint',
      'tags',
      'payee',
      'note',
    ])
    .select('statementId')
    .where('accountId', '=', accountId)
    .execute();
  return result
    .map(({ statementId, ...row }) => ({ ...row, batch: sessions.indexOf(statementId) }))
    .sort((a, b) => a.batch - b.batch || a.rowIndex - b.rowIndex);
}

describe('transactions saved by COPY', () => {
  it('stores and counts exactly what INSERT … ON CONFLICT DO NOTHING did, duplicates included', async () => {
    const copied = await account('copy-1');
    const reference = await account('reference-1');
    const counts: Array<[number, number]> = [];
    const sessions: [string[], string[]] = [[], []];
    // Batch 1 repeats fingerprints inside itself; batch 2 overlaps batch 1 and adds new ones.
    for (const [seed, count, fingerprints] of [
      [1, 3000, 2000],
      [2, 3000, 4000],
    ] as const) {
      const [a, b] = [await session(copied.id), await session(reference.id)];
      sessions[0].push(a.id);
      sessions[1].push(b.id);
      const viaCopy = await transaction((repos) =>
        repos.transactions.insertNew(rows(copied.id, a.id, seed, count, fingerprints)),
      );
      const viaInsert = await referenceInsert(rows(reference.id, b.id, seed, count, fingerprints));
      counts.push([viaCopy, viaInsert]);
    }
    for (const [viaCopy, viaInsert] of counts) expect(viaCopy).toBe(viaInsert);
    expect(counts[0]![0]).toBeLessThan(3000); // in-file duplicates were skipped
    expect(counts[1]![0]).toBeLessThan(3000); // so were the ones batch 1 stored
    expect(counts[1]![0]).toBeGreaterThan(0);
    const [a, b] = [await stored(copied.id, sessions[0]), await stored(reference.id, sessions[1])];
    expect(a.length).toBe(counts[0]![0] + counts[1]![0]);
    // Compared row by row: a failure names the first row that differs instead of diffing thousands.
    for (const [index, row] of a.entries()) expect(row, `row ${index}`).toEqual(b[index]);
  });

  it('outside a transaction, a batch is still all or nothing', async () => {
    const target = await account('copy-2');
    const statement = await session(target.id);
    const batch = rows(target.id, statement.id, 3, 500, 10_000);
    // A row that breaks a constraint (row_index is NOT NULL) in the middle of the batch.
    const broken = [...batch.slice(0, 250), { ...batch[250]!, rowIndex: null as never }, ...batch.slice(251)];
    await expect(ctx.container.repos.transactions.insertNew(broken)).rejects.toThrow();
    expect(await stored(target.id)).toEqual([]);
    expect(await ctx.container.repos.transactions.insertNew(batch)).toBeGreaterThan(0);
  });

  it('in a transaction that fails later, nothing is saved', async () => {
    const target = await account('copy-3');
    const statement = await session(target.id);
    await expect(
      transaction(async (repos) => {
        await repos.transactions.insertNew(rows(target.id, statement.id, 4, 200, 10_000));
        throw new Error('after the rows');
      }),
    ).rejects.toThrow('after the rows');
    expect(await stored(target.id)).toEqual([]);
  });
});
