/**
 * The synthetic rules and transactions of the categorization benchmarks (rules-engine.ts alone,
 * categorize.ts end to end), so both measure the same data. Deterministic: one seeded random stream per
 * process, drawn in the same order by both, so every run measures the same rules and descriptions.
 */
import type { Rule, RuleSubject } from '../apps/server/src/domain/rules/index.js';
import { seeded } from '../apps/server/test/generators/random.js';

export const RULES = 200;

const rand = seeded(42).next;
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

/**
 * Rule `index`'s conditions: contains (50 %), regex (20 %), contains + amount (20 %), amount-only (10 %);
 * every 50th rule is a regex with no literal to prefilter on, which runs on every transaction (~1 µs each).
 */
export function ruleConditions(index: number): Rule['conditions']['conditions'] {
  const merchant = merchants[index]!;
  const kind = index % 10;
  return index % 50 === 5
    ? [{ field: 'description', op: 'matches_regex', value: `\\b[a-z]{4}\\d{${2 + (index % 7)}}\\b` }]
    : kind < 5
      ? [{ field: 'description', op: 'contains', value: merchant }]
      : kind < 7
        ? [{ field: 'description', op: 'matches_regex', value: `${merchant}\\s*(?:store|online|#?\\d+)` }]
        : kind < 9
          ? [
              { field: 'description', op: 'contains', value: merchant },
              { field: 'amount', op: 'lt', value: '-50' },
            ]
          : [{ field: 'amount', op: 'between', min: `-${index}.99`, max: `-${index}` }];
}

const PREFIXES = ['POS PURCHASE', 'DEBIT ORDER', 'EFT PAYMENT', 'CARD PURCHASE', 'ONLINE PAYMENT'];
const SUFFIXES = ['STORE', 'ONLINE', '#1234', 'CAPE TOWN', 'JHB', ''];

/** One bank line in May 2024 (ZAR): half name a rule's merchant, half an unknown one, as in a real statement. */
export function syntheticTransaction(): RuleSubject {
  const merchant = rand() < 0.5 ? pick(merchants) : word(3);
  const day = 1 + Math.floor(rand() * 28);
  return {
    description: `${pick(PREFIXES)}  ${merchant.toUpperCase()} ${pick(SUFFIXES)} ${Math.floor(rand() * 1e6)}`,
    amountMinor: (rand() < 0.8 ? -1 : 1) * Math.floor(rand() * 200_000),
    currency: 'ZAR',
    date: `2024-05-${String(day).padStart(2, '0')}`,
  };
}
