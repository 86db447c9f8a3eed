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
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { compileRules, type RuleSubject } from '../apps/server/src/domain/rules/index.js';
import type { Principal } from '../apps/server/src/services/principal.js';
import { toEngineRule } from '../apps/server/src/services/rule.service.js';
import { startBenchService } from './support.js';
import { RULES, ruleConditions, syntheticTransaction } from './synthetic-rules.js';

const sizes = process.argv.slice(2).map(Number);

function ruleBody(index: number, categoryIds: readonly string[]) {
  const conditions = ruleConditions(index);
  return {
    name: `Rule ${index}`,
    priority: index,
    conditions: { match: 'all', conditions },
    actions: [{ type: 'set_category', category_id: categoryIds[index % categoryIds.length]! }],
  };
}

const service = await startBenchService(
  { QUEUE_BACKEND: 'postgres', TASK_SOFT_TIME_LIMIT: '3000', TASK_TIME_LIMIT: '3600' },
  { queues: ['bulk_operations'] },
);
const { container } = service;
const { db } = container.database;

try {
  const principal: Principal = {
    userId: service.userId,
    organizationId: service.organizationId,
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
        ...syntheticTransaction(),
        row_index: offset + i,
      }));
      subjects.push(...chunk);
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

    const engine = compileRules(ruleRows.map(toEngineRule));
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
  await service.close();
}
process.exit(0);
