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

const RULES = 200;
const CHUNK = 10_000;

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
const word = (syllables: number) => Array.from({ length: syllables }, () => pick(SYLLABLES)).join('');
const merchants = [...new Set(Array.from({ length: 400 }, () => word(3)))].slice(0, RULES);

function makeRule(index: number): Rule {
  const merchant = merchants[index]!;
  const kind = index % 10;
  // Every 50th rule: a regex with no literal to prefilter on, which runs on every transaction (~1 µs each).
  const conditions: Rule['conditions']['conditions'] =
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
    id: `rule-${String(index).padStart(3, '0')}`,
    name: `Rule ${index}`,
    priority: index,
    active: true,
    stop_processing: false,
    conditions: { match: 'all', conditions },
    actions: [{ type: 'set_category', category_id: `category-${index % 40}` }],
  };
}

const PREFIXES = ['POS PURCHASE', 'DEBIT ORDER', 'EFT PAYMENT', 'CARD PURCHASE', 'ONLINE PAYMENT'];
const SUFFIXES = ['STORE', 'ONLINE', '#1234', 'CAPE TOWN', 'JHB', ''];

function makeSubject(): RuleSubject {
  // Half name a rule's merchant, half an unknown one, as in a real statement.
  const merchant = rand() < 0.5 ? pick(merchants) : word(3);
  const day = 1 + Math.floor(rand() * 28);
  return {
    description: `${pick(PREFIXES)}  ${merchant.toUpperCase()} ${pick(SUFFIXES)} ${Math.floor(rand() * 1e6)}`,
    amountMinor: (rand() < 0.8 ? -1 : 1) * Math.floor(rand() * 200_000),
    currency: 'ZAR',
    date: `2024-05-${String(day).padStart(2, '0')}`,
  };
}

const rules = Array.from({ length: RULES }, (_, index) => makeRule(index));
let started = performance.now();
const engine = compileRules(rules);
console.log(`compiled ${engine.ruleIds.length} rules in ${(performance.now() - started).toFixed(1)} ms`);
if (engine.skipped.length > 0) throw new Error(`rules skipped: ${JSON.stringify(engine.skipped)}`);

const sizes = process.argv.slice(2).map(Number);
for (const size of sizes.length > 0 ? sizes : [5_000, 100_000, 1_000_000]) {
  const pool = Array.from({ length: Math.min(size, 100_000) }, makeSubject);
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
