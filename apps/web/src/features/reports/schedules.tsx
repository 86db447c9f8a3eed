import type { ReportFormat, ReportFrequency } from '@ledgerflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { reports } from '../../api/endpoints';
import { ProblemAlert } from '../../components/ui';
import { formatDateTime } from '../../lib/format';

const WHEN: Record<ReportFrequency, string> = {
  daily: 'Every day, for the day before',
  weekly: 'Every Monday, for the week before',
  monthly: 'On the 1st, for the month before',
};

/** Reports generated on a schedule (01:00 UTC), listed on this page when they are done. */
export function Schedules() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['report-schedules'], queryFn: reports.schedules });
  const refresh = () => client.invalidateQueries({ queryKey: ['report-schedules'] });
  const [frequency, setFrequency] = useState<ReportFrequency>('monthly');
  const [format, setFormat] = useState<ReportFormat>('xlsx');
  const [title, setTitle] = useState('');
  const create = useMutation({
    mutationFn: () =>
      reports.schedule({ frequency, format, ...(title.trim() ? { title: title.trim() } : {}) }),
    onSuccess: async () => {
      setTitle('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => reports.unschedule(id), onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Schedules</h2>
      <ProblemAlert error={list.error ?? remove.error} />
      {items.length > 0 ? (
        <ul className="plain-list" aria-label="Scheduled reports">
          {items.map((s) => (
            <li key={s.id}>
              <strong>{s.title ?? 'All transactions'}</strong> — {WHEN[s.frequency].toLowerCase()},{' '}
              {s.format.toUpperCase()}
              <span className="muted"> · last run {formatDateTime(s.last_run_at)}</span>{' '}
              <button type="button" className="button-link" onClick={() => remove.mutate(s.id)}>
                Stop<span className="visually-hidden"> {s.title ?? s.frequency} schedule</span>
              </button>
            </li>
          ))}
        </ul>
      ) : list.data ? (
        <p className="muted">No scheduled reports.</p>
      ) : null}
      <form className="toolbar" aria-label="New schedule" onSubmit={submit}>
        <label className="field-inline">
          When
          <select value={frequency} onChange={(e) => setFrequency(e.target.value as ReportFrequency)}>
            {Object.entries(WHEN).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            <option value="xlsx">Excel</option>
            <option value="csv">CSV</option>
          </select>
        </label>
        <label className="field-inline">
          Title
          <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Schedule
        </button>
      </form>
      <ProblemAlert error={create.error} />
    </section>
  );
}
