import type { BulkCategorizeResult, Category, RuleView } from '@ledgerflow/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStarterCategories } from '../src/db/seed-categories.js';
import { STARTER_RULES } from '../src/domain/categories/starter-rules.js';
import { as, expectProblem, registerUser, type TestUser } from './support/api.js';
import { createWorkerTestContext, type TestContext } from './support/context.js';
import { backendEnv, isFinished, submitTask, successResult, waitForTask } from './support/tasks.js';
import { importFile } from './imports/support.js';
import { seedStatement, transactionRows } from './support/transactions.js';

/**
 * Categorization end to end: categories and rules through HTTP, the bulk_categorize job on a real worker,
 * preview, undo, manual edits, and the import's automatic step. Transactions are seeded through the
 * repositories, as the import job writes them.
 */
let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let categories: Category[];

beforeAll(async () => {
  // Progress unthrottled: every 10 transactions is written, so a test can watch a job and cancel it mid-way.
  ctx = await createWorkerTestContext(backendEnv('postgres', { PROGRESS_THROTTLE_MS: '0' }));
  alice = await registerUser(ctx.app, 'alice');
  bob = await registerUser(ctx.app, 'bob');
  categories = (await as(ctx.app, alice)({ method: 'GET', url: '/categories' })).json<{ items: Category[] }>()
    .items;
});
afterAll(async () => {
  await ctx?.close();
});

const category = (key: string) => {
  const found = categories.find((c) => c.key === key);
  if (!found) throw new Error(`no starter category ${key}`);
  return found.id;
};

