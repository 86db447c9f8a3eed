/**
 * Save-time validation of a rule (the HTTP layer answers 422 with these problems), so that nothing about
 * a stored rule can fail when a job runs it. Problems are data with a JSON Pointer (RFC 6901) `path` into
 * the rule, like TypeBox's and Fastify's `instancePath`: `/conditions/conditions/0/value`.
 *
 * Each condition and action is checked against the one schema variant its `field`/`op` (or `type`)
 * selects, so a typo yields one precise message instead of one per union branch.
 */
import { Type, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { parseThousandths } from './amounts.js';
import { compilePattern } from './regex.js';
import {
  Action,
  Condition,
  GroupMatch,
  RuleHeader,
  type Condition as ConditionValue,
  type Rule,
} from './schema.js';
import { normalizeText } from './text.js';

export const RuleProblemCode = {
  invalidValue: 'INVALID_VALUE',
  unknownCondition: 'UNKNOWN_CONDITION',
  unknownAction: 'UNKNOWN_ACTION',
  emptyGroup: 'EMPTY_GROUP',
  emptyList: 'EMPTY_LIST',
  emptyText: 'EMPTY_TEXT',
  regexUnsupported: 'REGEX_UNSUPPORTED',
  regexInvalid: 'REGEX_INVALID',
  rangeInverted: 'RANGE_INVERTED',
  invalidDate: 'INVALID_DATE',
  invalidCurrency: 'INVALID_CURRENCY',
  noActions: 'NO_ACTIONS',
  duplicateAction: 'DUPLICATE_ACTION',
  /** Only from compileRules: two rules in one set share an id. */
  duplicateId: 'DUPLICATE_ID',
} as const;
export type RuleProblemCode = (typeof RuleProblemCode)[keyof typeof RuleProblemCode];

export interface RuleProblem {
  /** JSON Pointer into the rule; '' is the rule itself. */
  path: string;
  code: RuleProblemCode;
  message: string;
}

const groupHeader = Type.Object({
  match: GroupMatch,
  conditions: Type.Array(Type.Unknown(), { maxItems: 100 }),
});
const headerValidator = Compile(
  Type.Object({
    ...RuleHeader.properties,
    conditions: groupHeader,
    actions: Type.Array(Type.Unknown(), { maxItems: 20 }),
  }),
);
const bodyValidator = Compile(
  Type.Object({ conditions: groupHeader, actions: Type.Array(Type.Unknown(), { maxItems: 20 }) }),
);
const nestedHeaderValidator = Compile(
  Type.Object({ match: GroupMatch, conditions: Type.Array(Type.Unknown(), { maxItems: 100 }) }),
);

/** The constants a `Type.Literal` or a union of them accepts. */
function literalsOf(schema: TSchema): string[] {
  const node = schema as { const?: unknown; anyOf?: TSchema[] };
  if (typeof node.const === 'string') return [node.const];
  return (node.anyOf ?? []).flatMap(literalsOf);
}

function variantTable(union: TSchema, keys: readonly string[]) {
  const table = new Map<string, { validator: ReturnType<typeof Compile>; fields: ReadonlySet<string> }>();
  for (const variant of (union as { anyOf: TSchema[] }).anyOf) {
    const properties = (variant as { properties: Record<string, TSchema> }).properties;
    const entry = { validator: Compile(variant), fields: new Set(Object.keys(properties)) };
    const combos = keys.reduce<string[]>(
      (prefixes, key) =>
        prefixes.flatMap((prefix) => literalsOf(properties[key]!).map((v) => prefix + ':' + v)),
      [''],
    );
    for (const combo of combos) table.set(combo, entry);
  }
  return table;
}

const conditionValidators = variantTable(Condition, ['field', 'op']);
const actionValidators = variantTable(Action, ['type']);

/** Every problem of `input` as a rule; an empty list means it is safe to store and run. */
export function validateRule(input: unknown): RuleProblem[] {
  if (!headerValidator.Check(input)) return shapeProblems('', headerValidator.Errors(input));
  return bodyProblems(input);
}

/**
 * The problems of a rule's `conditions` and `actions` alone (paths as in validateRule), for a request
 * whose other fields the HTTP schema checks.
 */
export function validateConditionsAndActions(input: {
  conditions: unknown;
  actions: unknown;
}): RuleProblem[] {
  const pair = { conditions: input.conditions, actions: input.actions };
  if (!bodyValidator.Check(pair)) return shapeProblems('', bodyValidator.Errors(pair));
  const problems = bodyProblems(pair);
  return problems.length > 0 ? problems : unknownFieldProblems(pair as Pick<Rule, 'conditions' | 'actions'>);
}

/**
 * Fields a condition or action does not have. Refused in requests — a typo, or the `sign` amount
 * conditions had before amounts were signed, would otherwise be stored and silently ignored — but not
 * when the engine compiles stored rules, which then run as before. (Not in the shared schema either: a
 * validator that strips unknown fields while trying the variants of a union corrupts the others.)
 */
function unknownFieldProblems(rule: Pick<Rule, 'conditions' | 'actions'>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const check = (item: object, fields: ReadonlySet<string> | undefined, path: string) => {
    for (const key of Object.keys(item)) {
      if (fields?.has(key) !== false) continue;
      const message =
        key === 'sign' && (item as { field?: unknown }).field === 'amount'
          ? SIGN_REMOVED
          : `"${key}" is not a field of this ${'type' in item ? 'action' : 'condition'}.`;
      problems.push({ path: `${path}/${key}`, code: RuleProblemCode.invalidValue, message });
    }
  };
  const condition = (c: ConditionValue, path: string) =>
    check(c, conditionValidators.get(`:${c.field}:${c.op}`)?.fields, path);
  rule.conditions.conditions.forEach((item, index) => {
    const path = `/conditions/conditions/${index}`;
    if ('match' in item) item.conditions.forEach((c, i) => condition(c, `${path}/conditions/${i}`));
    else condition(item, path);
  });
  rule.actions.forEach((action, index) =>
    check(action, actionValidators.get(`:${action.type}`)?.fields, `/actions/${index}`),
  );
  return problems;
}

const SIGN_REMOVED =
  'Amounts are signed (money out negative), so there is no sign field: use "-12.50" for 12.50 out.';

function bodyProblems(rule: { conditions: { conditions: unknown[] }; actions: unknown[] }): RuleProblem[] {
  const problems: RuleProblem[] = [];
  checkGroupItems(rule.conditions.conditions, '/conditions', true, problems);
  checkActions(rule.actions, problems);
  return problems;
}

/** Narrows after validation: `validateRule(input).length === 0` ⇒ `input` is a Rule. */
export function isValidRule(input: unknown): input is Rule {
  return validateRule(input).length === 0;
}

function checkGroupItems(items: unknown[], path: string, topLevel: boolean, problems: RuleProblem[]): void {
  if (items.length === 0) {
    problems.push({
      path: `${path}/conditions`,
      code: RuleProblemCode.emptyGroup,
      message: 'A group needs at least one condition.',
    });
  }
  items.forEach((item, index) => {
    const itemPath = `${path}/conditions/${index}`;
    if (topLevel && typeof item === 'object' && item !== null && 'match' in item) {
      if (!nestedHeaderValidator.Check(item)) {
        problems.push(...shapeProblems(itemPath, nestedHeaderValidator.Errors(item)));
        return;
      }
      checkGroupItems((item as { conditions: unknown[] }).conditions, itemPath, false, problems);
      return;
    }
    checkCondition(item, itemPath, problems);
  });
}

function checkCondition(item: unknown, path: string, problems: RuleProblem[]): void {
  const { field, op } = (typeof item === 'object' && item !== null ? item : {}) as {
    field?: unknown;
    op?: unknown;
  };
  const validator = conditionValidators.get(`:${String(field)}:${String(op)}`)?.validator;
  if (!validator) {
    const message = `No condition "${String(field)}" with operator "${String(op)}". Known: ${[
      ...conditionValidators.keys(),
    ]
      .map((key) => key.slice(1).replace(':', ' '))
      .join(', ')}.`;
    problems.push({ path, code: RuleProblemCode.unknownCondition, message });
    return;
  }
  if (!validator.Check(item)) {
    const hint = field === 'amount' ? amountHint(item, path) : [];
    problems.push(...(hint.length > 0 ? hint : shapeProblems(path, validator.Errors(item))));
    return;
  }
  problems.push(...conditionProblems(item as ConditionValue, path));
}

/** Rules written for the old amounts (absolute minor units, a `sign` field) get a message saying so. */
function amountHint(condition: Record<string, unknown>, path: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const key of ['value', 'min', 'max']) {
    if (typeof condition[key] === 'number') {
      problems.push({
        path: `${path}/${key}`,
        code: RuleProblemCode.invalidValue,
        message: 'Amounts are signed decimal strings in the currency, such as "-12.50" for 12.50 out.',
      });
    }
  }
  if (condition.op !== 'sign' && 'sign' in condition) {
    problems.push({
      path: `${path}/sign`,
      code: RuleProblemCode.invalidValue,
      message:
        'Amounts are signed (money out negative), so there is no sign field: use "-12.50" for 12.50 out.',
    });
  }
  return problems;
}

