import type { TaskRow } from '../db/types.js';

/** A task as clients see it (status endpoint, SSE, WebSocket). */
export interface TaskView {
  task_id: string;
  task_name: string;
  queue: string;
  status: TaskRow['status'];
  progress_percent: number;
  progress_message: string | null;
  attempt: number;
  max_attempts: number;
  next_retry_at: string | null;
  error: { code: string; message: string } | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  result_expires_at: string | null;
  priority: TaskRow['priority'];
}

/** What is broadcast on every change: the view plus who may see it. */
export interface TaskEvent {
  organizationId: string;
  userId: string | null;
  task: TaskView;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function taskView(row: TaskRow): TaskView {
  return {
    task_id: row.id,
    task_name: row.type,
    queue: row.queue,
    status: row.status,
    progress_percent: row.progressPercent,
    progress_message: row.progressMessage,
    attempt: row.attempt,
    max_attempts: row.maxAttempts,
    next_retry_at: iso(row.nextRetryAt),
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    created_at: row.createdAt.toISOString(),
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
    updated_at: row.updatedAt.toISOString(),
    result_expires_at: iso(row.resultExpiresAt),
    priority: row.priority,
  };
}

export const taskEvent = (row: TaskRow): TaskEvent => ({
  organizationId: row.organizationId,
  userId: row.userId,
  task: taskView(row),
});
