import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types as Kysely sees them. Columns are snake_case in PostgreSQL and camelCase here
 * (CamelCasePlugin translates).
 */
type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;
type Json = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null, string | null>;

export type Role = 'owner' | 'admin' | 'member';

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  createdAt: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  /** Stored lower-cased and trimmed; unique. */
  email: string;
  name: string;
  passwordHash: string;
  disabledAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface MembershipsTable {
  organizationId: string;
  userId: string;
  role: Role;
  createdAt: CreatedAt;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  userId: string;
  organizationId: string;
  /** Every token issued by one login shares a family; reuse of a rotated token revokes the family. */
  familyId: string;
  /** SHA-256 of the opaque token; the token itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<string>;
  organizationId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedBy: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: CreatedAt;
}

export interface FilesTable {
  id: Generated<string>;
  organizationId: string;
  createdBy: string | null;
  storageKey: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  purpose: string;
  createdAt: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  organizationId: string | null;
  userId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Json;
  createdAt: CreatedAt;
}

export type TaskPriority = 'high' | 'normal' | 'low';
export type TaskStatus = 'PENDING' | 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'CANCELLED';

export interface TasksTable {
  id: Generated<string>;
  organizationId: string;
  userId: string | null;
  type: string;
  queue: string;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  payload: Json;
  progressPercent: ColumnType<number, number | undefined, number>;
  progressMessage: string | null;
  attempt: ColumnType<number, number | undefined, number>;
  maxAttempts: number;
  nextRetryAt: Date | null;
  result: NullableJson;
  resultDeletedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  cancelRequestedAt: Date | null;
  createdAt: CreatedAt;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: UpdatedAt;
  resultExpiresAt: Date | null;
  priority: ColumnType<TaskPriority, TaskPriority | undefined, TaskPriority>;
}

export type CategoryKind = 'income' | 'expense' | 'transfer';
export type AccountKind = 'asset' | 'liability';
/** A calendar date: read as `YYYY-MM-DD` (the pg DATE parser is set to leave it as text). */
type CalendarDate = string;

export interface CategoriesTable {
  id: Generated<string>;
  organizationId: string;
  parentId: string | null;
  key: string | null;
  name: string;
  kind: CategoryKind;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  bankSource: string;
  accountNumber: ColumnType<string, string | undefined, string>;
  currency: string;
  kind: AccountKind;
  createdAt: CreatedAt;
}

export interface StatementsTable {
  id: Generated<string>;
  organizationId: string;
  accountId: string;
  fileId: string | null;
  taskId: string | null;
  createdBy: string | null;
  originalName: string;
  format: string;
  bankSource: string;
  bankName: string | null;
  accountNumber: string | null;
  accountKind: AccountKind;
  currency: string;
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  openingBalanceMinor: number | null;
  closingBalanceMinor: number | null;
  reconciled: boolean;
  reconciliationChecked: boolean;
  issues: ColumnType<unknown, string | undefined, string>;
  problems: ColumnType<unknown, string | undefined, string>;
  transactionCount: ColumnType<number, number | undefined, number>;
  duplicateCount: ColumnType<number, number | undefined, number>;
  createdAt: CreatedAt;
}

export type CategorySource = 'rule' | 'manual';

export interface TransactionsTable {
  id: Generated<string>;
  organizationId: string;
  statementId: string;
  accountId: string;
  rowIndex: number;
  date: CalendarDate;
  valueDate: CalendarDate | null;
  description: string;
  amountMinor: number;
  balanceMinor: number | null;
  currency: string;
  bankReference: string | null;
  fingerprint: string;
  categoryId: string | null;
  categorySource: CategorySource | null;
  ruleId: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  payee: string | null;
  note: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface InvoicesTable {
  id: Generated<string>;
  organizationId: string;
  fileId: string | null;
  taskId: string | null;
  createdBy: string | null;
  originalName: string;
  language: string;
  vendorName: string | null;
  vendorTaxId: string | null;
  vendorAddress: string | null;
  customerName: string | null;
  invoiceNumber: string | null;
  invoiceDate: CalendarDate | null;
  dueDate: CalendarDate | null;
  currency: string | null;
  subtotalMinor: number | null;
  taxMinor: number | null;
  taxRatePercent: number | null;
  totalMinor: number | null;
  iban: string | null;
  paymentReference: string | null;
  confidence: number;
  /** The extractor's Invoice (domain/invoices/model.ts), as read; never changed afterwards. */
  extraction: Json;
  /** Field name → InvoiceCorrection (services/invoice.service.ts). */
  corrections: ColumnType<unknown, string | undefined, string>;
  duplicateKey: string | null;
  duplicateOf: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface RulesTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  priority: number;
  /** A domain/rules ConditionGroup, validated before every write. */
  conditions: Json;
  /** domain/rules Action[], validated before every write. */
  actions: Json;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  stopProcessing: ColumnType<boolean, boolean | undefined, boolean>;
  /** The starter rule (domain/categories/starter-rules.ts) this was created from; null for the org's own. */
  starterKey: ColumnType<string | null, string | null | undefined, never>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export type ReportFormat = 'xlsx' | 'csv';
export type ReportFrequency = 'daily' | 'weekly' | 'monthly';

export interface ReportSchedulesTable {
  id: Generated<string>;
  organizationId: string;
  createdBy: string | null;
  frequency: ReportFrequency;
  format: ReportFormat;
  title: string | null;
  /** The API's TransactionFilter fields that narrow every run (account_id, category_id). */
  scope: Json;
  lastRunAt: Date | null;
  createdAt: CreatedAt;
}

export interface ReportsTable {
  id: Generated<string>;
  organizationId: string;
  createdBy: string | null;
  taskId: string | null;
  scheduleId: string | null;
  storageKey: string;
  fileName: string;
  contentType: string;
  format: ReportFormat;
  title: string;
  /** The request's scope, in the API's TransactionFilter shape. */
  scope: Json;
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  rowCount: number;
  sizeBytes: number;
  kept: ColumnType<boolean, boolean | undefined, boolean>;
  expiresAt: Date | null;
  createdAt: CreatedAt;
}

export interface CategorizationRunsTable {
  taskId: string;
  organizationId: string;
  result: Json;
  undoneAt: Date | null;
  createdAt: CreatedAt;
}

export interface CategoryChangesTable {
  taskId: string;
  batch: number;
  /** [{id, category_id, category_source, rule_id, old_category_id, old_category_source, old_rule_id, old_tags, old_payee, old_note, …}] */
  changes: Json;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookEndpointsTable {
  id: Generated<string>;
  organizationId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** The signing secret, sealed with SecretBox. */
  secretSealed: string;
  createdBy: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

/** One attempt of a delivery, as `attempt_log` keeps it. */
export interface WebhookAttempt {
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  response_snippet: string | null;
  duration_ms: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  organizationId: string;
  endpointId: string;
  eventId: Generated<string>;
  eventType: string;
  eventAt: ColumnType<Date, Date | undefined, never>;
  taskId: string | null;
  payload: Json;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  nextAttemptAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  lockedUntil: ColumnType<Date | null, Date | null | undefined, Date | null>;
  lastStatusCode: number | null;
  lastError: string | null;
  lastResponseSnippet: string | null;
  lastAttemptAt: Date | null;
  attemptLog: ColumnType<WebhookAttempt[], string | undefined, string>;
  replayOf: string | null;
  createdAt: CreatedAt;
  deliveredAt: Date | null;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  refreshTokens: RefreshTokensTable;
  invitations: InvitationsTable;
  files: FilesTable;
  auditLog: AuditLogTable;
  tasks: TasksTable;
  categories: CategoriesTable;
  accounts: AccountsTable;
  statements: StatementsTable;
  transactions: TransactionsTable;
  invoices: InvoicesTable;
  reports: ReportsTable;
  reportSchedules: ReportSchedulesTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  rules: RulesTable;
  categorizationRuns: CategorizationRunsTable;
  categoryChanges: CategoryChangesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type FileRow = Selectable<FilesTable>;
export type NewFile = Insertable<FilesTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type TaskRow = Selectable<TasksTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type AccountRow = Selectable<AccountsTable>;
export type StatementRow = Selectable<StatementsTable>;
export type NewStatement = Insertable<StatementsTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Insertable<TransactionsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type NewInvoice = Insertable<InvoicesTable>;
export type InvoiceUpdate = Updateable<InvoicesTable>;
export type ReportRow = Selectable<ReportsTable>;
export type NewReport = Insertable<ReportsTable>;
export type ReportScheduleRow = Selectable<ReportSchedulesTable>;
export type NewReportSchedule = Insertable<ReportSchedulesTable>;
export type RuleRow = Selectable<RulesTable>;
export type CategorizationRunRow = Selectable<CategorizationRunsTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
