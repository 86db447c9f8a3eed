import type { RuleBody, RuleView } from '@ledgerflow/contracts';
import { parseDecimal } from '../../lib/format';

/**
 * A rule as the editor holds it: one flat group of conditions (nested groups of a rule made through the
 * API are kept untouched and shown as such), and one field per action. Converted to and from the API's
 * JSON (conditions and actions are documented in packages/contracts/src/categorization.ts).
 */
export type Sign = '' | 'money_in' | 'money_out';
export interface ConditionDraft {
  key: string;
  field: 'description' | 'amount' | 'date' | 'account' | 'bank_source' | 'currency';
  op: string;
  value: string;
  /** The upper bound of `between` (amount max, date to). */
  value2: string;
  /** The direction of the `sign` amount test; other amount tests take signed amounts. */
  sign: Sign;
}
export interface RuleDraft {
  name: string;
  match: 'all' | 'any';
  conditions: ConditionDraft[];
  /** Conditions the editor does not show (nested groups), sent back as they were. */
  kept: unknown[];
  category_id: string;
  payee: string;
  note: string;
  tags: string;
  active: boolean;
  stop_processing: boolean;
}

export const OPS: Record<ConditionDraft['field'], { op: string; label: string }[]> = {
  description: [
    { op: 'contains', label: 'contains' },
    { op: 'not_contains', label: 'does not contain' },
    { op: 'equals', label: 'is' },
    { op: 'starts_with', label: 'starts with' },
    { op: 'ends_with', label: 'ends with' },
    { op: 'one_of', label: 'is one of (comma-separated)' },
    { op: 'matches_regex', label: 'matches the pattern' },
  ],
  amount: [
    { op: 'equals', label: 'is' },
    { op: 'gt', label: 'is above' },
    { op: 'lt', label: 'is below' },
    { op: 'between', label: 'is between' },
    { op: 'sign', label: 'is any amount' },
  ],
  date: [
    { op: 'between', label: 'is between' },
    { op: 'day_of_month', label: 'falls on day(s) of month' },
  ],
  account: [{ op: 'equals', label: 'is' }],
  bank_source: [{ op: 'equals', label: 'is' }],
  currency: [{ op: 'equals', label: 'is' }],
};

export const FIELD_LABELS: Record<ConditionDraft['field'], string> = {
  description: 'Description',
  amount: 'Amount',
  date: 'Date',
  account: 'Account',
  bank_source: 'Bank',
  currency: 'Currency',
};

export const newCondition = (field: ConditionDraft['field'] = 'description'): ConditionDraft => ({
  key: crypto.randomUUID(),
  field,
  op: OPS[field][0]!.op,
  value: '',
  value2: '',
  sign: '',
});

export const emptyRule = (): RuleDraft => ({
  name: '',
  match: 'all',
  conditions: [newCondition()],
  kept: [],
  category_id: '',
  payee: '',
  note: '',
  tags: '',
  active: true,
  stop_processing: false,
});

type Json = Record<string, unknown>;
/** A stored string field, or '' (the JSON is the API's, so look before trusting). */
const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

