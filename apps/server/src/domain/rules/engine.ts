/**
 * The compiled rule engine. Evaluation order and conflict policy:
 *
 * - Active rules run by ascending `priority`, ties broken by `id` in code-unit order (never by storage
 *   or input order), so the same rules give the same result everywhere.
 * - The first matching rule that sets the category wins; later rules never overwrite it. The same holds
 *   for the payee and the note. Tags accumulate over all matching rules (deduplicated ignoring case,
 *   first spelling kept).
 * - A matching rule with `stop_processing` ends evaluation for that transaction.
 *
 * An engine is built for one organization's rules and is not shared across organizations; it keeps a
 * scratch buffer for the literal scan, which is safe because evaluation is synchronous.
 */
import { currencyExponent } from '../money.js';
import { compileGroup, CompileScope, type MatchContext, type Predicate } from './conditions.js';
import { buildLiteralIndex, type LiteralIndex } from './literal-index.js';
import type { UngatedRegexSet } from './regex-set.js';
import type { Rule } from './schema.js';
import { normalizeText } from './text.js';
import { RuleProblemCode, validateRule, type RuleProblem } from './validate.js';

/** What the engine reads of a transaction. Money as signed minor units (money in positive). */
export interface RuleSubject {
  description: string;
  amountMinor: number;
  currency: string;
  /** ISO `YYYY-MM-DD`. */
  date: string;
  accountId?: string | undefined;
  statementId?: string | undefined;
  bankSource?: string | undefined;
}

export interface RuleOutcome {
  /** Every rule that matched, in evaluation order. */
  matchedRuleIds: string[];
  categoryId?: string | undefined;
  payee?: string | undefined;
  note?: string | undefined;
  tags: string[];
  /** The rule that set each single-valued field, for "categorized by rule X". */
  setBy: { categoryId?: string | undefined; payee?: string | undefined; note?: string | undefined };
}

/** A rule left out of the engine, with why (a rule stored before a stricter validator, a duplicate id). */
export interface SkippedRule {
  ruleId: string;
  problems: RuleProblem[];
}

interface CompiledRule {
  id: string;
  stopProcessing: boolean;
  gate: readonly number[] | undefined;
  test: Predicate;
  categoryId: string | undefined;
  payee: string | undefined;
  note: string | undefined;
  tags: string[];
}

export class RuleEngine {
  /** Ids of the rules that run, in evaluation order. */
  readonly ruleIds: readonly string[];
  /** Rule positions gated on each literal id: a rule can only match when one of its gate literals occurs. */
  private readonly rulesByLiteral: number[][];
  /** Positions of rules without a gate (amount-only, not_contains…), which every transaction must try. */
  private readonly ungated: number[];
  private readonly marks: Uint32Array;
  private readonly ruleMarks: Uint32Array;
  private readonly found: number[] = [];
  private readonly positions: number[] = [];
  private readonly context: MatchContext;
  private stamp = 0;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly index: LiteralIndex,
    private readonly regexes: UngatedRegexSet,
    readonly skipped: readonly SkippedRule[],
  ) {
    this.ruleIds = rules.map((rule) => rule.id);
    this.marks = new Uint32Array(index.size);
    this.ruleMarks = new Uint32Array(rules.length);
    this.rulesByLiteral = Array.from({ length: index.size }, () => []);
    this.ungated = [];
    this.context = { ...EMPTY_CONTEXT, marks: this.marks };
    rules.forEach((rule, position) => {
      if (!rule.gate) this.ungated.push(position);
      else for (const id of rule.gate) this.rulesByLiteral[id]!.push(position);
    });
  }

  evaluate(subject: RuleSubject): RuleOutcome {
    const context = this.prepare(subject);
    const outcome: RuleOutcome = { matchedRuleIds: [], tags: [], setBy: {} };
    for (const position of this.candidates(context.stamp)) {
      const rule = this.rules[position]!;
      if (!rule.test(context)) continue;
      apply(rule, outcome);
      if (rule.stopProcessing) break;
    }
    return outcome;
  }

  /**
   * The positions, ascending, of the rules that can match: the ungated ones and those gated on a literal
   * the scan found. With 200 rules a description typically names 0–3 rule literals, so this skips
   * nearly every rule without touching it.
   */
  private candidates(stamp: number): readonly number[] {
    if (this.found.length === 0) return this.ungated;
    const { positions } = this;
    positions.length = 0;
    positions.push(...this.ungated);
    for (const id of this.found) {
      for (const position of this.rulesByLiteral[id]!) {
        if (this.ruleMarks[position] === stamp) continue;
        this.ruleMarks[position] = stamp;
        positions.push(position);
      }
    }
    return positions.sort((a, b) => a - b);
  }

  /** Fills the engine's one reusable context: no per-transaction allocation besides the text. */
  private prepare(subject: RuleSubject): MatchContext {
    const text = normalizeText(subject.description);
    if (this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.ruleMarks.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    this.found.length = 0;
    this.regexes.reset();
    this.index.scan(text, this.marks, stamp, this.found);
    const { context } = this;
    context.text = text;
    context.amount = subject.amountMinor;
    context.currency = subject.currency.toUpperCase();
    context.exponent = currencyExponent(context.currency);
    context.date = subject.date;
    context.day = Number(subject.date.slice(8, 10));
    context.account = subject.accountId;
    context.statement = subject.statementId;
    context.bankSource = subject.bankSource?.toLowerCase();
    context.stamp = stamp;
    return context;
  }
}

