/**
 * Turns validated conditions into predicates over a prepared transaction. Text literals are interned
 * into one literal index per engine (literal-index.ts), so `contains` is an array lookup and every
 * text condition can name literals that must be present ("gates"): a rule whose gate literals are all
 * absent is skipped without running any of its predicates.
 */
import { minorBounds, parseThousandths } from './amounts.js';
import { requiredLiterals } from './regex-literals.js';
import { UngatedRegexSet } from './regex-set.js';
import { compilePattern } from './regex.js';
import type { Condition, ConditionGroup, NestedConditionGroup } from './schema.js';
import { normalizeText } from './text.js';

/** One transaction, prepared once for all rules. */
export interface MatchContext {
  /** normalizeText(description). */
  text: string;
  /** Signed minor units. */
  amount: number;
  /** Upper case. */
  currency: string;
  /** The currency's minor-unit exponent (0–3), for amount conditions written as decimals. */
  exponent: number;
  date: string;
  day: number;
  account: string | undefined;
  statement: string | undefined;
  /** Lower case. */
  bankSource: string | undefined;
  /** marks[literalId] === stamp ⇔ the literal occurs in `text`. */
  marks: Uint32Array;
  stamp: number;
}

export type Predicate = (context: MatchContext) => boolean;

export interface CompiledCondition {
  test: Predicate;
  /** Relative cost, so cheap predicates run first inside a group: 1 lookup, 2 string scan, 20 regex. */
  cost: number;
  /** Literal ids of which at least one occurs whenever this condition holds; undefined when none. */
  gate: readonly number[] | undefined;
}

/**
 * What the rules of one engine share: normalized literals interned to dense ids (for the literal index),
 * and the regexes that have no literal to prefilter on (run together as one set).
 */
export class CompileScope {
  readonly literals: string[] = [];
  readonly regexes = new UngatedRegexSet();
  private readonly ids = new Map<string, number>();

  id(literal: string): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.literals.length;
      this.ids.set(literal, id);
      this.literals.push(literal);
    }
    return id;
  }
}

export const anyMarked = (ids: readonly number[], context: MatchContext): boolean => {
  for (const id of ids) if (context.marks[id] === context.stamp) return true;
  return false;
};

export function compileGroup(
  group: ConditionGroup | NestedConditionGroup,
  table: CompileScope,
): CompiledCondition {
  const parts = group.conditions
    .map((item) => ('match' in item ? compileGroup(item, table) : compileCondition(item, table)))
    .sort((a, b) => a.cost - b.cost);
  if (parts.length === 1) return parts[0]!;
  const tests = parts.map((part) => part.test);
  const cost = parts.reduce((sum, part) => sum + part.cost, 0);
  if (group.match === 'all') {
    return {
      test: (context) => {
        for (const test of tests) if (!test(context)) return false;
        return true;
      },
      cost,
      gate: parts.map((part) => part.gate).reduce(narrowest, undefined),
    };
  }
  const gates = parts.map((part) => part.gate);
  return {
    test: (context) => {
      for (const test of tests) if (test(context)) return true;
      return false;
    },
    cost,
    gate: gates.every((gate) => gate !== undefined) ? [...new Set(gates.flat())] : undefined,
  };
}

/** For an `all` group any member's gate is a gate of the group; the one with fewest literals is cheapest. */
function narrowest(a: readonly number[] | undefined, b: readonly number[] | undefined) {
  if (!a) return b;
  if (!b) return a;
  return b.length < a.length ? b : a;
}

export function compileCondition(condition: Condition, table: CompileScope): CompiledCondition {
  switch (condition.field) {
    case 'description':
      return compileDescription(condition, table);
    case 'amount':
      return { test: compileAmount(condition), cost: 1, gate: undefined };
    case 'date':
      return { test: compileDate(condition), cost: 1, gate: undefined };
    default:
      return { test: compileReference(condition), cost: 1, gate: undefined };
  }
}

type DescriptionCondition = Extract<Condition, { field: 'description' }>;