export function fromRule(rule: RuleView): RuleDraft {
  const group = (rule.conditions ?? { match: 'all', conditions: [] }) as {
    match: 'all' | 'any';
    conditions: Json[];
  };
  const conditions: ConditionDraft[] = [];
  const kept: unknown[] = [];
  for (const c of group.conditions) {
    if ('conditions' in c || c.field === 'statement' || (c.op === 'one_of' && c.field !== 'description')) {
      kept.push(c);
      continue;
    }
    const field = c.field as ConditionDraft['field'];
    const d: ConditionDraft = { ...newCondition(field), op: String(c.op), sign: '' };
    if (field === 'amount') {
      // Signed decimals in the transaction's currency, as the API takes them ("-12.50" is 12.50 out).
      d.sign = (c.op === 'sign' ? c.value : '') as Sign;
      d.value = c.op === 'between' ? text(c.min) : c.op === 'sign' ? '' : text(c.value);
      d.value2 = c.op === 'between' ? text(c.max) : '';
    } else if (field === 'date') {
      d.value = c.op === 'between' ? text(c.from) : ((c.values as number[]) ?? []).join(', ');
      d.value2 = c.op === 'between' ? text(c.to) : '';
    } else if (c.op === 'one_of') {
      d.value = ((c.values as string[]) ?? []).join(', ');
    } else {
      d.value = text(c.value);
    }
    conditions.push(d);
  }
  const actions = (rule.actions ?? []) as Json[];
  const action = (type: string) => actions.find((a) => a.type === type);
  return {
    name: rule.name,
    match: group.match,
    conditions,
    kept,
    category_id: text(action('set_category')?.category_id),
    payee: text(action('set_payee')?.payee),
    note: text(action('set_note')?.note),
    tags: ((action('add_tags')?.tags as string[]) ?? []).join(', '),
    active: rule.active,
    stop_processing: rule.stop_processing,
  };
}

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The API body, or the problems that keep it from being one (in words, per condition). */
export function toRuleBody(d: RuleDraft): { body: RuleBody } | { problems: string[] } {
  const problems: string[] = [];
  const conditions: Json[] = d.conditions.map((c, i) => {
    const where = `Condition ${i + 1}`;
    if (c.field === 'amount') {
      if (c.op === 'sign') return { field: 'amount', op: 'sign', value: c.sign || 'money_out' };
      const value = parseDecimal(c.value);
      if (value === null)
        problems.push(`${where}: enter an amount such as -12.50 (money out) or 12.50 (money in).`);
      if (c.op === 'between') {
        const max = parseDecimal(c.value2);
        if (max === null) problems.push(`${where}: enter the upper amount.`);
        return { field: 'amount', op: 'between', min: value ?? '0', max: max ?? '0' };
      }
      return { field: 'amount', op: c.op, value: value ?? '0' };
    }
    if (c.field === 'date') {
      if (c.op === 'between') {
        if (!c.value || !c.value2) problems.push(`${where}: choose both dates.`);
        return { field: 'date', op: 'between', from: c.value, to: c.value2 };
      }
      const days = list(c.value).map(Number);
      if (days.length === 0 || days.some((n) => !Number.isInteger(n) || n < 1 || n > 31))
        problems.push(`${where}: days are numbers from 1 to 31, separated by commas.`);
      return { field: 'date', op: 'day_of_month', values: days };
    }
    if (c.op === 'one_of') return { field: c.field, op: 'one_of', values: list(c.value) };
    if (!c.value.trim()) problems.push(`${where}: enter the text to look for.`);
    return { field: c.field, op: c.op, value: c.value.trim() };
  });
  const actions: Json[] = [];
  if (d.category_id) actions.push({ type: 'set_category', category_id: d.category_id });
  if (d.payee.trim()) actions.push({ type: 'set_payee', payee: d.payee.trim() });
  if (d.note.trim()) actions.push({ type: 'set_note', note: d.note.trim() });
  if (list(d.tags).length > 0) actions.push({ type: 'add_tags', tags: list(d.tags) });
  if (!d.name.trim()) problems.push('Give the rule a name.');
  if (conditions.length + d.kept.length === 0) problems.push('Add at least one condition.');
  if (actions.length === 0) problems.push('Choose what the rule does: a category, a payee, a note or tags.');
  if (problems.length > 0) return { problems };
  return {
    body: {
      name: d.name.trim(),
      active: d.active,
      stop_processing: d.stop_processing,
      // Built field by field above; the server checks the whole rule again (422 RULE_INVALID).
      conditions: {
        match: d.match,
        conditions: [...conditions, ...d.kept] as RuleBody['conditions']['conditions'],
      },
      actions: actions as RuleBody['actions'],
    },
  };
}

/** One line saying what a rule does, for the list. */
export function describeRule(rule: RuleView, categoryLabel: (id: string) => string): string {
  const d = fromRule(rule);
  const when = d.conditions
    .map((c) => {
      const op = OPS[c.field].find((o) => o.op === c.op)?.label ?? c.op;
      if (c.op === 'sign')
        return `${FIELD_LABELS[c.field]} is ${c.sign === 'money_in' ? 'money in' : 'money out'}`;
      const value = c.op === 'between' ? `${c.value} and ${c.value2}` : `“${c.value}”`;
      return `${FIELD_LABELS[c.field]} ${op} ${value}`;
    })
    .concat(d.kept.length > 0 ? [`${d.kept.length} more condition group(s)`] : [])
    .join(d.match === 'all' ? ' and ' : ' or ');
  const then = [
    d.category_id ? `file under ${categoryLabel(d.category_id)}` : '',
    d.payee ? `payee “${d.payee}”` : '',
    d.note ? 'add a note' : '',
    d.tags ? `tag ${d.tags}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `When ${when || 'always'}: ${then || 'nothing'}`;
}