async function createRule(user: TestUser, body: Record<string, unknown>): Promise<RuleView> {
  const res = await as(ctx.app, user)({ method: 'POST', url: '/rules', payload: { name: 'rule', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<RuleView>();
}

const tagRule = (tag: string, conditions: unknown[], extra: Record<string, unknown> = {}) => ({
  name: tag,
  conditions: { match: 'all', conditions },
  actions: [{ type: 'add_tags', tags: [tag] }],
  ...extra,
});

const submitBulk = (user: TestUser, body: Record<string, unknown>) =>
  submitTask(ctx.app, user, '/bulk_categorize_async', body);

async function runBulk(user: TestUser, body: Record<string, unknown>) {
  const taskId = await submitBulk(user, body);
  return { taskId, result: await successResult<BulkCategorizeResult>(ctx.app, user, taskId) };
}

describe('categories', () => {
  it('a new organization starts with the starter set, two levels with kinds', () => {
    const groceries = categories.find((c) => c.key === 'expense.food.groceries');
    const food = categories.find((c) => c.key === 'expense.food');
    expect(food).toMatchObject({ parent_id: null, kind: 'expense', name: 'Food' });
    expect(groceries).toMatchObject({ parent_id: food?.id, kind: 'expense' });
    expect(categories.filter((c) => c.kind === 'income').length).toBeGreaterThan(3);
  });

  it('creates groups and categories; a child takes its group kind; names are unique per parent', async () => {
    const api = as(ctx.app, alice);
    const group = await api({
      method: 'POST',
      url: '/categories',
      payload: { name: 'Pets', kind: 'expense' },
    });
    expect(group.statusCode, group.body).toBe(201);
    const groupId = group.json<Category>().id;
    const child = await api({
      method: 'POST',
      url: '/categories',
      payload: { name: 'Vet', parent_id: groupId },
    });
    expect(child.json<Category>()).toMatchObject({ parent_id: groupId, kind: 'expense', key: null });
    const again = await api({
      method: 'POST',
      url: '/categories',
      payload: { name: ' vet ', parent_id: groupId },
    });
    expectProblem(again, 409, 'CATEGORY_NAME_TAKEN');
    const grandchild = await api({
      method: 'POST',
      url: '/categories',
      payload: { name: 'Dogs', parent_id: child.json<Category>().id },
    });
    expectProblem(grandchild, 422, 'CATEGORY_INVALID_PARENT');
    const patched = await api({
      method: 'PATCH',
      url: `/categories/${groupId}`,
      payload: { kind: 'transfer' },
    });
    expect(patched.json<Category>().kind).toBe('transfer');
    const reread = await api({ method: 'GET', url: `/categories/${child.json<Category>().id}` });
    expect(reread.json<Category>().kind).toBe('transfer');
  });

  it('deleting a category in use asks what to do: 409 with counts, reassign_to, or uncategorize', async () => {
    const api = as(ctx.app, alice);
    const make = async (name: string) =>
      (await api({ method: 'POST', url: '/categories', payload: { name, kind: 'expense' } })).json<Category>()
        .id;
    const [doomed, target, other] = [await make('Doomed'), await make('Target'), await make('Other doomed')];
    const { ids } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'a', amountMinor: -100 },
      { description: 'b', amountMinor: -100 },
      { description: 'c', amountMinor: -100 },
    ]);
    const patch = (list: string[], categoryId: string) =>
      api({ method: 'PATCH', url: '/transactions', payload: { ids: list, category_id: categoryId } });
    expect((await patch([ids[0]!, ids[1]!], doomed)).json()).toEqual({ updated: 2 });
    expect((await patch([ids[2]!], other)).json()).toEqual({ updated: 1 });
    const rule = await createRule(alice, {
      conditions: { match: 'all', conditions: [{ field: 'description', op: 'equals', value: 'zzz' }] },
      actions: [{ type: 'set_category', category_id: doomed }],
    });

    const refused = await api({ method: 'DELETE', url: `/categories/${doomed}` });
    expectProblem(refused, 409, 'CATEGORY_IN_USE');
    expect(refused.json<{ detail: string }>().detail).toContain('2 transactions and 1 rules');

    expect(
      (await api({ method: 'DELETE', url: `/categories/${doomed}?reassign_to=${target}` })).statusCode,
    ).toBe(204);
    expect((await transactionRows(ctx.container, [ids[0]!, ids[1]!])).map((t) => t.categoryId)).toEqual([
      target,
      target,
    ]);
    const moved = (await api({ method: 'GET', url: `/rules/${rule.id}` })).json<RuleView>();
    expect(moved.actions).toEqual([{ type: 'set_category', category_id: target }]);

    const rule2 = await createRule(alice, {
      conditions: { match: 'all', conditions: [{ field: 'description', op: 'equals', value: 'zzz' }] },
      actions: [{ type: 'set_category', category_id: other }],
    });
    expect((await api({ method: 'DELETE', url: `/categories/${other}?uncategorize=true` })).statusCode).toBe(
      204,
    );
    expect((await transactionRows(ctx.container, [ids[2]!]))[0]).toMatchObject({
      categoryId: null,
      categorySource: null,
    });
    expect((await api({ method: 'GET', url: `/rules/${rule2.id}` })).json<RuleView>().active).toBe(false);
    expect((await api({ method: 'GET', url: `/categories/${other}` })).statusCode).toBe(404);
  });

  it('seeds the starter set for organizations that existed before the migration, idempotently', async () => {
    const db = ctx.container.database.db;
    const org = await ctx.container.repos.organizations.create('Old books');
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('categories')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('organizationId', '=', org.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(0);
    await seedStarterCategories(db);
    const seeded = await count();
    expect(seeded).toBe(categories.filter((c) => c.key !== null).length);
    await seedStarterCategories(db);
    expect(await count()).toBe(seeded);
  });
});

describe('rules', () => {
  it('refuses patterns RE2 cannot run (backreference, lookaround, bad syntax) at save time with 422', async () => {
    for (const value of ['(a)\\1', 'foo(?=bar)', '(?<!x)y', '(unclosed']) {
      const res = await as(
        ctx.app,
        alice,
      )({
        method: 'POST',
        url: '/rules',
        payload: tagRule('bad', [{ field: 'description', op: 'matches_regex', value }]),
      });
      expectProblem(res, 422, 'RULE_INVALID');
      const body = res.json<{ errors: Array<{ path: string; message: string }> }>();
      expect(body.errors[0]?.path).toBe('/body/conditions/conditions/0/value');
      expect(body.errors[0]?.message).toMatch(/^REGEX_(UNSUPPORTED|INVALID): /);
    }
    const list = (await as(ctx.app, alice)({ method: 'GET', url: '/rules' })).json<{ items: RuleView[] }>();
    expect(list.items.some((r) => r.name === 'bad')).toBe(false);
  });

  it("refuses another organization's category, unknown conditions and rules without actions", async () => {
    const foreign = await as(
      ctx.app,
      bob,
    )({
      method: 'POST',
      url: '/rules',
      payload: {
        name: 'x',
        conditions: { match: 'all', conditions: [{ field: 'description', op: 'contains', value: 'x' }] },
        actions: [{ type: 'set_category', category_id: category('expense.food.groceries') }],
      },
    });
    expectProblem(foreign, 422, 'RULE_INVALID');
    expect(foreign.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe(
      '/body/actions/0/category_id',
    );
    const unknown = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/rules',
      payload: tagRule('x', [{ field: 'description', op: 'sounds_like', value: 'x' }]),
    });
    expectProblem(unknown, 422, 'RULE_INVALID');
    const noActions = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/rules',
      payload: { ...tagRule('x', [{ field: 'amount', op: 'sign', value: 'money_in' }]), actions: [] },
    });
    expectProblem(noActions, 422, 'RULE_INVALID');
  });

  it('checks conditions and actions against their schema: 422 RULE_INVALID naming the condition', async () => {
    const api = as(ctx.app, alice);
    const post = (conditions: unknown[], actions: unknown[] = [{ type: 'add_tags', tags: ['x'] }]) =>
      api({
        method: 'POST',
        url: '/rules',
        payload: { name: 'x', conditions: { match: 'all', conditions }, actions },
      });
    const cases: Array<[unknown[], unknown[] | undefined, string, RegExp]> = [
      [[{ field: 'amount', op: 'greater', value: '1' }], undefined, '/0', /^UNKNOWN_CONDITION: /],
      [[{ field: 'amount', op: 'gt', value: '12,50' }], undefined, '/0/value', /^INVALID_VALUE: /],
      // The old form (absolute minor units, a sign) says how to write it now; it is never coerced.
      [[{ field: 'amount', op: 'gt', value: 4500, sign: 'money_out' }], undefined, '/0/value', /"-12.50"/],
      [[{ field: 'date', op: 'between', from: '2024-01-01' }], undefined, '/0', /^INVALID_VALUE: /],
      [
        [{ match: 'any', conditions: [{ match: 'all', conditions: [] }] }],
        undefined,
        '/0/conditions/0',
        /^UNKNOWN_CONDITION: /,
      ],
      [
        [{ field: 'description', op: 'contains', value: 'x' }],
        [{ type: 'set_colour' }],
        '',
        /^UNKNOWN_ACTION/,
      ],
    ];
    for (const [conditions, actions, path, message] of cases) {
      const res = await post(conditions, actions);
      expectProblem(res, 422, 'RULE_INVALID');
      const problem = res.json<{ errors: Array<{ path: string; message: string }> }>().errors[0]!;
      const base = actions ? '/body/actions/0' : '/body/conditions/conditions';
      expect(problem.path, JSON.stringify(conditions)).toBe(actions ? base : base + path);
      expect(problem.message).toMatch(message);
    }
    // A missing field is the HTTP schema's: 400, as for any request.
    expectProblem(
      await api({ method: 'POST', url: '/rules', payload: { name: 'x', actions: [] } }),
      400,
      'VALIDATION_FAILED',
    );
    // An unsaved rule in a preview is checked the same way.
    const preview = await api({
      method: 'POST',
      url: '/rules/preview',
      payload: { rule: tagRule('p', [{ field: 'amount', op: 'lt', value: -100 }]) },
    });
    expectProblem(preview, 422, 'RULE_INVALID');
    expect(preview.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe(
      '/body/rule/conditions/conditions/0/value',
    );
  });

  it('documents conditions and actions in /openapi.json, and stores a rule exactly as sent', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
    }>();
    const body = JSON.stringify(doc.paths['/rules']!.post!.requestBody.content['application/json']!.schema);
    for (const expected of ['"matches_regex"', '"day_of_month"', '"set_category"', '"money_out"', '"-12.50"'])
      expect(body).toContain(expected);
    const conditions = {
      match: 'all',
      conditions: [
        { field: 'bank_source', op: 'one_of', values: ['012', '7'] },
        { match: 'any', conditions: [{ field: 'date', op: 'day_of_month', values: [1, 15] }] },
        { field: 'amount', op: 'between', min: '-0010.5', max: '-1' },
      ],
    };
    const rule = await createRule(alice, { conditions, actions: [{ type: 'add_tags', tags: ['t'] }] });
    expect(rule.conditions).toEqual(conditions);
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('updates and deletes a rule; a new rule runs last', async () => {
    const api = as(ctx.app, alice);
    const first = await createRule(
      alice,
      tagRule('first', [{ field: 'description', op: 'contains', value: 'q' }]),
    );
    const second = await createRule(
      alice,
      tagRule('second', [{ field: 'description', op: 'contains', value: 'q' }]),
    );
    expect(second.priority).toBeGreaterThan(first.priority);
    const put = await api({
      method: 'PUT',
      url: `/rules/${first.id}`,
      payload: tagRule('renamed', [{ field: 'description', op: 'contains', value: 'r' }], { active: false }),
    });
    expect(put.json<RuleView>()).toMatchObject({ name: 'renamed', active: false, priority: first.priority });
    expect((await api({ method: 'DELETE', url: `/rules/${first.id}` })).statusCode).toBe(204);
    expect((await api({ method: 'DELETE', url: `/rules/${second.id}` })).statusCode).toBe(204);
    expect((await api({ method: 'GET', url: `/rules/${first.id}` })).statusCode).toBe(404);
  });
});

