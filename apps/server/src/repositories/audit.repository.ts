import type { Db } from '../db/database.js';
import { newestFirstPage } from './newest-first-page.js';
import type { AuditLogRow } from '../db/types.js';

export interface AuditRecord {
  organizationId: string | null;
  userId: string | null;
  action: string;
  targetType?: string | null | undefined;
  targetId?: string | null | undefined;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  details?: Record<string, unknown> | undefined;
}

export interface AuditFilter {
  action?: string | undefined;
  userId?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  offset: number;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async append(record: AuditRecord): Promise<void> {
    await this.db
      .insertInto('auditLog')
      .values({
        organizationId: record.organizationId,
        userId: record.userId,
        action: record.action,
        targetType: record.targetType ?? null,
        targetId: record.targetId ?? null,
        ip: record.ip ?? null,
        // A user agent is attacker-controlled; keep enough to be useful, not enough to bloat the log.
        userAgent: record.userAgent?.slice(0, 512) ?? null,
        details: JSON.stringify(record.details ?? {}),
      })
      .execute();
  }

  async list(organizationId: string, filter: AuditFilter): Promise<{ items: AuditLogRow[]; total: number }> {
    let query = this.db.selectFrom('auditLog').where('organizationId', '=', organizationId);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.userId) query = query.where('userId', '=', filter.userId);
    if (filter.since) query = query.where('createdAt', '>=', filter.since);
    if (filter.until) query = query.where('createdAt', '<', filter.until);
    return newestFirstPage(query, filter);
  }
}
