import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { newestFirstPage } from './newest-first-page.js';
import type { TaskRow, TaskStatus } from '../db/types.js';

export interface NewTask {
  organizationId: string;
  userId: string;
  type: string;
  queue: string;
  payload: unknown;
  maxAttempts: number;
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
}

export interface TaskFilter {
  userId?: string | undefined;
  status?: TaskStatus | undefined;
  type?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  offset: number;
}

/**
 * The tasks table. Reads for users take the organization id first; the worker's writes are keyed by task
 * id and guarded by the current status, so a late write from a timed-out or cancelled run changes nothing.
 */
export class TaskRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the task, or returns the existing one with the same idempotency key (`created: false`). */
  async create(task: NewTask): Promise<{ row: TaskRow; created: boolean }> {
    const row = await this.db
      .insertInto('tasks')
      .values({
        organizationId: task.organizationId,
        userId: task.userId,
        type: task.type,
        queue: task.queue,
        payload: JSON.stringify(task.payload),
        maxAttempts: task.maxAttempts,
        progressMessage: 'Queued',
        idempotencyKey: task.idempotencyKey ?? null,
        requestHash: task.requestHash ?? null,
      })
      .onConflict((oc) =>
        oc
          .columns(['organizationId', 'userId', 'idempotencyKey'])
          .where('idempotencyKey', 'is not', null)
          .doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (row) return { row, created: true };
    const existing = await this.db
      .selectFrom('tasks')
      .selectAll()
      .where('organizationId', '=', task.organizationId)
      .where('userId', '=', task.userId)
      .where('idempotencyKey', '=', task.idempotencyKey ?? '')
      .executeTakeFirstOrThrow();
    return { row: existing, created: false };
  }

  async findById(taskId: string): Promise<TaskRow | undefined> {
    return this.db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  }

  /** A task as seen by a user: their own, or any of the organization's for admins. */
  async findVisible(
    organizationId: string,
    taskId: string,
    userId: string | null,
  ): Promise<TaskRow | undefined> {
    let query = this.db
      .selectFrom('tasks')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', taskId);
    if (userId !== null) query = query.where('userId', '=', userId);
    return query.executeTakeFirst();
  }

  async list(organizationId: string, filter: TaskFilter): Promise<{ items: TaskRow[]; total: number }> {
    let query = this.db.selectFrom('tasks').where('organizationId', '=', organizationId);
    if (filter.userId) query = query.where('userId', '=', filter.userId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.type) query = query.where('type', '=', filter.type);
    if (filter.since) query = query.where('createdAt', '>=', filter.since);
    if (filter.until) query = query.where('createdAt', '<', filter.until);
    return newestFirstPage(query, filter);
  }

  /** PENDING → PROCESSING for this attempt; undefined when the task was cancelled or already finished. */
  async start(taskId: string, attempt: number): Promise<TaskRow | undefined> {
    return this.db
      .updateTable('tasks')
      .set({
        status: 'PROCESSING',
        attempt,
        startedAt: sql<Date>`coalesce(started_at, now())`,
        nextRetryAt: null,
        progressMessage: attempt > 1 ? `Retrying (attempt ${attempt})` : 'Started',
        updatedAt: sql<Date>`now()`,
      })
      .where('id', '=', taskId)
      .where('status', 'in', ['PENDING', 'PROCESSING'])
      .where('cancelRequestedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Writes progress; returns whether a cancel was requested (the handler should stop). */
  async progress(
    taskId: string,
    percent: number,
    message: string,
  ): Promise<{ cancelRequested: boolean } | undefined> {
    const row = await this.db
      .updateTable('tasks')
      .set({ progressPercent: percent, progressMessage: message, updatedAt: sql<Date>`now()` })
      .where('id', '=', taskId)
      .where('status', '=', 'PROCESSING')
      .returning(['cancelRequestedAt'])
      .executeTakeFirst();
    return row ? { cancelRequested: row.cancelRequestedAt !== null } : undefined;
  }

  async succeed(taskId: string, result: unknown, resultExpiresAt: Date): Promise<TaskRow | undefined> {
    return this.db
      .updateTable('tasks')
      .set({
        status: 'SUCCESS',
        progressPercent: 100,
        progressMessage: 'Completed',
        result: JSON.stringify(result ?? null),
        finishedAt: sql<Date>`now()`,
        updatedAt: sql<Date>`now()`,
        resultExpiresAt,
      })
      .where('id', '=', taskId)
      .where('status', '=', 'PROCESSING')
      .returningAll()
      .executeTakeFirst();
  }

  /** Ends the task (FAILED or CANCELLED) unless it already ended. */
  async finish(
    taskId: string,
    status: 'FAILED' | 'CANCELLED',
    error: { code: string; message: string },
    resultExpiresAt: Date,
  ): Promise<TaskRow | undefined> {
    return this.db
      .updateTable('tasks')
      .set({
        status,
        errorCode: error.code,
        errorMessage: error.message,
        progressMessage: status === 'CANCELLED' ? 'Cancelled' : 'Failed',
        nextRetryAt: null,
        finishedAt: sql<Date>`now()`,
        updatedAt: sql<Date>`now()`,
        resultExpiresAt,
      })
      .where('id', '=', taskId)
      .where('status', 'in', ['PENDING', 'PROCESSING'])
      .returningAll()
      .executeTakeFirst();
  }

  /** A transient failure: back to PENDING until the retry. */
  async scheduleRetry(
    taskId: string,
    nextRetryAt: Date,
    error: { code: string; message: string },
  ): Promise<TaskRow | undefined> {
    return this.db
      .updateTable('tasks')
      .set({
        status: 'PENDING',
        nextRetryAt,
        errorCode: error.code,
        errorMessage: error.message,
        progressMessage: `Retry scheduled at ${nextRetryAt.toISOString()} after: ${error.message}`.slice(
          0,
          500,
        ),
        updatedAt: sql<Date>`now()`,
      })
      .where('id', '=', taskId)
      .where('status', '=', 'PROCESSING')
      .returningAll()
      .executeTakeFirst();
  }

  async requestCancel(taskId: string): Promise<TaskRow | undefined> {
    return this.db
      .updateTable('tasks')
      .set({
        cancelRequestedAt: sql<Date>`coalesce(cancel_requested_at, now())`,
        updatedAt: sql<Date>`now()`,
      })
      .where('id', '=', taskId)
      .where('status', 'in', ['PENDING', 'PROCESSING'])
      .returningAll()
      .executeTakeFirst();
  }

  async deleteResult(taskId: string): Promise<void> {
    await this.db
      .updateTable('tasks')
      .set({ result: null, resultDeletedAt: sql<Date>`now()`, updatedAt: sql<Date>`now()` })
      .where('id', '=', taskId)
      .execute();
  }

  /** PENDING tasks older than `olderThan` (not waiting for a retry): candidates for re-enqueueing. */
  async listStalePending(olderThan: Date, limit: number): Promise<TaskRow[]> {
    return this.db
      .selectFrom('tasks')
      .selectAll()
      .where('status', '=', 'PENDING')
      .where('createdAt', '<', olderThan)
      .where((eb) => eb.or([eb('nextRetryAt', 'is', null), eb('nextRetryAt', '<', olderThan)]))
      .orderBy('createdAt')
      .limit(limit)
      .execute();
  }

  /** Clears results past their expiry; returns how many. */
  async expireResults(now: Date): Promise<number> {
    const result = await this.db
      .updateTable('tasks')
      .set({ result: null, resultDeletedAt: now, updatedAt: now })
      .where('result', 'is not', null)
      .where('resultExpiresAt', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