describe('the bulk_categorize job', () => {
  it('applies every kind of condition, ignoring case and extra spaces', async () => {
    const a = await seedStatement(ctx.container, alice.organizationId, [
      { description: '  STARBUCKS   Coffee #123 ', amountMinor: -4500, date: '2024-03-05' },
      { description: 'Salary ACME Corp', amountMinor: 2_500_000, date: '2024-03-25' },
      { description: 'Uber trip', amountMinor: -12_000, date: '2024-04-01' },
    ]);
    const b = await seedStatement(
      ctx.container,
      alice.organizationId,
      [{ description: 'Rent payment', amountMinor: -800_000, date: '2024-03-01', currency: 'USD' }],
      { bankSource: 'fnb', currency: 'USD' },
    );
    const [t0, t1, t2] = a.ids as [string, string, string];
    const t3 = b.ids[0]!;
    const description = (op: string, value: unknown) =>
      op === 'one_of' ? { field: 'description', op, values: value } : { field: 'description', op, value };
    const cases: Array<[string, unknown[], string[]]> = [
      ['contains', [description('contains', '  Starbucks   COFFEE')], [t0]],
      ['not_contains', [description('not_contains', 'UBER')], [t0, t1, t3]],
      ['equals', [description('equals', 'salary acme  corp')], [t1]],
      ['starts_with', [description('starts_with', 'starbucks')], [t0]],
      ['ends_with', [description('ends_with', 'TRIP')], [t2]],
      ['one_of', [description('one_of', ['lyft ride', 'UBER  TRIP'])], [t2]],
      ['matches_regex', [description('matches_regex', 'coffee\\s*#\\d+$')], [t0]],
      // Amounts are signed decimals: money in positive, money out negative.
      ['amount_equals_out', [{ field: 'amount', op: 'equals', value: '-45.00' }], [t0]],
      ['amount_equals_in', [{ field: 'amount', op: 'equals', value: '25000' }], [t1]],
      ['amount_gt_in', [{ field: 'amount', op: 'gt', value: '10000' }], [t1]],
      ['amount_lt_out', [{ field: 'amount', op: 'lt', value: '-100' }], [t2, t3]],
      ['amount_gt_small_out', [{ field: 'amount', op: 'gt', value: '-50' }], [t0, t1]],
      ['amount_between_out', [{ field: 'amount', op: 'between', min: '-150', max: '-100' }], [t2]],
      ['amount_between_both', [{ field: 'amount', op: 'between', min: '-45', max: '25000.00' }], [t0, t1]],
      ['money_in', [{ field: 'amount', op: 'sign', value: 'money_in' }], [t1]],
      ['date_between', [{ field: 'date', op: 'between', from: '2024-04-01', to: '2024-04-30' }], [t2]],
      ['day_of_month', [{ field: 'date', op: 'day_of_month', values: [1] }], [t2, t3]],
      ['account', [{ field: 'account', op: 'equals', value: b.accountId }], [t3]],
      ['statement', [{ field: 'statement', op: 'one_of', values: [b.statementId] }], [t3]],
      ['bank_source', [{ field: 'bank_source', op: 'equals', value: 'FNB' }], [t3]],
      ['currency', [{ field: 'currency', op: 'equals', value: 'usd' }], [t3]],
      [
        'nested_any',
        [
          { field: 'amount', op: 'sign', value: 'money_out' },
          { match: 'any', conditions: [description('contains', 'salary'), description('contains', 'rent')] },
        ],
        [t3],
      ],
    ];
    const rules = [];
    for (const [tag, conditions] of cases) rules.push(await createRule(alice, tagRule(tag, conditions)));
    const anyRule = await createRule(alice, {
      ...tagRule('any_group', []),
      conditions: {
        match: 'any',
        conditions: [description('equals', 'uber trip'), description('equals', 'rent payment')],
      },
    });
    rules.push(anyRule);
    cases.push(['any_group', [], [t2, t3]]);

    const { result } = await runBulk(alice, {
      filter: { account_id: [a.accountId, b.accountId] },
      rule_ids: rules.map((r) => r.id),
    });
    expect(result).toMatchObject({ processed: 4, changed: 4, unchanged: 0, rules_applied: cases.length });
    const rows = await transactionRows(ctx.container, [t0, t1, t2, t3]);
    for (const [index, id] of [t0, t1, t2, t3].entries()) {
      const expected = cases.filter(([, , matches]) => matches.includes(id)).map(([tag]) => tag);
      expect([...rows[index]!.tags].sort(), `transaction ${index}`).toEqual(expected.sort());
    }
    for (const rule of rules) await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('applies every kind of action: category, tags, payee, note; reports per-category counts', async () => {
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'WOOLWORTHS FOOD 1234', amountMinor: -35_000 },
      { description: 'woolworths food 99', amountMinor: -1000 },
      { description: 'Netflix', amountMinor: -19_900 },
    ]);
    const groceries = category('expense.food.groceries');
    const rule = await createRule(alice, {
      conditions: {
        match: 'all',
        conditions: [{ field: 'description', op: 'starts_with', value: 'woolworths food' }],
      },
      actions: [
        { type: 'set_category', category_id: groceries },
        { type: 'add_tags', tags: ['food', 'Household'] },
        { type: 'set_payee', payee: 'Woolworths' },
        { type: 'set_note', note: 'Weekly shop' },
      ],
    });
    const { taskId, result } = await runBulk(alice, { statement_id: statementId, rule_ids: [rule.id] });
    expect(result).toMatchObject({ processed: 3, changed: 2, unchanged: 1, skipped_manual: 0 });
    expect(result.per_category).toEqual([{ category_id: groceries, name: 'Groceries', count: 2 }]);
    const rows = await transactionRows(ctx.container, ids);
    expect(rows[0]).toMatchObject({
      categoryId: groceries,
      categorySource: 'rule',
      ruleId: rule.id,
      tags: ['food', 'Household'],
      payee: 'Woolworths',
      note: 'Weekly shop',
    });
    expect(rows[2]).toMatchObject({ categoryId: null, tags: [], payee: null });
    // Running again changes nothing: the job is idempotent in effect.
    const again = await runBulk(alice, { statement_id: statementId, rule_ids: [rule.id] });
    expect(again.result).toMatchObject({ processed: 3, changed: 0, unchanged: 3 });
    // The same task run again (a worker died after the commit) returns its first result, writing nothing.
    await ctx.container.database.db
      .updateTable('transactions')
      .set({ payee: 'Edited' })
      .where('id', '=', ids[0]!)
      .execute();
    const rerun = await ctx.container.services.categorization.runBulk(taskId, alice.organizationId, {
      statement_id: statementId,
      rule_ids: [rule.id],
    });
    expect(rerun).toEqual(result);
    expect((await transactionRows(ctx.container, [ids[0]!]))[0]?.payee).toBe('Edited');
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('runs rules in priority order; the first category wins; stop_processing ends evaluation; reorder', async () => {
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'Corner grocer', amountMinor: -5000 },
    ]);
    const grocer = { field: 'description', op: 'contains', value: 'grocer' };
    const catA = category('expense.food.groceries');
    const catB = category('expense.food.restaurants');
    const r1 = await createRule(alice, {
      ...tagRule('r1', [grocer]),
      actions: [
        { type: 'set_category', category_id: catA },
        { type: 'add_tags', tags: ['r1'] },
      ],
    });
    const r2 = await createRule(alice, {
      ...tagRule('r2', [grocer], { stop_processing: true }),
      actions: [
        { type: 'set_category', category_id: catB },
        { type: 'add_tags', tags: ['r2'] },
      ],
    });
    const r3 = await createRule(alice, tagRule('r3', [grocer]));
    const ruleIds = [r3.id, r2.id, r1.id]; // the order given here does not matter; priority does
    await runBulk(alice, { statement_id: statementId, rule_ids: ruleIds });
    expect((await transactionRows(ctx.container, ids))[0]).toMatchObject({
      categoryId: catA,
      ruleId: r1.id,
      tags: ['r1', 'r2'],
    });

    const all = (await as(ctx.app, alice)({ method: 'GET', url: '/rules' })).json<{ items: RuleView[] }>()
      .items;
    const order = [r2.id, ...all.map((r) => r.id).filter((id) => id !== r2.id)];
    const reordered = await as(
      ctx.app,
      alice,
    )({ method: 'POST', url: '/rules/reorder', payload: { ids: order } });
    expect(reordered.json<{ items: RuleView[] }>().items.map((r) => r.id)).toEqual(order);
    const partial = await as(
      ctx.app,
      alice,
    )({ method: 'POST', url: '/rules/reorder', payload: { ids: [r2.id] } });
    expectProblem(partial, 422, 'RULE_REORDER_INCOMPLETE');

    await runBulk(alice, { statement_id: statementId, rule_ids: ruleIds });
    expect((await transactionRows(ctx.container, ids))[0]).toMatchObject({
      categoryId: catB,
      ruleId: r2.id,
      tags: ['r1', 'r2'],
    });
    for (const rule of [r1, r2, r3]) await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('runs a catastrophic-backtracking pattern like (a+)+$ on hostile text in linear time', async () => {
    const hostile = `${'a'.repeat(20_000)}!`;
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: hostile, amountMinor: -100 },
      { description: 'aaaa', amountMinor: -100 },
    ]);
    const evil = tagRule('evil', [{ field: 'description', op: 'matches_regex', value: '(a+)+$' }]);
    const preview = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/rules/preview',
      payload: { rule: evil, filter: { statement_id: statementId } },
    });
    expect(preview.json()).toMatchObject({ scanned: 2, matched: 1, sample: [{ id: ids[1] }] });
    const rule = await createRule(alice, evil);
    // A backtracking engine would take longer than the age of the universe on the first row.
    const { result } = await runBulk(alice, { statement_id: statementId, rule_ids: [rule.id] });
    expect(result).toMatchObject({ processed: 2, changed: 1 });
    expect((await transactionRows(ctx.container, ids)).map((t) => t.tags)).toEqual([[], ['evil']]);
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('a dry run lists the proposed changes and writes nothing (and has nothing to undo)', async () => {
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'Engen fuel', amountMinor: -60_000 },
      { description: 'Shell fuel', amountMinor: -55_000 },
      { description: 'Bakery', amountMinor: -3000 },
    ]);
    const fuel = category('expense.transport.fuel');
    const rule = await createRule(alice, {
      conditions: { match: 'all', conditions: [{ field: 'description', op: 'ends_with', value: 'fuel' }] },
      actions: [{ type: 'set_category', category_id: fuel }],
    });
    const { taskId, result } = await runBulk(alice, {
      statement_id: statementId,
      rule_ids: [rule.id],
      dry_run: true,
    });
    expect(result).toMatchObject({
      dry_run: true,
      processed: 3,
      changed: 2,
      proposed_changes_truncated: false,
    });
    expect(
      result.proposed_changes
        ?.map((c) => [c.transaction_id, c.after.category_id, c.after.category_source])
        .sort(),
    ).toEqual(
      [
        [ids[0], fuel, 'rule'],
        [ids[1], fuel, 'rule'],
      ].sort(),
    );
    expect(result.proposed_changes?.[0]?.before.category_id).toBeNull();
    expect((await transactionRows(ctx.container, ids)).map((t) => t.categoryId)).toEqual([null, null, null]);
    const undo = await as(ctx.app, alice)({ method: 'POST', url: `/tasks/${taskId}/undo` });
    expectProblem(undo, 409, 'TASK_NOT_UNDOABLE');
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('leaves manually categorized transactions alone unless overwrite is asked', async () => {
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'Pick n Pay', amountMinor: -20_000 },
      { description: 'Pick n Pay', amountMinor: -30_000 },
    ]);
    const groceries = category('expense.food.groceries');
    const household = category('expense.shopping.household');
    const manual = await as(
      ctx.app,
      alice,
    )({
      method: 'PATCH',
      url: '/transactions',
      payload: { ids: [ids[0]], category_id: household, note: 'kept' },
    });
    expect(manual.json()).toEqual({ updated: 1 });
    const rule = await createRule(alice, {
      conditions: {
        match: 'all',
        conditions: [{ field: 'description', op: 'contains', value: 'pick n pay' }],
      },
      actions: [{ type: 'set_category', category_id: groceries }],
    });
    const first = await runBulk(alice, { statement_id: statementId, rule_ids: [rule.id] });
    expect(first.result).toMatchObject({ processed: 2, changed: 1, unchanged: 1, skipped_manual: 1 });
    expect(await transactionRows(ctx.container, ids)).toMatchObject([
      { categoryId: household, categorySource: 'manual', note: 'kept' },
      { categoryId: groceries, categorySource: 'rule', ruleId: rule.id },
    ]);
    const second = await runBulk(alice, { statement_id: statementId, rule_ids: [rule.id], overwrite: true });
    expect(second.result).toMatchObject({ processed: 2, changed: 1, skipped_manual: 0 });
    expect((await transactionRows(ctx.container, ids))[0]).toMatchObject({
      categoryId: groceries,
      categorySource: 'rule',
      note: 'kept',
    });
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('undo restores the previous values, skips what changed since, and refuses a second undo', async () => {
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'Vodacom airtime', amountMinor: -9900 },
      { description: 'Vodacom data', amountMinor: -14_900 },
      { description: 'Vodacom contract', amountMinor: -49_900 },
    ]);
    const phone = category('expense.utilities.phone');
    await as(
      ctx.app,
      alice,
    )({ method: 'PATCH', url: '/transactions', payload: { ids: [ids[1]], tags: ['old'] } });
    const rule = await createRule(alice, {
      conditions: {
        match: 'all',
        conditions: [{ field: 'description', op: 'starts_with', value: 'vodacom' }],
      },
      actions: [
        { type: 'set_category', category_id: phone },
        { type: 'add_tags', tags: ['telecom'] },
      ],
    });
    const { taskId } = await runBulk(alice, { statement_id: statementId, rule_ids: [rule.id] });
    expect((await transactionRows(ctx.container, ids)).map((t) => t.tags)).toEqual([
      ['telecom'],
      ['old', 'telecom'],
      ['telecom'],
    ]);
    // A person re-files one meanwhile: undo must not clobber it.
    const internet = category('expense.utilities.internet');
    await as(
      ctx.app,
      alice,
    )({ method: 'PATCH', url: '/transactions', payload: { ids: [ids[2]], category_id: internet } });

    const undo = await as(ctx.app, alice)({ method: 'POST', url: `/tasks/${taskId}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toEqual({ task_id: taskId, restored: 2, skipped: 1 });
    expect(await transactionRows(ctx.container, ids)).toMatchObject([
      { categoryId: null, categorySource: null, ruleId: null, tags: [] },
      { categoryId: null, categorySource: null, ruleId: null, tags: ['old'] },
      { categoryId: internet, categorySource: 'manual', tags: ['telecom'] },
    ]);
    expectProblem(
      await as(ctx.app, alice)({ method: 'POST', url: `/tasks/${taskId}/undo` }),
      409,
      'TASK_ALREADY_UNDONE',
    );
    expectProblem(await as(ctx.app, bob)({ method: 'POST', url: `/tasks/${taskId}/undo` }), 404, 'NOT_FOUND');
    const sleep = await as(
      ctx.app,
      alice,
    )({ method: 'POST', url: '/tasks/sleep_demo_async', payload: { seconds: 0 } });
    const sleepId = sleep.json<{ task_id: string }>().task_id;
    await waitForTask(ctx.app, alice, sleepId, isFinished);
    expectProblem(
      await as(ctx.app, alice)({ method: 'POST', url: `/tasks/${sleepId}/undo` }),
      409,
      'TASK_NOT_UNDOABLE',
    );
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('reports rising progress and, cancelled mid-way, changes nothing', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      description: `Shop ${i}`,
      amountMinor: -100 - i,
    }));
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, rows);
    const rule = await createRule(alice, {
      conditions: { match: 'all', conditions: [{ field: 'description', op: 'contains', value: 'shop' }] },
      actions: [
        { type: 'set_category', category_id: category('expense.shopping.household') },
        { type: 'add_tags', tags: ['bulk'] },
      ],
    });
    const taskId = await submitBulk(alice, { statement_id: statementId, rule_ids: [rule.id] });
    // Past 30 %: the first 5,000-row batch has been written inside the job's transaction.
    const { seen } = await waitForTask(
      ctx.app,
      alice,
      taskId,
      (v) => isFinished(v) || (v.status === 'PROCESSING' && v.progress_percent >= 30),
      60_000,
    );
    const cancel = await as(ctx.app, alice)({ method: 'DELETE', url: `/tasks/${taskId}` });
    expect([200, 202]).toContain(cancel.statusCode);
    const { last } = await waitForTask(ctx.app, alice, taskId, isFinished, 30_000);
    expect(last.status).toBe('CANCELLED');
    const progress = seen.filter((v) => v.status === 'PROCESSING').map((v) => v.progress_percent);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    expect(seen.at(-1)?.progress_message).toMatch(/^Categorized \d+ of 20000 transactions$/);

    const touched = await sql<{ n: number }>`
      SELECT count(*) AS n FROM transactions
      WHERE statement_id = ${statementId} AND (category_id IS NOT NULL OR tags <> '{}')
    `.execute(ctx.container.database.db);
    expect(Number(touched.rows[0]?.n)).toBe(0);
    const journal = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM category_changes WHERE task_id = ${taskId}`.execute(
      ctx.container.database.db,
    );
    expect(Number(journal.rows[0]?.n)).toBe(0);
    expect(ids).toHaveLength(20_000);
    expectProblem(
      await as(ctx.app, alice)({ method: 'POST', url: `/tasks/${taskId}/undo` }),
      409,
      'TASK_NOT_SUCCEEDED',
    );
    await as(ctx.app, alice)({ method: 'DELETE', url: `/rules/${rule.id}` });
  });

  it('refuses a request without exactly one scope, or naming what is not the caller’s', async () => {
    const api = as(ctx.app, alice);
    const none = await api({ method: 'POST', url: '/bulk_categorize_async', payload: {} });
    expectProblem(none, 422, 'BULK_SCOPE_INVALID');
    const { ids, statementId } = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'x', amountMinor: 1 },
    ]);
    const two = await api({
      method: 'POST',
      url: '/bulk_categorize_async',
      payload: { statement_id: statementId, transaction_ids: ids },
    });
    expectProblem(two, 422, 'BULK_SCOPE_INVALID');
    const bobs = as(ctx.app, bob);
    for (const payload of [{ statement_id: statementId }, { transaction_ids: ids }]) {
      expectProblem(await bobs({ method: 'POST', url: '/bulk_categorize_async', payload }), 404, 'NOT_FOUND');
    }
  });
});

