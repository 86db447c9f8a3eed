import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { up } from '../src/db/migrations/0007_rule_amounts.js';
import { compileRules, evaluate, type Rule } from '../src/domain/rules/index.js';
import { createTestContext, type TestContext } from './support/context.js';

/**
 * Migration 0007 on a real PostgreSQL: rules stored the old way (absolute minor units, optional sign)
 * are rewritten as signed decimals that match exactly the same transactions, read by today's engine.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());
const migrate = () => up(ctx.container.database.db as unknown as Kysely<unknown>);

type Old = Record<string, unknown>;

/** The old engine's amount semantics, as it was: |amount| compared, then the optional sign. */
function oldMatches(condition: Old, amount: number): boolean {
  const abs = Math.abs(amount);
  const sign = condition.sign as string | undefined;
  const signOk = sign === undefined || (sign === 'money_in' ? amount > 0 : amount < 0);
  if (condition.op === 'sign') return condition.value === 'money_in' ? amount > 0 : amount < 0;
  if (condition.op === 'between')
    return abs >= (condition.min as number) && abs <= (condition.max as number) && signOk;
  const value = condition.value as number;
  if (condition.op === 'gt') return abs > value && signOk;
  if (condition.op === 'lt') return abs < value && signOk;
  return abs === value && signOk;
}

const OLD_AMOUNTS: Old[] = [];
for (const sign of [undefined, 'money_in', 'money_out']) {
  for (const value of [0, 4500, 4501]) {
    for (const op of ['equals', 'gt', 'lt'])
      OLD_AMOUNTS.push({ field: 'amount', op, value, ...(sign ? { sign } : {}) });
  }
  for (const [min, max] of [
    [0, 0],
    [0, 4500],
    [100, 4500],
    [4500, 4500],
  ])
    OLD_AMOUNTS.push({ field: 'amount', op: 'between', min, max, ...(sign ? { sign } : {}) });
}
const AMOUNTS = [-4502, -4501, -4500, -4499, -101, -100, -99, -1, 0, 1, 99, 100, 101, 4499, 4500, 4501, 4502];
const text = { field: 'description', op: 'contains', value: 'shop' };

