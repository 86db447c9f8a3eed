import type pg from 'pg';
import { databaseOnClient, type Db } from '../db/database.js';
import { AuditRepository } from './audit.repository.js';
import { CategorizationRepository } from './categorization.repository.js';
import { CategoryRepository } from './category.repository.js';
import { FileRepository } from './file.repository.js';
import { InvoiceRepository } from './invoice.repository.js';
import { InvitationRepository } from './invitation.repository.js';
import { OrganizationRepository } from './organization.repository.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { ReportRepository } from './report.repository.js';
import { rawClientFromPool, rawClientOf, type RawClient } from './raw-client.js';
import { RuleRepository } from './rule.repository.js';
import { StatementRepository } from './statement.repository.js';
import { TaskRepository } from './task.repository.js';
import { TransactionRepository } from './transaction.repository.js';
import { UserRepository } from './user.repository.js';
import { WebhookRepository } from './webhook.repository.js';

export interface Repositories {
  users: UserRepository;
  organizations: OrganizationRepository;
  refreshTokens: RefreshTokenRepository;
  invitations: InvitationRepository;
  files: FileRepository;
  audit: AuditRepository;
  tasks: TaskRepository;
  statements: StatementRepository;
  transactions: TransactionRepository;
  invoices: InvoiceRepository;
  reports: ReportRepository;
  categories: CategoryRepository;
  rules: RuleRepository;
  categorization: CategorizationRepository;
  webhooks: WebhookRepository;
}

/** Repositories on `db`; `raw` gives the driver-level client (COPY) of the same transaction, if any. */
export function createRepositories(db: Db, raw: RawClient): Repositories {
  return {
    users: new UserRepository(db),
    organizations: new OrganizationRepository(db),
    refreshTokens: new RefreshTokenRepository(db),
    invitations: new InvitationRepository(db),
    files: new FileRepository(db),
    audit: new AuditRepository(db),
    tasks: new TaskRepository(db),
    statements: new StatementRepository(db),
    transactions: new TransactionRepository(db, raw),
    invoices: new InvoiceRepository(db),
    reports: new ReportRepository(db),
    categories: new CategoryRepository(db),
    rules: new RuleRepository(db),
    categorization: new CategorizationRepository(db),
    webhooks: new WebhookRepository(db),
  };
}

/** Runs `work` in one database transaction, with repositories bound to it; rolls back if it throws. */
export type Transactor = <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;

/**
 * Transactions on a checked-out connection, so that repositories can use it both through Kysely and at the
 * driver level (COPY) inside the same transaction.
 */
export function createTransactor(pool: pg.Pool): Transactor {
  return (work) =>
    rawClientFromPool(pool).run((client) =>
      work(createRepositories(databaseOnClient(client), rawClientOf(client))),
    );
}

/** The repositories outside any transaction (each statement on its own; COPY in one of its own). */
export const createPoolRepositories = (db: Db, pool: pg.Pool): Repositories =>
  createRepositories(db, rawClientFromPool(pool));

export type { AuditRecord, AuditFilter } from './audit.repository.js';
export type { MemberView } from './organization.repository.js';
export type { InvoiceFilter } from './invoice.repository.js';
export type { NewTask, TaskFilter } from './task.repository.js';
export type { AccountIdentity } from './statement.repository.js';
export type {
  TransactionFilter,
  TransactionUpdate,
  TransactionWithCategory,
} from './transaction.repository.js';
export { transactionWhere } from './transaction.repository.js';
export type { CategoryEntry, ReportCursor, ReportSourceRow } from './report.repository.js';
export type { CategoryUsage } from './category.repository.js';
export type { RuleFields } from './rule.repository.js';
export type { CategorizableFields, CategorizableRow, CategoryChange } from './categorization.repository.js';
export { isUniqueViolation } from './pg-errors.js';
export type { ClaimedDelivery, AttemptOutcome } from './webhook.repository.js';