describe('organization isolation of categorization', () => {
  it("a job over all of bob's transactions never reads or changes alice's", async () => {
    const aliceRows = await seedStatement(ctx.container, alice.organizationId, [
      { description: 'Shared merchant', amountMinor: -100 },
    ]);
    const bobRows = await seedStatement(ctx.container, bob.organizationId, [
      { description: 'Shared merchant', amountMinor: -100 },
    ]);
    const rule = await createRule(
      bob,
      tagRule('bob', [{ field: 'description', op: 'contains', value: 'shared' }]),
    );
    const { result } = await runBulk(bob, { filter: {}, rule_ids: [rule.id] });
    expect(result).toMatchObject({ processed: 1, changed: 1 });
    expect((await transactionRows(ctx.container, aliceRows.ids))[0]?.tags).toEqual([]);
    // Alice's rules and categories are not bob's to use or see.
    const preview = await as(
      ctx.app,
      bob,
    )({
      method: 'POST',
      url: '/rules/preview',
      payload: { rule: tagRule('p', [{ field: 'description', op: 'contains', value: 'shared' }]) },
    });
    expect(preview.json()).toMatchObject({ scanned: 1, matched: 1 });
    const patch = await as(
      ctx.app,
      bob,
    )({
      method: 'PATCH',
      url: '/transactions',
      payload: { ids: aliceRows.ids, note: 'mine now' },
    });
    expectProblem(patch, 404, 'NOT_FOUND');
    const alicesCategory = await as(
      ctx.app,
      bob,
    )({
      method: 'PATCH',
      url: '/transactions',
      payload: { ids: bobRows.ids, category_id: category('expense.food.groceries') },
    });
    expectProblem(alicesCategory, 422, 'VALIDATION_FAILED');
    expect((await transactionRows(ctx.container, aliceRows.ids))[0]?.note).toBeNull();
  });
});

