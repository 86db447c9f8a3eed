import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { InvoiceRow, InvoiceUpdate, NewInvoice } from '../db/types.js';
import { newestFirstPage } from './newest-first-page.js';

export interface InvoiceFilter {
  /** Case-insensitive substring of the vendor name. */
  vendor?: string | undefined;
  /** Invoice dates, inclusive, `YYYY-MM-DD`. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  currency?: string | undefined;
  /** true: only invoices that duplicate an earlier one; false: only originals. */
  duplicate?: boolean | undefined;
  limit: number;
  offset: number;
}

/** `%` and `_` in a user's search text are literal characters, not wildcards. */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The invoices table; every method takes the organization id first. */
export class InvoiceRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the invoice; a second insert for the same task returns the first row instead. */
  async create(invoice: NewInvoice): Promise<InvoiceRow> {
    const row = await this.db
      .insertInto('invoices')
      .values(invoice)
      .onConflict((oc) => oc.column('taskId').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return row;
    const existing = await this.findByTask(invoice.organizationId, invoice.taskId ?? '');
    if (!existing) throw new Error('invoice insert conflicted but no row exists for its task');
    return existing;
  }

  async findById(organizationId: string, id: string): Promise<InvoiceRow | undefined> {
    return this.db
      .selectFrom('invoices')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findByTask(organizationId: string, taskId: string): Promise<InvoiceRow | undefined> {
    return this.db
      .selectFrom('invoices')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('taskId', '=', taskId)
      .executeTakeFirst();
  }

  /**
   * Serializes duplicate detection per key until the surrounding transaction ends, so two uploads of
   * the same invoice at the same moment still see each other. Call inside a transaction.
   */
  async lockDuplicateKey(organizationId: string, key: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`invoice:${organizationId}:${key}`}, 0))`.execute(
      this.db,
    );
  }

  /**
   * Restores the invariant for one key: the earliest invoice with it (by creation, then id) is the
   * original, and every later one points at it. Run after an insert, a correction that changes a key,
   * or a delete, under `lockDuplicateKey`.
   */
  async refreshDuplicates(organizationId: string, key: string): Promise<void> {
    await sql`
      UPDATE invoices AS i
      SET duplicate_of = NULLIF(first.id, i.id)
      FROM (
        SELECT id FROM invoices
        WHERE organization_id = ${organizationId} AND duplicate_key = ${key}
        ORDER BY created_at, id
        LIMIT 1
      ) AS first
      WHERE i.organization_id = ${organizationId}
        AND i.duplicate_key = ${key}
        AND i.duplicate_of IS DISTINCT FROM NULLIF(first.id, i.id)
    `.execute(this.db);
  }

  async list(organizationId: string, filter: InvoiceFilter): Promise<{ items: InvoiceRow[]; total: number }> {
    let query = this.db.selectFrom('invoices').where('organizationId', '=', organizationId);
    if (filter.vendor) query = query.where('vendorName', 'ilike', `%${likeLiteral(filter.vendor)}%`);
    if (filter.dateFrom) query = query.where('invoiceDate', '>=', filter.dateFrom);
    if (filter.dateTo) query = query.where('invoiceDate', '<=', filter.dateTo);
    if (filter.currency) query = query.where('currency', '=', filter.currency);
    if (filter.duplicate === true) query = query.where('duplicateOf', 'is not', null);
    if (filter.duplicate === false) query = query.where('duplicateOf', 'is', null);
    return newestFirstPage(query, filter);
  }

  async update(organizationId: string, id: string, values: InvoiceUpdate): Promise<InvoiceRow | undefined> {
    return this.db
      .updateTable('invoices')
      .set({ ...values, updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(organizationId: string, id: string): Promise<InvoiceRow | undefined> {
    return this.db
      .deleteFrom('invoices')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
}
