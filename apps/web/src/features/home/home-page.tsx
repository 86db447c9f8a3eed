import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { statements, tasks, transactions } from '../../api/endpoints';
import { ReconciledBadge } from '../../components/reconciled-badge';
import { Badge, EmptyState, Page, ProblemAlert, STATUS_TONE } from '../../components/ui';
import { formatDate, formatDateTime, taskLabel } from '../../lib/format';

/** Where a session starts: what to do first when there is nothing, else what changed lately. */
export function HomePage() {
  const recent = useQuery({
    queryKey: ['statements', 'recent'],
    queryFn: () => statements.list({ limit: 5 }),
  });
  const uncategorized = useQuery({
    queryKey: ['transactions', 'uncategorized-count'],
    queryFn: () => transactions.list({ category_id: ['none'], limit: 1 }),
  });
  const latestTasks = useQuery({ queryKey: ['tasks', 'recent'], queryFn: () => tasks.list({ limit: 5 }) });
  const empty = recent.data?.total === 0;

  return (
    <Page title="Overview">
      <ProblemAlert error={recent.error ?? uncategorized.error ?? latestTasks.error} />
      {empty ? (
        <EmptyState title="Welcome to Ledgerflow">
          <ol className="steps">
            <li>
              <Link href="/app/upload">Upload a bank statement</Link> — a PDF, or an export from online
              banking.
            </li>
            <li>Review its transactions; every statement is checked against its own balances.</li>
            <li>
              <Link href="/app/rules">Create rules</Link> that file transactions under categories.
            </li>
            <li>
              <Link href="/app/reports">Generate a report</Link> for your client or your books.
            </li>
          </ol>
        </EmptyState>
      ) : null}
      {recent.data && !empty ? (
        <div className="cards">
          <section className="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recent statements</h2>
            <ul className="plain-list">
              {recent.data.items.map((s) => (
                <li key={s.id}>
                  <Link href={`/app/statements/${s.id}`}>{s.original_name}</Link>{' '}
                  <span className="muted">
                    {formatDate(s.period_start)} – {formatDate(s.period_end)}
                  </span>{' '}
                  <ReconciledBadge reconciled={s.reconciled} checked={s.reconciliation_checked} />
                </li>
              ))}
            </ul>
            <Link href="/app/statements">All statements</Link>
          </section>
          <section className="card" aria-labelledby="todo-heading">
            <h2 id="todo-heading">To review</h2>
            {uncategorized.data ? (
              <p>
                <strong className="big-number">{uncategorized.data.total.toLocaleString()}</strong>{' '}
                uncategorized transactions.{' '}
                {uncategorized.data.total > 0 ? (
                  <Link href="/app/transactions?category_id=none">Review them</Link>
                ) : null}
              </p>
            ) : null}
            <p>
              <Link href="/app/rules">Rules</Link> file new transactions automatically as they are imported.
            </p>
          </section>
          <section className="card" aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Latest tasks</h2>
            <ul className="plain-list">
              {latestTasks.data?.items.map((t) => (
                <li key={t.task_id}>
                  {taskLabel(t.task_name)}{' '}
                  <Badge tone={STATUS_TONE[t.status] ?? 'neutral'}>{t.status.toLowerCase()}</Badge>{' '}
                  <span className="muted">{formatDateTime(t.created_at)}</span>
                </li>
              ))}
            </ul>
            <Link href="/app/tasks">All tasks</Link>
          </section>
        </div>
      ) : null}
    </Page>
  );
}
