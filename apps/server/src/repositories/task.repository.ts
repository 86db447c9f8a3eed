import { sql, type RawBuilder, type UpdateQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { WEBHOOK_EVENTS, WEBHOOK_PROGRESS_EVENT, type WebhookEventType } from '../domain/webhooks.js';
import { newestFirstPage } from './newest-first-page.js';
import type { Database, TaskPriority, TaskRow, TaskStatus } from '../db/types.js';

const iso = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A webhook event's `data`: the task (alias `t`, snake_case columns) as it is after the change. */
const EVENT_DATA = sql`jsonb_build_object(
  'task_id', t.id, 'task_type', t.type, 'status', t.status, 'attempt', t.attempt,
  'progress', jsonb_build_object('percent', t.progress_percent, 'message', t.progress_message),
  'result', CASE WHEN t.status = 'SUCCESS' THEN t.result END,
  'error', CASE WHEN t.status <> 'SUCCESS' AND t.error_code IS NOT NULL
    THEN jsonb_build_object('code', t.error_code, 'message', t.error_message) END,
  'created_at', ${iso('t.created_at')}, 'finished_at', ${iso('t.finished_at')})`;

/**
 * One delivery per active endpoint of the task's organization subscribed to `event`, for the task row(s)
 * the CTE `t` returned: the same statement as the task's change, so no event is lost in between.
 */
const deliveriesFor = (event: WebhookEventType): RawBuilder<unknown> => sql`
  SELECT t.organization_id, e.id, ${event}, t.id, ${EVENT_DATA}
  FROM t JOIN webhook_endpoints e ON e.organization_id = t.organization_id
  WHERE e.active AND ${event} = ANY (e.event_types)`;

export interface NewTask {
  organizationId: string;
  userId: string;
  type: string;
  queue: string;
  payload: unknown;
  maxAttempts: number;
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
  priority?: TaskPriority | undefined;
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
        priority: task.priority ?? 'normal',
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
    const row = await this.withEvent(
      WEBHOOK_PROGRESS_EVENT,
      this.db
        .updateTable('tasks')
        .set({ progressPercent: percent, progressMessage: message, updatedAt: sql<Date>`now()` })
        .where('id', '=', taskId)
        .where('status', '=', 'PROCESSING')
        .returningAll(),
    );
    return row ? { cancelRequested: row.cancelRequestedAt !== null } : undefined;
  }

  /**
   * Runs the task update `change` and, in the same statement, writes the webhook deliveries of `event`
   * (none when the update changed nothing or no endpoint listens).
   */
  private async withEvent(
    event: WebhookEventType,
    change: UpdateQueryBuilder<Database, 'tasks', 'tasks', TaskRow>,
  ): Promise<TaskRow | undefined> {
    return this.db
      .with('t', () => change)
      .with('d', (db) =>
        db
          .insertInto('webhookDeliveries')
          .columns(['organizationId', 'endpointId', 'eventType', 'taskId', 'payload'])
          .expression(deliveriesFor(event))
          .returning('id'),
      )
      .selectFrom('t')
      .selectAll()
      .executeTakeFirst();
  }

  async succeed(taskId: string, result: unknown, resultExpiresAt: Date): Promise<TaskRow | undefined> {
    return this.withEvent(
      WEBHOOK_EVENTS.SUCCESS,
      this.db
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
        .returningAll(),
    );
  }

  /** Ends the task (FAILED or CANCELLED) unless it already ended. */
  async finish(
    taskId: string,
    status: 'FAILED' | 'CANCELLED',
    error: { code: string; message: string },
    resultExpiresAt: Date,
  ): Promise<TaskRow | undefined> {
    return this.withEvent(
      status === 'FAILED' ? WEBHOOK_EVENTS.FAILED : WEBHOOK_EVENTS.CANCELLED,
      this.db
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
        .returningAll(),
    );
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