const EMPTY_CONTEXT = {
  text: '',
  amount: 0,
  currency: '',
  exponent: 2,
  date: '',
  day: 0,
  account: undefined,
  statement: undefined,
  bankSource: undefined,
  stamp: 0,
};

function apply(rule: CompiledRule, outcome: RuleOutcome): void {
  outcome.matchedRuleIds.push(rule.id);
  if (rule.categoryId !== undefined && outcome.categoryId === undefined) {
    outcome.categoryId = rule.categoryId;
    outcome.setBy.categoryId = rule.id;
  }
  if (rule.payee !== undefined && outcome.payee === undefined) {
    outcome.payee = rule.payee;
    outcome.setBy.payee = rule.id;
  }
  if (rule.note !== undefined && outcome.note === undefined) {
    outcome.note = rule.note;
    outcome.setBy.note = rule.id;
  }
  for (const tag of rule.tags) {
    const key = tag.toLowerCase();
    if (!outcome.tags.some((existing) => existing.toLowerCase() === key)) outcome.tags.push(tag);
  }
}

const byPriorityThenId = (a: Rule, b: Rule): number =>
  a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Compiles an organization's rules. Inactive rules are left out; rules that fail validateRule (or repeat
 * an id) are left out and listed in `engine.skipped`, so one bad stored rule never stops a job.
 */
export function compileRules(rules: readonly Rule[]): RuleEngine {
  const skipped: SkippedRule[] = [];
  const seen = new Set<string>();
  const runnable: Rule[] = [];
  for (const rule of rules) {
    const problems = validateRule(rule);
    if (seen.has(rule.id)) {
      problems.push({
        path: '/id',
        code: RuleProblemCode.duplicateId,
        message: `Another rule has id ${rule.id}.`,
      });
    }
    seen.add(rule.id);
    if (problems.length > 0) skipped.push({ ruleId: String(rule.id), problems });
    else if (rule.active) runnable.push(rule);
  }
  const scope = new CompileScope();
  const compiled = runnable.sort(byPriorityThenId).map((rule) => compileRule(rule, scope));
  scope.regexes.seal();
  return new RuleEngine(compiled, buildLiteralIndex(scope.literals), scope.regexes, skipped);
}

function compileRule(rule: Rule, scope: CompileScope): CompiledRule {
  const { test, gate } = compileGroup(rule.conditions, scope);
  const compiled: CompiledRule = {
    id: rule.id,
    stopProcessing: rule.stop_processing,
    gate,
    test,
    categoryId: undefined,
    payee: undefined,
    note: undefined,
    tags: [],
  };
  for (const action of rule.actions) {
    if (action.type === 'set_category') compiled.categoryId = action.category_id;
    else if (action.type === 'set_payee') compiled.payee = action.payee.trim();
    else if (action.type === 'set_note') compiled.note = action.note.trim();
    else compiled.tags.push(...action.tags.map((tag) => tag.replace(/\s+/g, ' ').trim()));
  }
  return compiled;
}

/** The actions to apply to one transaction and the rules that matched. */
export function evaluate(engine: RuleEngine, subject: RuleSubject): RuleOutcome {
  return engine.evaluate(subject);
}

/** `evaluate` for many transactions; outcomes are in the order of `subjects`. */
export function evaluateBatch(engine: RuleEngine, subjects: readonly RuleSubject[]): RuleOutcome[] {
  return subjects.map((subject) => engine.evaluate(subject));
}
