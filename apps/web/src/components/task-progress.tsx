import type { TaskStatusView } from '@ledgerflow/contracts';
import { useMutation, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { tasks } from '../api/endpoints';
import { isFinished, useLiveTask } from '../api/live-task';
import { formatDuration } from '../lib/format';
import { Badge, ProblemAlert, ProgressBar, STATUS_TONE } from './ui';

export function statusWord(task: TaskStatusView): string {
  if (task.status === 'PENDING') return task.attempt > 1 ? 'Waiting to retry' : 'Queued';
  if (task.status === 'PROCESSING') return 'Running';
  if (task.status === 'SUCCESS') return 'Done';
  if (task.status === 'FAILED') return 'Failed';
  return 'Cancelled';
}

export function durationOf(task: TaskStatusView): number | null {
  if (!task.started_at) return null;
  const end = task.finished_at ? Date.parse(task.finished_at) : Date.now();
  return end - Date.parse(task.started_at);
}

/**
 * A background task followed live (SSE, polling as fallback): status, a progress bar with the task's
 * own message, Cancel while it runs, the error in words when it fails, and `children(task)` once it
 * succeeded. `onFinished` runs once when it ends (to refresh the lists it changed).
 */
export function TaskProgress({
  taskId,
  label,
  onFinished,
  children,
}: {
  taskId: string;
  label: string;
  onFinished?: (task: TaskStatusView) => void;
  children?: (task: TaskStatusView) => ReactNode;
}) {
  const task = useLiveTask(taskId);
  const cancel = useMutation({ mutationFn: () => tasks.cancel(taskId) });
  const reported = useRef(false);
  const finished = isFinished(task);
  useEffect(() => {
    if (finished && task && !reported.current) {
      reported.current = true;
      onFinished?.(task);
    }
  }, [finished, task, onFinished]);

  if (!task) return <p className="muted">Submitting…</p>;
  return (
    <div className="task-progress" aria-label={label} role="group">
      <div className="task-progress-head">
        <Badge tone={STATUS_TONE[task.status] ?? 'neutral'}>{statusWord(task)}</Badge>
        {!finished ? (
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel<span className="visually-hidden"> {label}</span>
          </button>
        ) : task.status === 'SUCCESS' ? (
          <span className="muted">took {formatDuration(durationOf(task))}</span>
        ) : null}
      </div>
      {task.status !== 'FAILED' ? (
        <>
          <ProgressBar percent={task.progress_percent} label={label} status={task.status} />
          <p className="progress-message" aria-live="polite">
            {task.progress_percent} % · {task.progress_message ?? 'Waiting for a worker…'}
          </p>
        </>
      ) : null}
      <ProblemAlert error={cancel.error} />
      {task.status === 'FAILED' ? <ProblemAlert error={task.error} /> : null}
      {task.status === 'SUCCESS' && children ? children(task) : null}
    </div>
  );
}

/** After a job changed transactions: every list that shows them loads again. */
export function refreshTransactions(client: QueryClient): void {
  for (const key of ['transactions', 'statement-transactions', 'statements']) {
    void client.invalidateQueries({ queryKey: [key] });
  }
}
