import type { GenerateReportBody, Report, ReportFormat, ReportResult } from '@ledgerflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useCategories } from '../../api/categories';
import { download } from '../../api/client';
import { reports, statements, tasks } from '../../api/endpoints';
import { Pager } from '../../components/pager';
import { TaskProgress } from '../../components/task-progress';
import { Badge, EmptyState, Loading, Page, ProblemAlert } from '../../components/ui';
import { formatBytes, formatDate, formatDateTime, plural } from '../../lib/format';
import { Schedules } from './schedules';

const PAGE = 20;

/** Generate a report (a statement or a period), follow it, download it; earlier reports; schedules. */
export default function ReportsPage() {
  const client = useQueryClient();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['reports', offset],
    queryFn: () => reports.list({ limit: PAGE, offset }),
  });
  return (
    <Page title="Reports">
      <p className="lead">
        An Excel workbook (summary, transactions, by category, by month) or a CSV of the transactions, for one
        statement or for a period.
      </p>
      <GenerateForm onSubmitted={setTaskId} />
      {taskId ? (
        <section className="card" aria-label="Report in progress">
          <TaskProgress
            key={taskId}
            taskId={taskId}
            label="Generating the report"
            onFinished={() => void client.invalidateQueries({ queryKey: ['reports'] })}
          >
            {(task) => <ReadyReport taskId={task.task_id} />}
          </TaskProgress>
        </section>
      ) : null}
      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">Reports</h2>
        <ProblemAlert error={list.error} />
        {list.isLoading ? <Loading what="Loading reports" /> : null}
        {list.data?.total === 0 ? (
          <EmptyState title="No reports yet">
            <p>Choose a statement or a period above and generate your first.</p>
          </EmptyState>
        ) : null}
        {list.data && list.data.total > 0 ? (
          <>
            <ReportTable items={list.data.items} />
            <Pager offset={offset} total={list.data.total} size={PAGE} onChange={setOffset} />
          </>
        ) : null}
      </section>
      <Schedules />
    </Page>
  );
}