describe('automatic categorization of an import', () => {
  it('categorizes the new uncategorized transactions of a statement, never manual ones', async () => {
    const carol = await registerUser(ctx.app, 'carol');
    const carolCategories = (await as(ctx.app, carol)({ method: 'GET', url: '/categories' })).json<{
      items: Category[];
    }>().items;
    const rides = carolCategories.find((c) => c.key === 'expense.transport.rides')!.id;
    const other = carolCategories.find((c) => c.key === 'expense.transport.public')!.id;
    const { ids, statementId } = await seedStatement(ctx.container, carol.organizationId, [
      { description: 'UBER *TRIP', amountMinor: -8000 },
      { description: 'Uber eats', amountMinor: -12_000 },
      { description: 'Uber trip to airport', amountMinor: -30_000 },
    ]);
    await as(
      ctx.app,
      carol,
    )({ method: 'PATCH', url: '/transactions', payload: { ids: [ids[2]], category_id: other } });
    await createRule(carol, {
      conditions: {
        match: 'all',
        conditions: [{ field: 'description', op: 'matches_regex', value: '^uber \\*?trip' }],
      },
      actions: [{ type: 'set_category', category_id: rides }],
    });
    const counts = await ctx.container.services.categorization.categorizeNewTransactions(
      carol.organizationId,
      statementId,
    );
    // Carol's starter rules are active too; none of them knows Uber.
    expect(counts).toEqual({
      processed: 3,
      changed: 1,
      categorized: 1,
      activeRules: STARTER_RULES.length + 1,
    });
    expect(await transactionRows(ctx.container, ids)).toMatchObject([
      { categoryId: rides, categorySource: 'rule' },
      { categoryId: null },
      { categoryId: other, categorySource: 'manual' },
    ]);
  });

  it("a new organization's first import is categorized by its starter rules; the listing names categories, balances in decimals", async () => {
    const dave = await registerUser(ctx.app, 'dave');
    const csv =
      'Date,Description,Amount,Balance\n2024-01-02,Coffee shop,-12.50,987.50\n2024-01-31,Salary ACME,1000.00,1987.50\n';
    const first = await importFile(ctx.app, dave, {
      name: 'first.csv',
      content: Buffer.from(csv),
      type: 'text/csv',
    });
    expect(first.last.status, JSON.stringify(first.last.error)).toBe('SUCCESS');
    expect(first.result).toMatchObject({
      transaction_count: 2,
      categorized_count: 1,
      categorization_note: null,
    });
    const statementId = first.result!.session_id as string;
    const daveCategories = (await as(ctx.app, dave)({ method: 'GET', url: '/categories' })).json<{
      items: Category[];
    }>().items;
    const salary = daveCategories.find((c) => c.key === 'income.earnings.salary')!;
    const list = (
      await as(ctx.app, dave)({ method: 'GET', url: `/transactions?statement_id=${statementId}` })
    ).json<{ items: Array<Record<string, unknown>> }>().items;
    expect(
      list.map((t) => [
        t.description,
        t.amount,
        t.balance,
        t.balance_minor,
        t.category_name,
        t.category_source,
      ]),
    ).toEqual([
      ['Coffee shop', '-12.50', '987.50', 98_750, null, null],
      ['Salary ACME', '1000.00', '1987.50', 198_750, salary.name, 'rule'],
    ]);
    const again = await runBulk(dave, { statement_id: statementId });
    expect(again.result.note).toMatch(
      new RegExp(`^None of the ${STARTER_RULES.length} active rules matched`),
    );

    const one = await as(ctx.app, dave)({ method: 'GET', url: `/transactions/${list[1]!.id as string}` });
    expect(one.json()).toMatchObject({
      category_id: salary.id,
      category_name: salary.name,
      balance: '1987.50',
    });
    const patched = await as(
      ctx.app,
      dave,
    )({
      method: 'PATCH',
      url: `/transactions/${list[0]!.id as string}`,
      payload: { category_id: salary.id },
    });
    expect(patched.json()).toMatchObject({ category_name: salary.name, balance: '987.50' });
  });

  it('without active rules, an import and a bulk run say so and point at POST /rules/starter', async () => {
    const erin = await registerUser(ctx.app, 'erin');
    const api = as(ctx.app, erin);
    for (const rule of (await api({ method: 'GET', url: '/rules' })).json<{ items: RuleView[] }>().items)
      expect((await api({ method: 'DELETE', url: `/rules/${rule.id}` })).statusCode).toBe(204);
    const imported = await importFile(ctx.app, erin, {
      name: 'erin.csv',
      content: Buffer.from('Date,Description,Amount\n2024-01-31,Salary ACME,1000.00\n'),
      type: 'text/csv',
    });
    expect(imported.result).toMatchObject({ transaction_count: 1, categorized_count: 0 });
    expect(imported.result!.categorization_note).toMatch(
      /^No active rules, so nothing was categorized: add the starter rules with POST \/rules\/starter/,
    );
    const statementId = imported.result!.session_id as string;
    const noRules = await runBulk(erin, { statement_id: statementId });
    expect(noRules.result).toMatchObject({ changed: 0 });
    expect(noRules.result.note).toMatch(/^No active rules/);

    const added = await api({ method: 'POST', url: '/rules/starter' });
    expect(added.json<{ added: RuleView[] }>().added).toHaveLength(STARTER_RULES.length);
    const filed = await runBulk(erin, { statement_id: statementId });
    expect(filed.result).toMatchObject({ changed: 1, note: null });
  });
});

