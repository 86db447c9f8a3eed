import type { Statement } from '@ledgerflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useLocation } from 'wouter';
import { useCategories } from '../../api/categories';
import { download } from '../../api/client';
import { statements } from '../../api/endpoints';
import { ReconciledBadge } from '../../components/reconciled-badge';
import { Loading, Page, ProblemAlert } from '../../components/ui';
import { formatDate, formatMoney, plural } from '../../lib/format';
import { TransactionTable, type RowIssue } from '../transactions/transaction-table';
import { useTransactionEdits } from '../transactions/use-transaction-edits';
import { useTransactionRows } from '../transactions/use-transaction-rows';

/** 20 requests of 1,000 rows at most; the Transactions page searches beyond that. */
const MAX_ROWS = 20_000;

export default function StatementPage({ id }: { id: string }) {
  const statement = useQuery({ queryKey: ['statement', id], queryFn: () => statements.get(id) });
  const categories = useCategories();
  const data = useTransactionRows(
    ['statement-transactions', id],
    (offset, signal) => statements.transactions(id, offset, 1000, signal),
    MAX_ROWS,
  );
  const edits = useTransactionEdits(data.update);
  const rowIssues = useMemo(() => issuesByRow(statement.data), [statement.data]);
  const s = statement.data;

  return (
    <Page title={s ? s.original_name : 'Statement'} actions={s ? <StatementActions statement={s} /> : null}>
      <ProblemAlert error={statement.error} />
      {s ? <Summary statement={s} /> : statement.isLoading ? <Loading what="Loading the statement" /> : null}
      <section aria-labelledby="tx-heading">
        <h2 id="tx-heading">Transactions</h2>
        <ProblemAlert error={data.error ?? categories.error} />
        <ProblemAlert error={edits.error} />
        {data.loading ? <Loading what="Loading transactions" /> : null}
        {data.loadingMore ? (
          <p className="muted" role="status">
            Loaded {data.rows.length.toLocaleString()} of {data.total.toLocaleString()}…
          </p>
        ) : null}
        {data.truncated ? (
          <p className="alert alert-warn">
            Showing the first {data.rows.length.toLocaleString()} of {data.total.toLocaleString()}{' '}
            transactions. <Link href={`/app/transactions?statement_id=${id}`}>Search all of them</Link>.
          </p>
        ) : null}
        {!data.loading && data.rows.length > 0 ? (
          <TransactionTable
            label="Transactions of this statement"
            rows={data.rows}
            categories={categories}
            rowIssues={rowIssues}
            onCategoryChange={edits.onCategoryChange}
            onBulkCategory={edits.onBulkCategory}
            onDetailsSave={edits.onDetailsSave}
          />
        ) : null}
        {!data.loading && data.total === 0 && !data.error ? (
          <p>This statement added no transactions (every row was already imported).</p>
        ) : null}
      </section>
    </Page>
  );
}

function issuesByRow(statement: Statement | undefined): Map<number, RowIssue[]> {
  const map = new Map<number, RowIssue[]>();
  for (const issue of statement?.issues ?? []) {
    for (const row of issue.rows)
      map.set(row, [...(map.get(row) ?? []), { code: issue.code, message: issue.message }]);
  }
  return map;
}

function Summary({ statement: s }: { statement: Statement }) {
  return (
    <section className="card summary" aria-label="Statement summary">
      <dl className="facts">
        <div>
          <dt>Bank</dt>
          <dd>{s.bank_name ?? s.bank_source}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>
            {s.account_number ?? '—'} ({s.account_kind === 'liability' ? 'card or loan' : 'bank account'},{' '}
            {s.currency})
          </dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>
            {formatDate(s.period_start)} – {formatDate(s.period_end)}
          </dd>
        </div>
        <div>
          <dt>Opening balance</dt>
          <dd className="money">{formatMoney(s.opening_balance_minor, s.currency)}</dd>
        </div>
        <div>
          <dt>Closing balance</dt>
          <dd className="money">{formatMoney(s.closing_balance_minor, s.currency)}</dd>
        </div>
        <div>
          <dt>Transactions</dt>
          <dd>
            {s.transaction_count.toLocaleString()}
            {s.duplicate_count > 0 ? ` (${plural(s.duplicate_count, 'row')} already imported)` : ''}
          </dd>
        </div>
        <div>
          <dt>Reconciliation</dt>
          <dd>
            <ReconciledBadge reconciled={s.reconciled} checked={s.reconciliation_checked} />
          </dd>
        </div>
      </dl>
      <ReconciliationExplained statement={s} />
    </section>
  );
}

/** Says which checks ran and, when one failed, which one and on which rows. */
function ReconciliationExplained({ statement: s }: { statement: Statement }) {
  return (
    <div className="explain">
      {!s.reconciliation_checked ? (
        <p>This file carries no balances, so Ledgerflow could not prove that every row was read.</p>
      ) : s.reconciled ? (
        <p>
          Opening balance {s.account_kind === 'liability' ? '−' : '+'} the{' '}
          {plural(s.transaction_count + s.duplicate_count, 'transaction')} = closing balance, and every
          running balance and printed total agrees: every row was read.
        </p>
      ) : (
        <p>
          The statement does not add up. The checks that failed, and the rows involved (marked ⚠ in the
          table):
        </p>
      )}
      {s.issues.length > 0 ? (
        <ul className="issues">
          {s.issues.map((issue, i) => (
            <li key={i}>
              <span className="code">{issue.code}</span> {issue.message}
              {issue.rows.length > 0 ? (
                <span className="muted">
                  {' '}
                  — rows{' '}
                  {issue.rows
                    .slice(0, 10)
                    .map((r) => r + 1)
                    .join(', ')}
                  {issue.rows.length > 10 ? ` and ${issue.rows.length - 10} more` : ''}
                </span>
              ) : null}
              {issue.expected_minor !== undefined && issue.actual_minor !== undefined ? (
                <span className="muted">
                  {' '}
                  (expected {formatMoney(issue.expected_minor, s.currency)}, found{' '}
                  {formatMoney(issue.actual_minor, s.currency)})
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {s.problems.length > 0 ? (
        <details>
          <summary>What the reader noticed ({s.problems.length})</summary>
          <ul>
            {s.problems.map((p, i) => (
              <li key={i}>
                <span className="code">{p.code}</span> {p.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function StatementActions({ statement }: { statement: Statement }) {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const remove = useMutation({
    mutationFn: () => statements.remove(statement.id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['statements'] });
      navigate('/app/statements');
    },
  });
  const original = useMutation({
    mutationFn: () => download(`/files/${statement.file_id}/download`, statement.original_name),
  });
  return (
    <>
      {statement.file_id ? (
        <button type="button" onClick={() => original.mutate()}>
          Download original
        </button>
      ) : null}
      <button
        type="button"
        className="danger"
        onClick={() => {
          if (
            window.confirm(
              `Delete ${statement.original_name} and its ${statement.transaction_count} transactions?`,
            )
          )
            remove.mutate();
        }}
      >
        Delete
      </button>
      <ProblemAlert error={remove.error ?? original.error} />
    </>
  );
}