function GenerateForm({ onSubmitted }: { onSubmitted: (taskId: string) => void }) {
  const categories = useCategories();
  const statementList = useQuery({
    queryKey: ['statements', 'all-for-scope'],
    queryFn: () => statements.list({ limit: 200 }),
  });
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: statements.accounts });
  const [scope, setScope] = useState<'statement' | 'period'>('statement');
  const [statementId, setStatementId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [account, setAccount] = useState('');
  const [category, setCategory] = useState('');
  const [format, setFormat] = useState<ReportFormat>('xlsx');
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const generate = useMutation({
    mutationFn: (body: GenerateReportBody) => reports.generate(body),
    onSuccess: (submitted) => onSubmitted(submitted.task_id),
  });
  const chosenStatement = statementId || statementList.data?.items[0]?.id || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const common = { format, ...(title.trim() ? { title: title.trim() } : {}) };
    if (scope === 'statement') {
      if (!chosenStatement) return setProblem('Upload a statement first, or choose a period.');
      generate.mutate({ ...common, statement_id: chosenStatement });
    } else {
      if (!from || !to) return setProblem('Choose the first and the last day of the period.');
      if (from > to) return setProblem('The period ends before it starts.');
      generate.mutate({
        ...common,
        date_from: from,
        date_to: to,
        ...(account ? { account_id: [account] } : {}),
        ...(category ? { category_id: [category] } : {}),
      });
    }
  };

  return (
    <form className="card stack" aria-labelledby="generate-heading" onSubmit={submit}>
      <h2 id="generate-heading">New report</h2>
      <fieldset className="inline-options">
        <legend>Transactions of</legend>
        <label>
          <input
            type="radio"
            name="scope"
            checked={scope === 'statement'}
            onChange={() => setScope('statement')}
          />{' '}
          One statement
        </label>
        <label>
          <input type="radio" name="scope" checked={scope === 'period'} onChange={() => setScope('period')} />{' '}
          A period
        </label>
      </fieldset>
      <div className="grid-fields">
        {scope === 'statement' ? (
          <label className="field">
            Statement
            <select value={chosenStatement} onChange={(e) => setStatementId(e.target.value)}>
              {statementList.data?.items.length === 0 ? <option value="">No statements yet</option> : null}
              {statementList.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.original_name} ({formatDate(s.period_start)} – {formatDate(s.period_end)})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <>
            <label className="field">
              From
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label className="field">
              To
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
            <label className="field">
              Account
              <select value={account} onChange={(e) => setAccount(e.target.value)}>
                <option value="">All accounts</option>
                {accounts.data?.items.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.currency})
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Category
              <select value={category} onChange={(e) => setCategory(e.target.value)}>
                <option value="">All categories</option>
                <option value="none">Uncategorized</option>
                {categories.list.map((c) => (
                  <option key={c.id} value={c.id}>
                    {categories.label.get(c.id)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label className="field">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            <option value="xlsx">Excel workbook (.xlsx)</option>
            <option value="csv">CSV (.csv)</option>
          </select>
        </label>
        <label className="field">
          Title (optional)
          <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
      </div>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ProblemAlert error={generate.error ?? statementList.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={generate.isPending}>
          Generate report
        </button>
      </div>
    </form>
  );
}

/** The finished report: its size and a download button. */
function ReadyReport({ taskId }: { taskId: string }) {
  const result = useQuery({
    queryKey: ['task-result', taskId],
    queryFn: () => tasks.result<ReportResult>(taskId),
    staleTime: Infinity,
  });
  const get = useMutation({
    mutationFn: (r: ReportResult) => download(r.download_url, r.file_name),
  });
  const r = result.data?.result;
  if (result.error) return <ProblemAlert error={result.error} />;
  if (!r) return null;
  return (
    <div className="form-actions ready-report">
      <p role="status">
        <strong>{r.file_name}</strong> is ready: {plural(r.row_count, 'transaction')},{' '}
        {formatBytes(r.size_bytes)}.
      </p>
      <button type="button" className="primary" onClick={() => get.mutate(r)}>
        Download {r.format === 'xlsx' ? 'Excel workbook' : 'CSV'}
      </button>
      <ProblemAlert error={get.error} />
    </div>
  );
}

function ReportTable({ items }: { items: Report[] }) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['reports'] });
  const get = useMutation({ mutationFn: (r: Report) => download(r.download_url, r.file_name) });
  const keep = useMutation({ mutationFn: (r: Report) => reports.keep(r.id), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (r: Report) => reports.remove(r.id), onSuccess: refresh });
  return (
    <>
      <ProblemAlert error={get.error ?? keep.error ?? remove.error} />
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Generated reports, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Period</th>
              <th scope="col" className="num">
                Transactions
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Created</th>
              <th scope="col">Kept until</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.title} <Badge tone="neutral">{r.format.toUpperCase()}</Badge>
                  {r.schedule_id ? <div className="muted">Scheduled</div> : null}
                </td>
                <td>
                  {formatDate(r.period_start)} – {formatDate(r.period_end)}
                </td>
                <td className="num">{r.row_count.toLocaleString()}</td>
                <td className="num">{formatBytes(r.size_bytes)}</td>
                <td>{formatDateTime(r.created_at)}</td>
                <td>{r.kept ? 'Kept' : formatDateTime(r.expires_at)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => get.mutate(r)}>
                      Download<span className="visually-hidden"> {r.title}</span>
                    </button>
                    {!r.kept ? (
                      <button type="button" onClick={() => keep.mutate(r)}>
                        Keep<span className="visually-hidden"> {r.title}</span>
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        if (window.confirm(`Delete the report “${r.title}”?`)) remove.mutate(r);
                      }}
                    >
                      Delete<span className="visually-hidden"> {r.title}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
