import { sql, type Kysely } from 'kysely';

/**
 * Rule amounts become signed decimal strings (issue 21), like the transaction filter's amount_min and
 * amount_max: `{field: 'amount', op: 'lt', value: '-100'}` is "more than 100.00 out". Before, a value was
 * the absolute amount in integer minor units with an optional `sign` (money_in / money_out); the `sign`
 * field is gone, the `op: 'sign'` condition stays.
 *
 * Every stored amount condition is rewritten to match exactly the transactions it matched before. An
 * absolute comparison without a sign is two signed ones ("equals 45.00 either way" is equals 45.00 or
 * equals -45.00; "less than 50.00 either way" is above -50.00 and below 50.00), and a signed one may need
 * the direction as a second condition (below 50.00 in: above 0, below 50.00). Where that puts an `or`
 * inside an `and` group (or the reverse) deeper than the one level of nesting rules allow, the rule's
 * conditions are rewritten in the normal form of their top-level group (all → an `all` of `any` groups;
 * any → an `any` of `all` groups), which is the same logic. Rules without an old-style amount are not
 * touched; running this again changes nothing.
 *
 * Minor units become a decimal with the currency's number of decimals: the rule's own currency when it
 * is restricted to currencies of one exponent (a `currency` condition in an `all` group around the
 * amount), else 2 — the old rules never said, and 2 is the exponent of every currency but the few listed
 * below. Self-contained on purpose: a migration must not change when the code it would import does.
 */

/** ISO 4217 minor-unit exponents that are not 2 (as domain/money.ts had them when this was written). */
const EXPONENTS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};
const exponentOf = (currency: string) => EXPONENTS[currency.toUpperCase()] ?? 2;

type Json = Record<string, unknown>;
type Sign = 'money_in' | 'money_out';
interface OldAmount {
  field: 'amount';
  op: 'equals' | 'gt' | 'lt' | 'between';
  value?: number;
  min?: number;
  max?: number;
  sign?: Sign;
}
type Formula = { and: Formula[] } | { or: Formula[] } | { atom: Json };
interface Group {
  match: 'all' | 'any';
  conditions: Array<Json | Group>;
}

const isGroup = (item: Json | Group): item is Group => 'match' in item;

/** An amount condition in the old form: a number where the new form has a decimal string, or a sign. */
function isOldAmount(item: Json): item is Json & OldAmount {
  if (item.field !== 'amount' || item.op === 'sign') return false;
  return (
    typeof item.value === 'number' ||
    typeof item.min === 'number' ||
    typeof item.max === 'number' ||
    'sign' in item
  );
}