function compileDescription(condition: DescriptionCondition, table: CompileScope): CompiledCondition {
  if (condition.op === 'one_of') {
    const values = new Set(condition.values.map(normalizeText));
    return {
      test: (context) => values.has(context.text),
      cost: 1,
      gate: [...values].map((v) => table.id(v)),
    };
  }
  if (condition.op === 'matches_regex') return compileRegex(condition.value, table);
  const value = normalizeText(condition.value);
  const id = table.id(value);
  switch (condition.op) {
    case 'contains':
      return { test: (context) => context.marks[id] === context.stamp, cost: 1, gate: [id] };
    case 'not_contains':
      return { test: (context) => context.marks[id] !== context.stamp, cost: 1, gate: undefined };
    case 'equals':
      return { test: (context) => context.text === value, cost: 1, gate: [id] };
    case 'starts_with':
      return { test: (context) => context.text.startsWith(value), cost: 2, gate: [id] };
    case 'ends_with':
      return { test: (context) => context.text.endsWith(value), cost: 2, gate: [id] };
  }
}

function compileRegex(pattern: string, table: CompileScope): CompiledCondition {
  const compiled = compilePattern(pattern);
  // compileRules drops rules that fail validateRule, which compiles every pattern the same way.
  if (!compiled.ok) throw new Error(`unvalidated pattern reached the engine: ${compiled.problem.message}`);
  const { regex } = compiled;
  const literals = requiredLiterals(pattern);
  if (!literals) {
    const index = table.regexes.add(pattern);
    return { test: (context) => table.regexes.test(index, context.text), cost: 20, gate: undefined };
  }
  const gate = literals.map((literal) => table.id(literal));
  return { test: (context) => anyMarked(gate, context) && regex.test(context.text), cost: 20, gate };
}

function compileAmount(condition: Extract<Condition, { field: 'amount' }>): Predicate {
  if (condition.op === 'sign') return signPredicate(condition.value);
  // validateRule has checked the decimals, so parsing cannot fail here.
  const bounds = (text: string) => minorBounds(parseThousandths(text)!);
  switch (condition.op) {
    case 'equals': {
      const { exact } = bounds(condition.value);
      return (context) => context.amount === exact[context.exponent];
    }
    case 'gt': {
      const { floor } = bounds(condition.value);
      return (context) => context.amount > floor[context.exponent]!;
    }
    case 'lt': {
      const { ceil } = bounds(condition.value);
      return (context) => context.amount < ceil[context.exponent]!;
    }
    case 'between': {
      const min = bounds(condition.min).ceil;
      const max = bounds(condition.max).floor;
      return (context) =>
        context.amount >= min[context.exponent]! && context.amount <= max[context.exponent]!;
    }
  }
}

const signPredicate = (sign: 'money_in' | 'money_out'): Predicate =>
  sign === 'money_in' ? (context) => context.amount > 0 : (context) => context.amount < 0;

function compileDate(condition: Extract<Condition, { field: 'date' }>): Predicate {
  if (condition.op === 'between') {
    const { from, to } = condition;
    return (context) => context.date >= from && context.date <= to;
  }
  const days = new Set(condition.values);
  return (context) => days.has(context.day);
}

function compileReference(
  condition: Extract<Condition, { field: 'account' | 'statement' | 'bank_source' | 'currency' }>,
): Predicate {
  const canonical = (value: string) =>
    condition.field === 'currency'
      ? value.toUpperCase()
      : condition.field === 'bank_source'
        ? value.toLowerCase()
        : value;
  const values = new Set(
    condition.op === 'equals' ? [canonical(condition.value)] : condition.values.map(canonical),
  );
  const read = REFERENCE_READERS[condition.field];
  return (context) => {
    const actual = read(context);
    return actual !== undefined && values.has(actual);
  };
}

const REFERENCE_READERS = {
  account: (context: MatchContext) => context.account,
  statement: (context: MatchContext) => context.statement,
  bank_source: (context: MatchContext) => context.bankSource,
  currency: (context: MatchContext) => context.currency,
} as const;