function conditionProblems(condition: ConditionValue, path: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (suffix: string, code: RuleProblemCode, message: string) =>
    problems.push({ path: path + suffix, code, message });
  if ('values' in condition) {
    if (condition.values.length === 0)
      add('/values', RuleProblemCode.emptyList, 'The list needs at least one value.');
    if (condition.field === 'description') {
      condition.values.forEach((value, index) => {
        if (normalizeText(value) === '')
          add(`/values/${index}`, RuleProblemCode.emptyText, 'A value cannot be blank.');
      });
    }
  }
  if (condition.field === 'description' && condition.op !== 'one_of') {
    if (normalizeText(condition.value) === '')
      add('/value', RuleProblemCode.emptyText, 'The text cannot be blank.');
    else if (condition.op === 'matches_regex') {
      const compiled = compilePattern(condition.value);
      if (!compiled.ok) add('/value', compiled.problem.code, compiled.problem.message);
    }
  }
  if (
    condition.field === 'amount' &&
    condition.op === 'between' &&
    parseThousandths(condition.min)! > parseThousandths(condition.max)!
  ) {
    add(
      '/min',
      RuleProblemCode.rangeInverted,
      `min (${condition.min}) is greater than max (${condition.max}).`,
    );
  }
  if (condition.field === 'date' && condition.op === 'between') {
    for (const end of ['from', 'to'] as const) {
      if (!isCalendarDate(condition[end]))
        add(`/${end}`, RuleProblemCode.invalidDate, `${condition[end]} is not a date.`);
    }
    if (condition.from > condition.to) {
      add('/from', RuleProblemCode.rangeInverted, `from (${condition.from}) is after to (${condition.to}).`);
    }
  }
  if (condition.field === 'currency') {
    const codes = condition.op === 'equals' ? [condition.value] : condition.values;
    if (codes.some((code) => !/^[A-Za-z]{3}$/.test(code))) {
      add('', RuleProblemCode.invalidCurrency, 'Currencies are 3-letter ISO 4217 codes, such as ZAR.');
    }
  }
  return problems;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function checkActions(actions: unknown[], problems: RuleProblem[]): void {
  if (actions.length === 0) {
    problems.push({
      path: '/actions',
      code: RuleProblemCode.noActions,
      message: 'A rule needs at least one action.',
    });
  }
  const seen = new Set<string>();
  actions.forEach((action, index) => {
    const path = `/actions/${index}`;
    const type = String((action as { type?: unknown } | null)?.type);
    const validator = actionValidators.get(`:${type}`)?.validator;
    if (!validator) {
      const known = [...actionValidators.keys()].map((key) => key.slice(1)).join(', ');
      problems.push({
        path,
        code: RuleProblemCode.unknownAction,
        message: `No action "${type}". Known: ${known}.`,
      });
      return;
    }
    if (!validator.Check(action)) {
      problems.push(...shapeProblems(path, validator.Errors(action)));
      return;
    }
    problems.push(...actionProblems(action as Action, path, seen));
  });
}

function actionProblems(action: Action, path: string, seen: Set<string>): RuleProblem[] {
  const blank = (text: string) => text.trim() === '';
  if (action.type === 'add_tags') {
    if (action.tags.length === 0)
      return [{ path: `${path}/tags`, code: RuleProblemCode.emptyList, message: 'Add at least one tag.' }];
    return action.tags.flatMap((tag, index) =>
      blank(tag)
        ? [
            {
              path: `${path}/tags/${index}`,
              code: RuleProblemCode.emptyText,
              message: 'A tag cannot be blank.',
            },
          ]
        : [],
    );
  }
  if (seen.has(action.type)) {
    return [{ path, code: RuleProblemCode.duplicateAction, message: `A rule can ${action.type} only once.` }];
  }
  seen.add(action.type);
  if (action.type === 'set_payee' && blank(action.payee)) {
    return [
      { path: `${path}/payee`, code: RuleProblemCode.emptyText, message: 'The payee cannot be blank.' },
    ];
  }
  if (action.type === 'set_note' && blank(action.note)) {
    return [{ path: `${path}/note`, code: RuleProblemCode.emptyText, message: 'The note cannot be blank.' }];
  }
  return [];
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message: string;
  params: object;
}

/** One problem per path; alternatives of a union of constants become "must be one of: …". */
function shapeProblems(base: string, errors: readonly SchemaError[]): RuleProblem[] {
  const byPath = new Map<string, SchemaError[]>();
  for (const error of errors)
    byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  return [...byPath].map(([path, group]) => {
    const allowed = group.flatMap((error) =>
      error.keyword === 'const' ? [String((error.params as { allowedValue: unknown }).allowedValue)] : [],
    );
    const first = group.find((error) => error.keyword !== 'anyOf') ?? group[0]!;
    const message = allowed.length > 0 ? `must be one of: ${allowed.join(', ')}` : first.message;
    return { path: base + path, code: RuleProblemCode.invalidValue, message };
  });
}