/** Minor units → a signed decimal string with `exponent` decimals: (-4500, 2) → "-45.00". */
export function minorToDecimal(minor: number, exponent: number): string {
  const sign = minor < 0 ? '-' : '';
  const digits = Math.abs(minor).toString();
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

const atom = (condition: Json): Formula => ({ atom: condition });
const and = (...parts: Formula[]): Formula => ({ and: parts });
const or = (...parts: Formula[]): Formula => ({ or: parts });

/** The old condition as a formula of new ones that holds for exactly the same signed amounts. */
export function convertAmount(old: OldAmount, exponent: number): Formula {
  const d = (minor: number) => minorToDecimal(minor === 0 ? 0 : minor, exponent);
  const cmp = (op: 'equals' | 'gt' | 'lt', minor: number) => atom({ field: 'amount', op, value: d(minor) });
  const between = (min: number, max: number) =>
    atom({ field: 'amount', op: 'between', min: d(min), max: d(max) });
  const direction = (sign: Sign) => atom({ field: 'amount', op: 'sign', value: sign });
  const { sign } = old;
  if (old.op === 'between') {
    const min = old.min ?? 0;
    const max = old.max ?? 0;
    if (!sign) return min === 0 ? between(-max, max) : or(between(min, max), between(-max, -min));
    // |a| in [min, max] and a > 0 (or a < 0): with min 0 the range reaches 0, which the sign excludes.
    if (sign === 'money_in') return min > 0 ? between(min, max) : and(direction(sign), between(0, max));
    return min > 0 ? between(-max, -min) : and(direction(sign), between(-max, 0));
  }
  const v = old.value ?? 0;
  switch (old.op) {
    case 'equals':
      if (!sign) return v === 0 ? cmp('equals', 0) : or(cmp('equals', v), cmp('equals', -v));
      if (v === 0) return and(cmp('equals', 0), direction(sign)); // never held: 0 has no direction
      return cmp('equals', sign === 'money_in' ? v : -v);
    case 'gt':
      if (!sign) return or(cmp('gt', v), cmp('lt', -v));
      return sign === 'money_in' ? cmp('gt', v) : cmp('lt', -v);
    case 'lt':
      if (!sign) return and(cmp('gt', -v), cmp('lt', v));
      return sign === 'money_in' ? and(direction(sign), cmp('lt', v)) : and(direction(sign), cmp('gt', -v));
  }
}

/** The currency exponent a group pins its conditions to, if it is an `all` naming currencies of one. */
function pinnedExponent(group: Group): number | undefined {
  if (group.match !== 'all') return undefined;
  const exponents = new Set<number>();
  for (const item of group.conditions) {
    if (isGroup(item) || item.field !== 'currency') continue;
    const codes = item.op === 'equals' ? [item.value] : Array.isArray(item.values) ? item.values : [];
    const seen = new Set(codes.filter((c): c is string => typeof c === 'string').map(exponentOf));
    // Every condition of an `all` holds, so each one narrows the currencies; one exponent suffices.
    if (seen.size === 1) exponents.add([...seen][0]!);
  }
  return exponents.size === 1 ? [...exponents][0] : undefined;
}

/** Clauses of a formula: conjunctive (outer `and` of inner `or`s) or disjunctive, as asked. */
function normalForm(formula: Formula, outer: 'and' | 'or'): Json[][] {
  if ('atom' in formula) return [[formula.atom]];
  const parts = 'and' in formula ? formula.and : formula.or;
  if ('and' in formula === (outer === 'and')) return parts.flatMap((part) => normalForm(part, outer));
  return parts
    .map((part) => normalForm(part, outer))
    .reduce<Json[][]>((acc, clauses) => acc.flatMap((a) => clauses.map((c) => [...a, ...c])), [[]]);
}

/** The group with every old amount condition converted; undefined when it has none. */
export function convertGroup(group: Group): Group | undefined {
  const hasOld = group.conditions.some((item) =>
    isGroup(item) ? item.conditions.some((c) => !isGroup(c) && isOldAmount(c)) : isOldAmount(item),
  );
  if (!hasOld) return undefined;
  const topExponent = pinnedExponent(group);
  const convert = (item: Json, exponent: number | undefined): Formula =>
    isOldAmount(item) ? convertAmount(item, exponent ?? 2) : atom(item);
  const items = group.conditions.map((item): Formula => {
    if (!isGroup(item)) return convert(item, topExponent);
    const exponent = pinnedExponent(item) ?? topExponent;
    const parts = item.conditions.map((c) => convert(c as Json, exponent));
    return item.match === 'all' ? and(...parts) : or(...parts);
  });
  const outer = group.match === 'all' ? 'and' : 'or';
  const clauses = normalForm(outer === 'and' ? and(...items) : or(...items), outer);
  const inner = group.match === 'all' ? 'any' : 'all';
  return {
    match: group.match,
    conditions: clauses.map((clause) =>
      clause.length === 1 ? clause[0]! : { match: inner, conditions: clause },
    ),
  };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string; conditions: Group }>`
    SELECT id, conditions FROM rules WHERE conditions::text LIKE '%"amount"%'
  `.execute(db);
  for (const row of rows) {
    const converted = convertGroup(row.conditions);
    if (!converted) continue;
    await sql`
      UPDATE rules SET conditions = ${JSON.stringify(converted)}::jsonb WHERE id = ${row.id}
    `.execute(db);
  }
}

// No down: a signed decimal has no exact form in the old absolute minor units for every currency at once.
