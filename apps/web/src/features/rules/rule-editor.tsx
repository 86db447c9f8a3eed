import type { Account, RuleBody } from '@ledgerflow/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { CategoryIndex } from '../../api/categories';
import { rules } from '../../api/endpoints';
import { CategorySelect } from '../../components/category-select';
import { Loading, ProblemAlert } from '../../components/ui';
import { formatDate, formatMoney, plural } from '../../lib/format';
import {
  FIELD_LABELS,
  newCondition,
  OPS,
  toRuleBody,
  type ConditionDraft,
  type RuleDraft,
} from './rule-model';

/** The editor of one rule: conditions, actions, and a live preview of what it would match. */
export function RuleEditor({
  initial,
  categories,
  accounts,
  saving,
  error,
  onSave,
  onCancel,
}: {
  initial: RuleDraft;
  categories: CategoryIndex;
  accounts: Account[];
  saving: boolean;
  error: unknown;
  onSave: (body: RuleBody) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [showProblems, setShowProblems] = useState(false);
  const built = toRuleBody(draft);
  const patch = (change: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setCondition = (key: string, change: Partial<ConditionDraft>) =>
    patch({ conditions: draft.conditions.map((c) => (c.key === key ? { ...c, ...change } : c)) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    if ('body' in built) onSave(built.body);
  };

  return (
    <form className="card rule-editor stack" onSubmit={submit} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">{initial.name ? `Edit rule “${initial.name}”` : 'New rule'}</h2>
      <label className="field">
        Name
        <input value={draft.name} maxLength={200} onChange={(e) => patch({ name: e.target.value })} />
      </label>
      <fieldset>
        <legend>When a transaction matches</legend>
        <label className="field-inline">
          <select
            value={draft.match}
            onChange={(e) => patch({ match: e.target.value as 'all' | 'any' })}
            aria-label="Which conditions must hold"
          >
            <option value="all">all of these conditions</option>
            <option value="any">any of these conditions</option>
          </select>
        </label>
        <ol className="condition-list">
          {draft.conditions.map((c, i) => (
            <ConditionRow
              key={c.key}
              index={i + 1}
              condition={c}
              accounts={accounts}
              onChange={(change) => setCondition(c.key, change)}
              onRemove={() => patch({ conditions: draft.conditions.filter((x) => x.key !== c.key) })}
            />
          ))}
        </ol>
        {draft.conditions.some((c) => c.field === 'amount' && c.op !== 'sign') ? (
          <p className="hint">
            Amounts are signed: money in positive, money out negative (-12.50 is 12.50 out).
          </p>
        ) : null}
        {draft.kept.length > 0 ? (
          <p className="hint">
            Plus {plural(draft.kept.length, 'condition group')} made through the API, kept as they are.
          </p>
        ) : null}
        <button type="button" onClick={() => patch({ conditions: [...draft.conditions, newCondition()] })}>
          Add a condition
        </button>
      </fieldset>
      <fieldset>
        <legend>Then</legend>
        <div className="grid-fields">
          <label className="field">
            Set the category
            <CategorySelect
              index={categories}
              emptyLabel="(leave as is)"
              value={draft.category_id}
              onChange={(e) => patch({ category_id: e.target.value })}
            />
          </label>
          <label className="field">
            Set the payee
            <input value={draft.payee} onChange={(e) => patch({ payee: e.target.value })} />
          </label>
          <label className="field">
            Add tags (comma-separated)
            <input value={draft.tags} onChange={(e) => patch({ tags: e.target.value })} />
          </label>
          <label className="field">
            Set a note
            <input value={draft.note} onChange={(e) => patch({ note: e.target.value })} />
          </label>
        </div>
        <label className="field-inline">
          <input
            type="checkbox"
            checked={draft.stop_processing}
            onChange={(e) => patch({ stop_processing: e.target.checked })}
          />
          Stop here: no later rule runs on a transaction this rule matched
        </label>
        <label className="field-inline">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => patch({ active: e.target.checked })}
          />
          Active (runs on imports and bulk categorization)
        </label>
      </fieldset>
      {showProblems && 'problems' in built ? (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">The rule is not complete yet.</p>
          <ul>
            {built.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ProblemAlert error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <RulePreview body={'body' in built ? built.body : null} categories={categories} />
    </form>
  );
}

const AMOUNT_HINT =
  'Signed, in the transaction currency: money in positive, money out negative (-12.50 is 12.50 out)';

function ConditionRow({
  index,
  condition: c,
  accounts,
  onChange,
  onRemove,
}: {
  index: number;
  condition: ConditionDraft;
  accounts: Account[];
  onChange: (change: Partial<ConditionDraft>) => void;
  onRemove: () => void;
}) {
  const label = `Condition ${index}`;
  return (
    <li className="condition-row" aria-label={label}>
      <select
        aria-label={`${label}: field`}
        value={c.field}
        onChange={(e) => {
          const field = e.target.value as ConditionDraft['field'];
          onChange({
            field,
            op: OPS[field][0]!.op,
            value: '',
            value2: '',
            sign: '',
          });
        }}
      >
        {Object.entries(FIELD_LABELS).map(([field, text]) => (
          <option key={field} value={field}>
            {text}
          </option>
        ))}
      </select>
      <select
        aria-label={`${label}: test`}
        value={c.op}
        onChange={(e) =>
          onChange({ op: e.target.value, sign: e.target.value === 'sign' ? c.sign || 'money_out' : '' })
        }
      >
        {OPS[c.field].map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </select>
      {c.field === 'account' ? (
        <select
          aria-label={`${label}: value`}
          value={c.value}
          onChange={(e) => onChange({ value: e.target.value })}
        >
          <option value="">Choose an account</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.currency})
            </option>
          ))}
        </select>
      ) : c.op !== 'sign' ? (
        <input
          aria-label={`${label}: value`}
          type={c.field === 'date' && c.op === 'between' ? 'date' : 'text'}
          inputMode={c.field === 'amount' ? 'decimal' : undefined}
          value={c.value}
          placeholder={c.field === 'amount' ? '-12.50' : c.op === 'day_of_month' ? '1, 15' : ''}
          title={c.field === 'amount' ? AMOUNT_HINT : undefined}
          onChange={(e) => onChange({ value: e.target.value })}
        />
      ) : null}
      {c.op === 'between' ? (
        <>
          <span>and</span>
          <input
            aria-label={`${label}: upper value`}
            type={c.field === 'date' ? 'date' : 'text'}
            inputMode={c.field === 'amount' ? 'decimal' : undefined}
            placeholder={c.field === 'amount' ? '-10.00' : undefined}
            title={c.field === 'amount' ? AMOUNT_HINT : undefined}
            value={c.value2}
            onChange={(e) => onChange({ value2: e.target.value })}
          />
        </>
      ) : null}
      {c.op === 'sign' ? (
        <select
          aria-label={`${label}: direction`}
          value={c.sign || 'money_out'}
          onChange={(e) => onChange({ sign: e.target.value as ConditionDraft['sign'] })}
        >
          <option value="money_out">money out</option>
          <option value="money_in">money in</option>
        </select>
      ) : null}
      <button type="button" className="button-link" onClick={onRemove}>
        Remove<span className="visually-hidden"> condition {index}</span>
      </button>
    </li>
  );
}

/** Debounced: what the unsaved rule would match among the organization's transactions. */
function RulePreview({ body, categories }: { body: RuleBody | null; categories: CategoryIndex }) {
  const json = body ? JSON.stringify(body) : null;
  const [debounced, setDebounced] = useState(json);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(json), 400);
    return () => clearTimeout(timer);
  }, [json]);
  const preview = useQuery({
    queryKey: ['rule-preview', debounced],
    queryFn: () => rules.preview({ rule: JSON.parse(debounced!) as RuleBody, sample_size: 10 }),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const p = preview.data;
  return (
    <section className="rule-preview" aria-labelledby="preview-heading" aria-busy={preview.isFetching}>
      <h3 id="preview-heading">Preview</h3>
      {!debounced ? <p className="muted">Complete the rule to see which transactions it matches.</p> : null}
      <ProblemAlert error={preview.error} />
      {debounced && preview.isLoading ? <Loading what="Looking for matches" /> : null}
      {debounced && p ? (
        <>
          <p role="status">
            Matches <strong>{plural(p.matched, 'transaction')}</strong> of {p.scanned.toLocaleString()}.
          </p>
          {p.sample.length > 0 ? (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">Transactions the rule matches</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Description</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col">Category now</th>
                    <th scope="col">With this rule</th>
                  </tr>
                </thead>
                <tbody>
                  {p.sample.map((t) => (
                    <tr key={t.id}>
                      <td>{formatDate(t.date)}</td>
                      <td>{t.description}</td>
                      <td className="num">{formatMoney(t.amount_minor, t.currency)}</td>
                      <td>{t.category_id ? categories.label.get(t.category_id) : '—'}</td>
                      <td>{t.proposed.category_id ? categories.label.get(t.proposed.category_id) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
