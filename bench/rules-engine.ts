/**
 * The categorization engine alone (no database): 200 rules, a mix of contains (50%), regex (20%, of
 * which 4 rules have no literal to prefilter on), contains + amount (20%) and amount-only (10%) conditions, over 5,000 / 100,000 / 1,000,000 synthetic transactions, evaluated in chunks of 10,000 as
 * a job would. Prints compile time, wall and CPU time per size (CPU time, which includes the garbage
 * collector's threads, is the fairer figure on a machine shared with other work), transactions per second
 * and rule evaluations per second (transactions × active rules: every rule is considered for every
 * transaction), both from wall time.
 *
 *   npx tsx bench/rules-engine.ts [sizes…]      e.g. npx tsx bench/rules-engine.ts 5000 100000
 */
import { performance } from 'node:perf_hooks';
import {
  compileRules,
  evaluateBatch,
  type Rule,
  type RuleSubject,
} from '../apps/server/src/domain/rules/index.js';
import { RULES, ruleConditions, syntheticTransaction } from './synthetic-rules.js';

const CHUNK = 10_000;

function makeRule(index: number): Rule {
  const conditions = ruleConditions(index);
  return {
    id: `rule-${String(index).padStart(3, '0')}`,
    name: `Rule ${index}`,
    priority: index,
    active: true,
    stop_processing: false,
    conditions: { match: 'all', conditions },
    actions: [{ type: 'set_category', category_id: `category-${index % 40}` }],
  };
}

const rules = Array.from({ length: RULES }, (_, index) => makeRule(index));
let started = performance.now();
const engine = compileRules(rules);
console.log(`compiled ${engine.ruleIds.length} rules in ${(performance.now() - started).toFixed(1)} ms`);
if (engine.skipped.length > 0) throw new Error(`rules skipped: ${JSON.stringify(engine.skipped)}`);

const sizes = process.argv.slice(2).map(Number);
for (const size of sizes.length > 0 ? sizes : [5_000, 100_000, 1_000_000]) {
  const pool = Array.from({ length: Math.min(size, 100_000) }, syntheticTransaction);
  let categorized = 0;
  const cpuBefore = process.cpuUsage();
  started = performance.now();
  for (let offset = 0; offset < size; offset += CHUNK) {
    const chunk: RuleSubject[] = [];
    for (let i = offset; i < Math.min(offset + CHUNK, size); i++) chunk.push(pool[i % pool.length]!);
    for (const outcome of evaluateBatch(engine, chunk)) if (outcome.categoryId !== undefined) categorized++;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    `${size.toLocaleString('en')} transactions × ${RULES} rules: ${(seconds * 1000).toFixed(0)} ms ` +
      `(CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), ` +
      `${Math.round(size / seconds).toLocaleString('en')} transactions/s, ` +
      `${((size * RULES) / seconds / 1e6).toFixed(1)} M rule evaluations/s, ` +
      `${((100 * categorized) / size).toFixed(1)}% categorized`,
  );
}
