import type { TransactionFilter } from '@ledgerflow/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { useCategories } from '../../api/categories';
import { rules, statements, transactions } from '../../api/endpoints';
import { refreshTransactions, TaskProgress } from '../../components/task-progress';
import { EmptyState, Loading, Page, ProblemAlert } from '../../components/ui';
import { parseDecimal, plural } from '../../lib/format';
import { BulkSummary } from '../rules/bulk-summary';
import { TransactionTable } from './transaction-table';
import { useTransactionEdits } from './use-transaction-edits';
import { useTransactionRows } from './use-transaction-rows';

/** 25 requests of 200 rows; a narrower search finds the rest. */
const MAX_ROWS = 5000;

interface Draft {
  q: string;
  date_from: string;
  date_to: string;
  category: string;
  account: string;
  amount_min: string;
  amount_max: string;
}

function toFilter(d: Draft, statementId: string | null): TransactionFilter {
  const min = parseDecimal(d.amount_min);
  const max = parseDecimal(d.amount_max);
  return {
    ...(statementId ? { statement_id: statementId } : {}),
    ...(d.q.trim() ? { q: d.q.trim() } : {}),
    ...(d.date_from ? { date_from: d.date_from } : {}),
    ...(d.date_to ? { date_to: d.date_to } : {}),
    ...(d.category ? { category_id: [d.category] } : {}),
    ...(d.account ? { account_id: [d.account] } : {}),
    ...(min ? { amount_min: min } : {}),
    ...(max ? { amount_max: max } : {}),
  };
}

/** Every transaction across statements: search on the server, review and fix in the table. */
export default function TransactionsPage() {
  const params = new URLSearchParams(useSearch());
  const statementId = params.get('statement_id');
  const [draft, setDraft] = useState<Draft>(() => ({
    q: params.get('q') ?? '',
    date_from: '',
    date_to: '',
    category: params.get('category_id') ?? '',
    account: '',
    amount_min: '',
    amount_max: '',
  }));
  const [filter, setFilter] = useState<TransactionFilter>(() => toFilter(draft, statementId));
  const [amountError, setAmountError] = useState(false);
  const categories = useCategories();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: statements.accounts });
  const data = useTransactionRows(
    ['transactions', 'search', filter],
    (offset, signal) => transactions.list({ ...filter, offset, limit: 200 }, signal),
    MAX_ROWS,
  );
  const edits = useTransactionEdits(data.update);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const search = (event: FormEvent) => {
    event.preventDefault();
    const bad =
      (draft.amount_min !== '' && !parseDecimal(draft.amount_min)) ||
      (draft.amount_max !== '' && !parseDecimal(draft.amount_max));
    setAmountError(bad);
    if (!bad) setFilter(toFilter(draft, statementId));
  };

  return (
    <Page title="Transactions">
      <form className="card filter-form" role="search" aria-label="Find transactions" onSubmit={search}>
        <div className="grid-fields">
          <label className="field">
            Text
            <input
              type="search"
              value={draft.q}
              onChange={set('q')}
              placeholder="Description, payee or note"
            />
          </label>
          <label className="field">
            From
            <input type="date" value={draft.date_from} onChange={set('date_from')} />
          </label>
          <label className="field">
            To
            <input type="date" value={draft.date_to} onChange={set('date_to')} />
          </label>
          <label className="field">
            Category
            <select value={draft.category} onChange={set('category')}>
              <option value="">Any</option>
              <option value="none">Uncategorized</option>
              {categories.groups.map(({ group, children }) => (
                <optgroup key={group.id} label={group.name}>
                  <option value={group.id}>{group.name} (general)</option>
                  {children.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label className="field">
            Account
            <select value={draft.account} onChange={set('account')}>
              <option value="">All accounts</option>
              {accounts.data?.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.currency})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Amount from
            <input
              inputMode="decimal"
              value={draft.amount_min}
              onChange={set('amount_min')}
              placeholder="-500"
            />
          </label>
          <label className="field">
            Amount to
            <input
              inputMode="decimal"
              value={draft.amount_max}
              onChange={set('amount_max')}
              placeholder="0"
            />
          </label>
        </div>
        {amountError ? (
          <p className="alert alert-error" role="alert">
            Amounts are numbers such as -50 or 1234.56 (money out is negative).
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="primary">
            Search
          </button>
          {statementId ? (
            <span className="muted">
              Within one statement. <Link href="/app/transactions">Search all statements</Link>
            </span>
          ) : null}
        </div>
      </form>
      <ApplyRules filter={filter} total={data.total} />
      <ProblemAlert error={data.error ?? categories.error ?? accounts.error} />
      <ProblemAlert error={edits.error} />
      {data.loading ? <Loading what="Searching" /> : null}
      {data.loadingMore ? (
        <p className="muted" role="status">
          Loaded {data.rows.length.toLocaleString()} of {data.total.toLocaleString()}…
        </p>
      ) : null}
      {data.truncated ? (
        <p className="alert alert-warn">
          Showing the first {data.rows.length.toLocaleString()} of {data.total.toLocaleString()} matches;
          narrow the search to see the rest.
        </p>
      ) : null}
      {!data.loading && data.total === 0 && !data.error ? (
        Object.keys(filter).length === 0 ? (
          <EmptyState title="No transactions yet">
            <p>
              <Link href="/app/upload">Upload a statement</Link> and its transactions appear here.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No transactions match">
            <p>Widen the dates, or clear the text and category.</p>
          </EmptyState>
        )
      ) : null}
      {!data.loading && data.rows.length > 0 ? (
        <TransactionTable
          label="Matching transactions"
          rows={data.rows}
          categories={categories}
          showRowNumber={false}
          onCategoryChange={edits.onCategoryChange}
          onBulkCategory={edits.onBulkCategory}
          onDetailsSave={edits.onDetailsSave}
        />
      ) : null}
    </Page>
  );
}

/** Runs the active rules over the transactions this search found, with live progress. */
function ApplyRules({ filter, total }: { filter: TransactionFilter; total: number }) {
  const client = useQueryClient();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [overwrite, setOverwrite] = useState(false);
  if (total === 0 && !taskId) return null;
  const run = async () => {
    setError(null);
    try {
      setTaskId((await rules.bulkCategorize({ filter, overwrite })).task_id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card apply-rules" aria-label="Apply rules">
      <div className="form-actions">
        <button type="button" onClick={() => void run()}>
          Apply rules to {plural(total, 'matching transaction')}
        </button>
        <label className="field-inline">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          Also change categories set by hand
        </label>
      </div>
      <ProblemAlert error={error} />
      {taskId ? (
        <TaskProgress
          key={taskId}
          taskId={taskId}
          label="Applying rules"
          onFinished={() => refreshTransactions(client)}
        >
          {(task) => <BulkSummary taskId={task.task_id} />}
        </TaskProgress>
      ) : null}
    </section>
  );
}
