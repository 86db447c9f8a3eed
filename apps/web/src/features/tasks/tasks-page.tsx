import type { TaskListQuery, TaskStatusView } from '@ledgerflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { tasks } from '../../api/endpoints';
import { isFinished, useTaskSocket } from '../../api/live-task';
import { Pager } from '../../components/pager';
import { durationOf, statusWord } from '../../components/task-progress';
import {
  Badge,
  EmptyState,
  Loading,
  Page,
  ProblemAlert,
  ProgressBar,
  STATUS_TONE,
} from '../../components/ui';
import { explain } from '../../api/problems';
import { formatDateTime, formatDuration, TASK_LABELS, taskLabel } from '../../lib/format';

const PAGE = 50;
const STATUSES: TaskStatusView['status'][] = ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'CANCELLED'];

/** Every background task: history with filters, live over the task WebSocket, cancel what runs. */
export default function TasksPage({ isAdmin }: { isAdmin: boolean }) {
  const client = useQueryClient();
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  const [all, setAll] = useState(false);
  const [offset, setOffset] = useState(0);
  const query: TaskListQuery = {
    limit: PAGE,
    offset,
    ...(status ? { status: status as TaskStatusView['status'] } : {}),
    ...(type ? { type } : {}),
    ...(all ? { all: true } : {}),
  };
  // A task changed: the list refreshes, at most once a second (a report sends many progress events).
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onChange = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      void client.invalidateQueries({ queryKey: ['tasks', 'list'] });
    }, 1000);
  }, [client]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const live = useTaskSocket(onChange);
  const list = useQuery({
    queryKey: ['tasks', 'list', query],
    queryFn: () => tasks.list(query),
    // Without the socket (a proxy that drops WebSockets), refresh every 3 s.
    refetchInterval: live ? false : 3000,
  });

  const cancel = useMutation({
    mutationFn: (id: string) => tasks.cancel(id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tasks', 'list'] }),
  });

  return (
    <Page title="Tasks">
      <p className="lead">
        Imports, categorizations, reports and invoice readings run in the background. This page follows them
        live{live ? '' : ' (refreshing every few seconds)'}.
      </p>
      <form className="toolbar" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
        <label className="field-inline">
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Type
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">Any</option>
            {Object.entries(TASK_LABELS).map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {isAdmin ? (
          <label className="field-inline">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
            Everyone's tasks
          </label>
        ) : null}
        <p className="muted" aria-live="polite">
          {live ? 'Live' : 'Refreshing'}
        </p>
      </form>
      <ProblemAlert error={list.error ?? cancel.error} />
      {list.isLoading ? <Loading what="Loading tasks" /> : null}
      {list.data?.total === 0 ? (
        <EmptyState title={status || type ? 'No tasks match' : 'No tasks yet'}>
          <p>Upload a statement, run your rules or generate a report, and its task shows here.</p>
        </EmptyState>
      ) : null}
      {list.data && list.data.total > 0 ? (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Tasks, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((t) => (
                  <tr key={t.task_id}>
                    <td>
                      {taskLabel(t.task_name)}
                      <div className="muted code">{t.task_id.slice(0, 8)}</div>
                    </td>
                    <td>
                      <Badge tone={STATUS_TONE[t.status] ?? 'neutral'}>{statusWord(t)}</Badge>
                    </td>
                    <td className="task-cell-progress">
                      {t.status === 'FAILED' && t.error ? (
                        <span>{explain(t.error).title}</span>
                      ) : (
                        <>
                          <ProgressBar
                            percent={t.progress_percent}
                            label={`Progress of ${taskLabel(t.task_name)} ${t.task_id.slice(0, 8)}`}
                            status={t.status}
                          />
                          <span className="muted">
                            {t.progress_percent} % · {t.progress_message ?? '—'}
                          </span>
                        </>
                      )}
                    </td>
                    <td>{formatDateTime(t.started_at ?? t.created_at)}</td>
                    <td className="num">{formatDuration(durationOf(t))}</td>
                    <td className="num">
                      {t.attempt} of {t.max_attempts}
                    </td>
                    <td>
                      {!isFinished(t) ? (
                        <button
                          type="button"
                          disabled={cancel.isPending && cancel.variables === t.task_id}
                          onClick={() => cancel.mutate(t.task_id)}
                        >
                          Cancel
                          <span className="visually-hidden">
                            {' '}
                            {taskLabel(t.task_name)} {t.task_id.slice(0, 8)}
                          </span>
                        </button>
                      ) : null}
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
