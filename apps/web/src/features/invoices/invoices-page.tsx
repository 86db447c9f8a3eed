import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { invoices } from '../../api/endpoints';
import { Pager } from '../../components/pager';
import { Badge, EmptyState, Loading, Page, ProblemAlert } from '../../components/ui';
import { formatDate, formatMoney } from '../../lib/format';

const PAGE = 50;

/** Invoices read from uploaded PDFs, newest first, with a vendor search. */
export default function InvoicesPage() {
  const [offset, setOffset] = useState(0);
  const [vendor, setVendor] = useState('');
  const [search, setSearch] = useState('');
  const list = useQuery({
    queryKey: ['invoices', offset, search],
    queryFn: () => invoices.list({ limit: PAGE, offset, ...(search ? { vendor: search } : {}) }),
  });
  return (
    <Page
      title="Invoices"
      actions={
        <Link className="button primary" href="/app/upload">
          Upload invoices
        </Link>
      }
    >
      <form
        className="toolbar"
        role="search"
        aria-label="Find invoices"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setSearch(vendor.trim());
        }}
      >
        <label className="field-inline">
          Vendor
          <input type="search" value={vendor} onChange={(e) => setVendor(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ProblemAlert error={list.error} />
      {list.isLoading ? <Loading what="Loading invoices" /> : null}
      {list.data?.total === 0 ? (
        <EmptyState title={search ? 'No invoices from this vendor' : 'No invoices yet'}>
          <p>
            <Link href="/app/upload">Upload invoice PDFs</Link> (choose “Invoices” there): vendor, number,
            dates, amounts and IBAN are read for you to check.
          </p>
        </EmptyState>
      ) : null}
      {list.data && list.data.total > 0 ? (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Invoices, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Vendor</th>
                  <th scope="col">Number</th>
                  <th scope="col">Date</th>
                  <th scope="col">Due</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">To check</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((inv) => (
                  <tr key={inv.id}>
                    <td>
                      <Link href={`/app/invoices/${inv.id}`}>{inv.vendor_name ?? inv.original_name}</Link>
                      <div className="muted">{inv.original_name}</div>
                    </td>
                    <td>{inv.invoice_number ?? '—'}</td>
                    <td>{formatDate(inv.invoice_date)}</td>
                    <td>{formatDate(inv.due_date)}</td>
                    <td className="num">{formatMoney(inv.total_minor, inv.currency ?? 'XXX')}</td>
                    <td>
                      {inv.duplicate_of ? <Badge tone="bad">Duplicate</Badge> : null}{' '}
                      {inv.issue_count > 0 ? (
                        <Badge tone="warn">{inv.issue_count} to check</Badge>
                      ) : (
                        <Badge tone="ok">All checks pass</Badge>
                      )}
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
