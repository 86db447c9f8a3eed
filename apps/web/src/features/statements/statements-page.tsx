import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { statements } from '../../api/endpoints';
import { Pager } from '../../components/pager';
import { ReconciledBadge } from '../../components/reconciled-badge';
import { EmptyState, Loading, Page, ProblemAlert } from '../../components/ui';
import { formatDate, formatMoney } from '../../lib/format';

const PAGE = 50;

export default function StatementsPage() {
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['statements', offset],
    queryFn: () => statements.list({ limit: PAGE, offset }),
  });
  return (
    <Page
      title="Statements"
      actions={
        <Link className="button primary" href="/app/upload">
          Upload statements
        </Link>
      }
    >
      <ProblemAlert error={list.error} />
      {list.isLoading ? <Loading what="Loading statements" /> : null}
      {list.data && list.data.total === 0 ? (
        <EmptyState title="No statements yet">
          <p>
            Start by <Link href="/app/upload">uploading a statement</Link>: a PDF from your bank, or a CSV,
            OFX, QIF, MT940 or CAMT.053 export.
          </p>
        </EmptyState>
      ) : null}
      {list.data && list.data.total > 0 ? (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Imported statements, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Statement</th>
                  <th scope="col">Account</th>
                  <th scope="col">Period</th>
                  <th scope="col" className="num">
                    Opening
                  </th>
                  <th scope="col" className="num">
                    Closing
                  </th>
                  <th scope="col" className="num">
                    Transactions
                  </th>
                  <th scope="col">Reconciliation</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link href={`/app/statements/${s.id}`}>{s.original_name}</Link>
                      <div className="muted">
                        {s.bank_name ?? s.bank_source} · {s.format.toUpperCase()}
                      </div>
                    </td>
                    <td>
                      {s.account_number ?? '—'} <span className="muted">{s.currency}</span>
                    </td>
                    <td>
                      {formatDate(s.period_start)} – {formatDate(s.period_end)}
                    </td>
                    <td className="num">{formatMoney(s.opening_balance_minor, s.currency)}</td>
                    <td className="num">{formatMoney(s.closing_balance_minor, s.currency)}</td>
                    <td className="num">{s.transaction_count.toLocaleString()}</td>
                    <td>
                      <ReconciledBadge reconciled={s.reconciled} checked={s.reconciliation_checked} />
                      {s.issues.length > 0 ? <div className="muted">{s.issues.length} issue(s)</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} total={list.data.total} size={PAGE} onChange={setOffset} />
        </>
      ) : null}
    </Page>
  );
}
