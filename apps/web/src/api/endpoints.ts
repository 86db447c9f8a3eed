/**
 * The typed API client: one function per route the app uses, typed with the contracts' TypeBox
 * schemas (`Static`), imported as types only so no schema code reaches the bundle.
 */
import type {
  Account,
  AddMemberBody,
  AddMemberResult,
  BulkCategorizeBody,
  BulkCategorizeResult,
  Category,
  CategoryCreate,
  CsvPreview,
  GenerateReportBody,
  InvoiceCorrections,
  InvoiceSummary,
  InvoiceView,
  LoginBody,
  Me,
  Member,
  RegisterBody,
  Report,
  ReportSchedule,
  ReportScheduleBody,
  RuleBody,
  RulePreviewBody,
  RulePreviewResult,
  RuleView,
  SleepDemoBody,
  StarterRulesResult,
  Statement,
  TaskCancelView,
  TaskListQuery,
  TaskStatusView,
  TaskSubmitted,
  TokenPair,
  Transaction,
  TransactionListQuery,
  TransactionPatch,
  TransactionsBulkPatch,
  UndoResult,
  UpdateMemberBody,
} from '@ledgerflow/contracts';
import type { Static } from 'typebox';
import { request, type QueryValue } from './client';
import { storeTokens } from './session';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
export type TaskCancel = Static<typeof TaskCancelView>;
export type Undo = Static<typeof UndoResult>;
export interface TaskResult<T = unknown> {
  task_id: string;
  status: TaskStatusView['status'];
  result: T;
  error: TaskStatusView['error'];
}

const q = (value: object) => value as Record<string, QueryValue>;

export const auth = {
  async register(body: RegisterBody): Promise<void> {
    storeTokens(await request<TokenPair>('POST', '/auth/register', { body, auth: false }));
  },
  async login(body: LoginBody): Promise<void> {
    storeTokens(await request<TokenPair>('POST', '/auth/login', { body, auth: false }));
  },
  logout: (refresh_token: string) =>
    request<unknown>('POST', '/auth/logout', { body: { refresh_token }, auth: false }),
  me: () => request<Me>('GET', '/me'),
};

export const members = {
  list: () => request<{ items: Member[] }>('GET', '/organization/members'),
  add: (body: AddMemberBody) => request<AddMemberResult>('POST', '/organization/members', { body }),
  update: (userId: string, body: UpdateMemberBody) =>
    request<Member>('PATCH', `/organization/members/${userId}`, { body }),
  remove: (userId: string) => request<void>('DELETE', `/organization/members/${userId}`),
};

export const tasks = {
  list: (query: TaskListQuery) => request<Page<TaskStatusView>>('GET', '/tasks', { query: q(query) }),
  status: (id: string) => request<TaskStatusView>('GET', `/tasks/${id}/status`),
  result: <T>(id: string) => request<TaskResult<T>>('GET', `/tasks/${id}/result`),
  cancel: (id: string) => request<TaskCancel>('DELETE', `/tasks/${id}`),
  undo: (id: string) => request<Undo>('POST', `/tasks/${id}/undo`),
  sleepDemo: (body: SleepDemoBody) => request<TaskSubmitted>('POST', '/tasks/sleep_demo_async', { body }),
};

export const statements = {
  import: (form: FormData, idempotencyKey: string) =>
    request<TaskSubmitted>('POST', '/statements/import_async', {
      form,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  preview: (form: FormData) => request<CsvPreview>('POST', '/statements/preview', { form }),
  list: (query: { limit?: number; offset?: number; account_id?: string }) =>
    request<Page<Statement>>('GET', '/statements', { query: q(query) }),
  get: (id: string) => request<Statement>('GET', `/statements/${id}`),
  transactions: (id: string, offset: number, limit: number, signal?: AbortSignal) =>
    request<Page<Transaction>>('GET', `/statements/${id}/transactions`, {
      query: { offset, limit },
      signal,
    }),
  remove: (id: string) => request<void>('DELETE', `/statements/${id}`),
  accounts: () => request<{ items: Account[] }>('GET', '/accounts'),
};

export const transactions = {
  list: (query: TransactionListQuery, signal?: AbortSignal) =>
    request<Page<Transaction>>('GET', '/transactions', { query: q(query), signal }),
  patch: (id: string, body: TransactionPatch) =>
    request<Transaction>('PATCH', `/transactions/${id}`, { body }),
  patchMany: (body: TransactionsBulkPatch) =>
    request<{ updated: number }>('PATCH', '/transactions', { body }),
};

export const categories = {
  list: () => request<{ items: Category[] }>('GET', '/categories'),
  create: (body: CategoryCreate) => request<Category>('POST', '/categories', { body }),
};

export const rules = {
  list: () => request<{ items: RuleView[] }>('GET', '/rules'),
  create: (body: RuleBody) => request<RuleView>('POST', '/rules', { body }),
  update: (id: string, body: RuleBody) => request<RuleView>('PUT', `/rules/${id}`, { body }),
  remove: (id: string) => request<void>('DELETE', `/rules/${id}`),
  reorder: (ids: string[]) => request<{ items: RuleView[] }>('POST', '/rules/reorder', { body: { ids } }),
  addStarter: () => request<StarterRulesResult>('POST', '/rules/starter'),
  preview: (body: RulePreviewBody) => request<RulePreviewResult>('POST', '/rules/preview', { body }),
  bulkCategorize: (body: BulkCategorizeBody) =>
    request<TaskSubmitted>('POST', '/bulk_categorize_async', { body }),
};
export type BulkResult = BulkCategorizeResult;

export const reports = {
  generate: (body: GenerateReportBody) => request<TaskSubmitted>('POST', '/reports/generate_async', { body }),
  list: (query: { limit?: number; offset?: number }) =>
    request<Page<Report>>('GET', '/reports', { query: q(query) }),
  keep: (id: string) => request<Report>('POST', `/reports/${id}/keep`),
  remove: (id: string) => request<void>('DELETE', `/reports/${id}`),
  schedules: () => request<{ items: ReportSchedule[] }>('GET', '/report_schedules'),
  schedule: (body: ReportScheduleBody) => request<ReportSchedule>('POST', '/report_schedules', { body }),
  unschedule: (id: string) => request<void>('DELETE', `/report_schedules/${id}`),
};

export const invoices = {
  extract: (form: FormData, idempotencyKey: string) =>
    request<TaskSubmitted>('POST', '/invoices/extract_async', {
      form,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  list: (query: { limit?: number; offset?: number; vendor?: string }) =>
    request<Page<InvoiceSummary>>('GET', '/invoices', { query: q(query) }),
  get: (id: string) => request<InvoiceView>('GET', `/invoices/${id}`),
  correct: (id: string, body: InvoiceCorrections) =>
    request<InvoiceView>('PATCH', `/invoices/${id}`, { body }),
  remove: (id: string) => request<void>('DELETE', `/invoices/${id}`),
};