describe('starter rules', () => {
  const starter = (user: TestUser) => as(ctx.app, user)({ method: 'POST', url: '/rules/starter' });
  type Outcome = { added: RuleView[]; already_present: number; skipped: Array<{ starter_key: string }> };

  it('a new organization has them, editable; POST /rules/starter adds only what is missing, in its own organization', async () => {
    const frank = await registerUser(ctx.app, 'frank');
    const gina = await registerUser(ctx.app, 'gina');
    const api = as(ctx.app, frank);
    const rules = (await api({ method: 'GET', url: '/rules' })).json<{ items: RuleView[] }>().items;
    expect(rules.map((r) => r.starter_key)).toEqual(STARTER_RULES.map((r) => r.key));
    const frankCategories = new Set(
      (await api({ method: 'GET', url: '/categories' })).json<{ items: Category[] }>().items.map((c) => c.id),
    );
    for (const rule of rules) {
      const action = rule.actions[0] as { type: string; category_id: string };
      expect(action.type).toBe('set_category');
      expect(frankCategories).toContain(action.category_id);
    }

    // Nothing missing: nothing added, however often.
    for (let i = 0; i < 2; i++)
      expect((await starter(frank)).json<Outcome>()).toEqual({
        added: [],
        already_present: STARTER_RULES.length,
        skipped: [],
      });

    // Edited rules stay as edited; a deleted one comes back, after the others; none twice at once.
    const fees = rules.find((r) => r.starter_key === 'bank_fees')!;
    const salary = rules.find((r) => r.starter_key === 'salary')!;
    const edited = await api({
      method: 'PUT',
      url: `/rules/${fees.id}`,
      payload: { name: 'My fees', conditions: fees.conditions, actions: fees.actions, active: false },
    });
    expect(edited.json<RuleView>()).toMatchObject({
      name: 'My fees',
      starter_key: 'bank_fees',
      active: false,
    });
    await api({ method: 'DELETE', url: `/rules/${salary.id}` });
    const [a, b] = await Promise.all([starter(frank), starter(frank)]);
    const added = [...a.json<Outcome>().added, ...b.json<Outcome>().added];
    expect(added.map((r) => [r.starter_key, r.name])).toEqual([['salary', 'Salary and wages']]);
    expect(added[0]!.priority).toBeGreaterThan(Math.max(...rules.map((r) => r.priority)));
    const after = (await api({ method: 'GET', url: '/rules' })).json<{ items: RuleView[] }>().items;
    expect(after).toHaveLength(STARTER_RULES.length);
    expect(after.find((r) => r.id === fees.id)).toMatchObject({ name: 'My fees', active: false });

    // A starter rule whose category was deleted is skipped, and says why.
    const fuel = after.find((r) => r.starter_key === 'fuel')!;
    const fuelCategory = (fuel.actions[0] as { category_id: string }).category_id;
    await api({ method: 'DELETE', url: `/rules/${fuel.id}` });
    expect((await api({ method: 'DELETE', url: `/categories/${fuelCategory}` })).statusCode).toBe(204);
    expect((await starter(frank)).json<Outcome>()).toMatchObject({
      added: [],
      skipped: [{ starter_key: 'fuel', name: 'Fuel', category_key: 'expense.transport.fuel' }],
    });

    // Gina's organization was never touched.
    const ginas = (await as(ctx.app, gina)({ method: 'GET', url: '/rules' })).json<{ items: RuleView[] }>()
      .items;
    expect(ginas).toHaveLength(STARTER_RULES.length);
    expect(
      ginas.every(
        (r) =>
          r.name !== 'My fees' && !frankCategories.has((r.actions[0] as { category_id: string }).category_id),
      ),
    ).toBe(true);
  });
});
