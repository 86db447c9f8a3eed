import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { newestFirstPage } from './newest-first-page.js';
import type {
  CategoryKind,
  NewReport,
  NewReportSchedule,
  ReportRow,
  ReportScheduleRow,
  StatementRow,
} from '../db/types.js';
import { transactionWhere, type TransactionFilter } from './transaction.repository.js';

/** One transaction as a report reads it: ids for the category and account, resolved by the caller. */
export interface ReportSourceRow {
  id: string;
  date: string;
  description: string;
  amountMinor: number;
  currency: string;
  categoryId: string | null;
  tags: string[];
  payee: string | null;
  note: string | null;
  accountId: string;
  statementId: string;
}

/** Where a keyset page ends: the next page starts after this (date, id). */
export interface ReportCursor {
  date: string;
  id: string;
}

export interface CategoryEntry {
  id: string;
  parentId: string | null;
  name: string;
  kind: CategoryKind;
}

/** Reports, their schedules, and the reads a report makes over transactions, statements and categories. */
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /**
   * One keyset page of the filtered transactions in (date, id) order. Keyset rather than OFFSET, so the
   * millionth row costs what the first does: the (organization_id, date DESC, id DESC) index is read
   * backwards from the cursor.
   */
  async transactionPage(
    organizationId: string,
    filter: TransactionFilter,
    after: ReportCursor | undefined,
    limit: number,
  ): Promise<ReportSourceRow[]> {
    let query = this.db
      .selectFrom('transactions')
      .select([
        'id',
        'date',
        'description',
        'amountMinor',
        'currency',
        'categoryId',
        'tags',
        'payee',
        'note',
        'accountId',
        'statementId',
      ])
      .where(transactionWhere(organizationId, filter));
    if (after) {
      query = query.where((eb) =>
        eb(eb.refTuple('transactions.date', 'transactions.id'), '>', eb.tuple(after.date, after.id)),
      );
    }
    return query.orderBy('date', 'asc').orderBy('id', 'asc').limit(limit).execute();
  }

  async countTransactions(organizationId: string, filter: TransactionFilter): Promise<number> {
    const row = await this.db
      .selectFrom('transactions')
      .where(transactionWhere(organizationId, filter))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async categories(organizationId: string): Promise<CategoryEntry[]> {
    return this.db
      .selectFrom('categories')
      .select(['id', 'parentId', 'name', 'kind'])
      .where('organizationId', '=', organizationId)
      .execute();
  }

  async accounts(organizationId: string): Promise<Array<{ id: string; name: string; currency: string }>> {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'name', 'currency'])
      .where('organizationId', '=', organizationId)
      .execute();
  }

  /**
   * The statements a report shows balances for: the one it is about, or those of the chosen accounts
   * (all accounts when none are chosen) whose whole period lies in the requested range.
   */
  async statementsInScope(
    organizationId: string,
    scope: {
      statementId?: string | undefined;
      accountIds?: readonly string[] | undefined;
      from?: string;
      to?: string;
    },
  ): Promise<StatementRow[]> {
    let query = this.db.selectFrom('statements').selectAll().where('organizationId', '=', organizationId);
    if (scope.statementId) {
      query = query.where('id', '=', scope.statementId);
    } else {
      if (scope.accountIds?.length) query = query.where('accountId', 'in', scope.accountIds);
      if (scope.from) query = query.where('periodStart', '>=', scope.from);
      if (scope.to) query = query.where('periodEnd', '<=', scope.to);
    }
    return query.orderBy('periodStart').orderBy('id').limit(1000).execute();
  }

  /** Inserts the task's report, or returns the one a previous run of the same task stored. */
  async createForTask(report: NewReport): Promise<ReportRow> {
    const inserted = await this.db
      .insertInto('reports')
      .values(report)
      .onConflict((oc) => oc.column('taskId').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return inserted;
    return this.db
      .selectFrom('reports')
      .selectAll()
      .where('taskId', '=', report.taskId ?? null)
      .executeTakeFirstOrThrow();
  }

  async findByTask(taskId: string): Promise<ReportRow | undefined> {
    return this.db.selectFrom('reports').selectAll().where('taskId', '=', taskId).executeTakeFirst();
  }

  async findById(organizationId: string, id: string): Promise<ReportRow | undefined> {
    return this.db
      .selectFrom('reports')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async list(
    organizationId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ReportRow[]; total: number }> {
    return newestFirstPage(this.db.selectFrom('reports').where('organizationId', '=', organizationId), page);
  }

  async keep(organizationId: string, id: string): Promise<ReportRow | undefined> {
    return this.db
      .updateTable('reports')
      .set({ kept: true, expiresAt: null })
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(organizationId: string, id: string): Promise<ReportRow | undefined> {
    return this.db
      .deleteFrom('reports')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Expired, unkept reports of every organization (the daily cleanup), oldest expiry first. */
  async listExpired(now: Date, limit: number): Promise<ReportRow[]> {
    return this.db
      .selectFrom('reports')
      .selectAll()
      .where('kept', '=', false)
      .where('expiresAt', '<', now)
      .orderBy('expiresAt')
      .limit(limit)
      .execute();
  }

  /** Deletes a report only while it is still expired and unkept (a keep may land meanwhile). */
  async deleteExpired(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .deleteFrom('reports')
      .where('id', '=', id)
      .where('kept', '=', false)
      .where('expiresAt', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async createSchedule(schedule: NewReportSchedule): Promise<ReportScheduleRow> {
    return this.db.insertInto('reportSchedules').values(schedule).returningAll().executeTakeFirstOrThrow();
  }

  async findSchedule(scheduleId: string): Promise<ReportScheduleRow | undefined> {
    return this.db.selectFrom('reportSchedules').selectAll().where('id', '=', scheduleId).executeTakeFirst();
  }

  async listSchedules(
    organizationId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ReportScheduleRow[]; total: number }> {
    return newestFirstPage(
      this.db.selectFrom('reportSchedules').where('organizationId', '=', organizationId),
      page,
    );
  }

  /** Every schedule of every organization, to re-create their job schedulers at start. */
  async allSchedules(): Promise<ReportScheduleRow[]> {
    return this.db.selectFrom('reportSchedules').selectAll().orderBy('createdAt').execute();
  }

  async deleteSchedule(organizationId: string, id: string): Promise<ReportScheduleRow | undefined> {
    return this.db
      .deleteFrom('reportSchedules')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async markScheduleRun(id: string): Promise<void> {
    await this.db
      .updateTable('reportSchedules')
      .set({ lastRunAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }
}
