import { forbidden } from '../errors.js';
import type { AuditFilter, Repositories } from '../repositories/index.js';
import type { AuditLogRow } from '../db/types.js';
import { isAdmin, type Principal } from './principal.js';

export class AuditService {
  constructor(private readonly deps: { repos: Pick<Repositories, 'audit'> }) {}

  /** The organization's audit trail, newest first; owners and admins only. */
  async list(principal: Principal, filter: AuditFilter): Promise<{ items: AuditLogRow[]; total: number }> {
    if (!isAdmin(principal)) throw forbidden('Only organization owners and admins can read the audit log');
    return this.deps.repos.audit.list(principal.organizationId, filter);
  }
}