async function insertRule(organizationId: string, conditions: unknown): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO rules (organization_id, name, priority, conditions, actions)
    VALUES (${organizationId}, 'old', 10, ${JSON.stringify(conditions)}::jsonb,
            '[{"type":"add_tags","tags":["x"]}]'::jsonb)
    RETURNING id
  `.execute(ctx.container.database.db);
  return rows[0]!.id;
}

const stored = async (id: string) =>
  (
    await sql<{ conditions: Rule['conditions'] }>`SELECT conditions FROM rules WHERE id = ${id}`.execute(
      ctx.container.database.db,
    )
  ).rows[0]!.conditions;

describe('migration 0007: rule amounts as signed decimals', () => {
  it('converts every old amount condition exactly, at the top level and in nested groups of both kinds', async () => {
    const org = await ctx.container.repos.organizations.create('Old rules');
    // Each old condition alone, beside a text condition (all), as one alternative (any), and nested
    // in a group of the other kind, where its conversion needs the normal form.
    const shapes = (c: Old): Array<{ match: 'all' | 'any'; conditions: unknown[] }> => [
      { match: 'all', conditions: [c] },
      { match: 'all', conditions: [text, c] },
      { match: 'any', conditions: [text, c] },
      { match: 'all', conditions: [text, { match: 'any', conditions: [text, c] }] },
      { match: 'any', conditions: [text, { match: 'all', conditions: [text, c] }] },
      { match: 'all', conditions: [{ match: 'all', conditions: [c, text] }] },
    ];
    const rows: Array<{ id: string; old: Old; shape: number; group: unknown }> = [];
    for (const old of OLD_AMOUNTS) {
      for (const [shape, group] of shapes(old).entries())
        rows.push({ id: await insertRule(org.id, group), old, shape, group });
    }
    const untouched = await insertRule(org.id, { match: 'all', conditions: [text] });
    const signOnly = { match: 'any', conditions: [{ field: 'amount', op: 'sign', value: 'money_in' }] };
    const signRule = await insertRule(org.id, signOnly);

    await migrate();

    const oldGroup = (
      group: { match: string; conditions: unknown[] },
      description: string,
      amount: number,
    ) => {
      const test = (item: unknown): boolean => {
        const c = item as Old & { match?: string; conditions?: unknown[] };
        if (c.conditions) return oldGroup(c as never, description, amount);
        if (c.field === 'description') return description.includes('shop');
        return oldMatches(c, amount);
      };
      return group.match === 'all' ? group.conditions.every(test) : group.conditions.some(test);
    };
    let checked = 0;
    for (const row of rows) {
      const conditions = await stored(row.id);
      expect(JSON.stringify(conditions)).not.toContain('"sign":"money');
      const engine = compileRules([
        {
          id: row.id,
          name: 'n',
          priority: 0,
          active: true,
          stop_processing: false,
          conditions,
          actions: [{ type: 'add_tags', tags: ['x'] }],
        },
      ]);
      expect(engine.skipped, JSON.stringify(conditions)).toEqual([]);
      for (const description of ['shop', 'other']) {
        for (const amount of AMOUNTS) {
          const now = evaluate(engine, {
            description,
            amountMinor: amount,
            currency: 'ZAR',
            date: '2024-01-01',
          });
          const before = oldGroup(row.group as never, description, amount);
          expect(
            now.matchedRuleIds.length === 1,
            `${JSON.stringify(row.group)} on ${description} ${amount}`,
          ).toBe(before);
          checked++;
        }
      }
    }
    expect(checked).toBe(OLD_AMOUNTS.length * 6 * AMOUNTS.length * 2);
    expect(await stored(untouched)).toEqual({ match: 'all', conditions: [text] });
    expect(await stored(signRule)).toEqual(signOnly);

    // Again: nothing left to convert, nothing changes.
    const before = await Promise.all(rows.map((row) => stored(row.id)));
    await migrate();
    expect(await Promise.all(rows.map((row) => stored(row.id)))).toEqual(before);
  });

  it('writes the decimals simple rules would be written with, in the currency the rule names', async () => {
    const org = await ctx.container.repos.organizations.create('Old rules 2');
    const simple = await insertRule(org.id, {
      match: 'all',
      conditions: [text, { field: 'amount', op: 'between', min: 10_000, max: 15_000, sign: 'money_out' }],
    });
    const either = await insertRule(org.id, {
      match: 'all',
      conditions: [{ field: 'amount', op: 'equals', value: 4500 }],
    });
    const yen = await insertRule(org.id, {
      match: 'all',
      conditions: [
        { field: 'currency', op: 'equals', value: 'jpy' },
        { field: 'amount', op: 'gt', value: 4500, sign: 'money_in' },
      ],
    });
    await migrate();
    expect(await stored(simple)).toEqual({
      match: 'all',
      conditions: [text, { field: 'amount', op: 'between', min: '-150.00', max: '-100.00' }],
    });
    expect(await stored(either)).toEqual({
      match: 'all',
      conditions: [
        {
          match: 'any',
          conditions: [
            { field: 'amount', op: 'equals', value: '45.00' },
            { field: 'amount', op: 'equals', value: '-45.00' },
          ],
        },
      ],
    });
    expect((await stored(yen)).conditions[1]).toEqual({ field: 'amount', op: 'gt', value: '4500' });
  });

  it('runs on a database that already ran the later 0008 (numbers land out of order)', async () => {
    const db = ctx.container.database.db;
    await sql`DELETE FROM ledgerflow_migrations WHERE name = '0007_rule_amounts'`.execute(db);
    expect(await migrateToLatest(db)).toEqual(['0007_rule_amounts']);
    expect(await migrateToLatest(db)).toEqual([]);
  });
});
