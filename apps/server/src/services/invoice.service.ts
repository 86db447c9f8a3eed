import type { Readable } from 'node:stream';
import { StorageObjectMissingError, type FileStorage, type SpooledFile } from '../adapters/storage/index.js';
import type { FileRow, InvoiceRow, InvoiceUpdate, TaskPriority, TaskRow } from '../db/types.js';
import {
  duplicateKey,
  duplicateKeyOf,
  looksLikeXml,
  normalizeIban,
  type Invoice,
} from '../domain/invoices/index.js';
import { hasPdfHeader } from '../domain/pdf-header.js';
import { AppError, ErrorCode, invalid, notFound, PermanentJobError } from '../errors.js';
import type { InvoiceFilter, Repositories, Transactor } from '../repositories/index.js';
import type { FileService } from './file.service.js';
import type { Principal, RequestMeta } from './principal.js';
import type { SecretBox } from './secret-box.js';
import type { TaskService } from './task.service.js';

export interface InvoiceServiceDeps {
  repos: Pick<Repositories, 'invoices' | 'audit'>;
  transaction: Transactor;
  files: FileService;
  tasks: TaskService;
  storage: FileStorage;
  secrets: SecretBox;
}

/** The `extract_invoice_metadata` payload: the stored upload and, sealed, the PDF's password. */
export interface InvoiceTaskPayload {
  file_id: string;
  password_sealed?: string | undefined;
}

/** One user correction of a field, kept beside the untouched extraction. */
export interface InvoiceCorrection {
  previous: unknown;
  value: unknown;
  corrected_by: string | null;
  corrected_at: string;
}

/** Correctable fields: API name → column. */
export const CORRECTABLE = {
  vendor_name: 'vendorName',
  vendor_tax_id: 'vendorTaxId',
  vendor_address: 'vendorAddress',
  customer_name: 'customerName',
  invoice_number: 'invoiceNumber',
  invoice_date: 'invoiceDate',
  due_date: 'dueDate',
  currency: 'currency',
  subtotal_minor: 'subtotalMinor',
  tax_minor: 'taxMinor',
  tax_rate_percent: 'taxRatePercent',
  total_minor: 'totalMinor',
  iban: 'iban',
  payment_reference: 'paymentReference',
} as const satisfies Record<string, keyof InvoiceRow>;
export type CorrectableField = keyof typeof CORRECTABLE;
export type InvoiceCorrections = { [K in CorrectableField]?: string | number | null };

export interface InvoiceExtractionResult {
  invoice_id: string;
  vendor_name: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
  total_minor: number | null;
  currency: string | null;
  confidence: number;
  /** `text` (read from the print) or `embedded_xml` (an e-invoice's structured data). */
  source: string;
  duplicate_of: string | null;
  issues: InvoiceIssueView[];
}

export interface InvoiceIssueView {
  code: string;
  message: string;
  /** The field concerned, as the API names it (`total_minor`, `line_items[2]`), where there is one. */
  field: string | null;
}

/** The extractor's field names (`subtotalMinor`, `lineItems[2]`) as the API names them. */
export const apiFieldName = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** A real calendar date: `2024-02-30` matches the pattern but is no date. */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The problems a reader should look at: fields not found, failed checks, print that contradicts the
 * e-invoice XML, and duplicates: a duplicate found, or duplicate detection that could not run because
 * the vendor, number or total is missing.
 */
export function invoiceIssues(row: InvoiceRow): InvoiceIssueView[] {
  const extraction = row.extraction as Invoice;
  const issues: InvoiceIssueView[] = [
    ...(extraction.issues ?? []).map((issue) => ({
      code: issue.code,
      message: issue.message,
      field: issue.field ? apiFieldName(issue.field) : null,
    })),
    ...extraction.checks
      .filter((check) => !check.passed)
      .map((check) => ({
        code: check.code,
        message: check.message,
        field: check.fields[0] ? apiFieldName(check.fields[0]) : null,
      })),
  ];
  if (row.duplicateOf) {
    issues.push({
      code: 'DUPLICATE_INVOICE',
      message: `Same vendor, invoice number and total as invoice ${row.duplicateOf}.`,
      field: null,
    });
  } else if (!row.duplicateKey) {
    const missing = [
      !row.vendorName && !row.vendorTaxId ? 'vendor' : undefined,
      !row.invoiceNumber ? 'invoice number' : undefined,
      row.totalMinor === null ? 'total' : undefined,
    ].filter(Boolean);
    issues.push({
      code: 'DUPLICATE_CHECK_UNAVAILABLE',
      message: `Duplicate detection could not run: it needs the vendor, invoice number and total, and the ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
      field: null,
    });
  }
  return issues;
}

export const extractionResult = (row: InvoiceRow): InvoiceExtractionResult => ({
  invoice_id: row.id,
  vendor_name: row.vendorName,
  invoice_number: row.invoiceNumber,
  invoice_date: row.invoiceDate,
  total_minor: row.totalMinor,
  currency: row.currency,
  confidence: row.confidence,
  source: (row.extraction as Invoice).source ?? 'text',
  duplicate_of: row.duplicateOf,
  issues: invoiceIssues(row),
  ...(ocrOf(row) && { ocr: ocrOf(row) }),
});

const ocrOf = (row: InvoiceRow) => {
  const ocr = (row.extraction as Invoice).ocr;
  return ocr && { pages: ocr.pages, mean_confidence: ocr.meanConfidence };
};

/** Invoices read from uploaded PDFs: submitting extraction, saving its result, corrections, deletes. */
export class InvoiceService {
  constructor(private readonly deps: InvoiceServiceDeps) {}

  /**
   * Stores an uploaded invoice; refuses empty files and files that are neither a PDF nor XML (an
   * XRechnung / UBL / CII e-invoice) before storing them.
   */
  storeUpload(
    principal: Principal,
    upload: { spooled: SpooledFile; fileName: string },
    meta: RequestMeta,
  ): Promise<FileRow> {
    const { spooled } = upload;
    if (spooled.sizeBytes === 0) throw new AppError('EMPTY_FILE', 422, 'The uploaded file is empty');
    const pdf = hasPdfHeader(spooled.head);
    if (!pdf && !looksLikeXml(spooled.head)) {
      throw new AppError(
        'NOT_A_PDF',
        415,
        'The uploaded file is neither a PDF (no %PDF- header in its first 1024 bytes) nor an XML e-invoice',
      );
    }
    return this.deps.files.store(
      principal,
      {
        spooled,
        fileName: upload.fileName,
        contentType: pdf ? 'application/pdf' : 'application/xml',
        purpose: 'invoice',
      },
      meta,
    );
  }

  /**
   * Submits extraction of a stored upload. The password is sealed (services/secret-box.ts) before it
   * reaches the tasks table. With an Idempotency-Key, a retried request (same content and password)
   * returns the first task, and the copy it uploaded again is removed.
   */
  async submitExtraction(
    principal: Principal,
    file: FileRow,
    password: string | undefined,
    idempotencyKey: string | undefined,
    meta: RequestMeta,
    priority?: TaskPriority,
  ): Promise<TaskRow> {
    const payload: InvoiceTaskPayload = {
      file_id: file.id,
      ...(password ? { password_sealed: this.deps.secrets.seal(password) } : {}),
    };
    const fingerprint = {
      sha256: file.sha256,
      password: password ? this.deps.secrets.fingerprint(password) : null,
    };
    let row: TaskRow;
    try {
      row = await this.deps.tasks.submit(
        principal,
        'extract_invoice_metadata',
        payload,
        idempotencyKey,
        fingerprint,
        priority,
      );
    } catch (error) {
      await this.discardUpload(principal, file, meta);
      throw error;
    }
    if ((row.payload as InvoiceTaskPayload).file_id !== file.id)
      await this.discardUpload(principal, file, meta);
    return row;
  }

  /** Removes an upload whose task was never submitted. */
  async discardUpload(principal: Principal, file: FileRow, meta: RequestMeta): Promise<void> {
    await this.deps.files.delete(principal, file.id, meta).catch(() => undefined);
  }

  // --- the worker's side (jobs/handlers/extract-invoice.ts) ---

  findForTask(organizationId: string, taskId: string): Promise<InvoiceRow | undefined> {
    return this.deps.repos.invoices.findByTask(organizationId, taskId);
  }

  /** The upload's bytes, and its password opened; failures are permanent (retrying cannot help). */
  async readUpload(
    organizationId: string,
    payload: InvoiceTaskPayload,
  ): Promise<{ file: FileRow; bytes: Buffer; password: string | undefined }> {
    const file = await this.deps.files.findForOrganization(organizationId, payload.file_id);
    if (!file)
      throw new PermanentJobError('FILE_NOT_FOUND', 'The uploaded file was deleted before it was read');
    let bytes: Buffer;
    try {
      bytes = await readAll(await this.deps.storage.get(file.storageKey));
    } catch (error) {
      if (error instanceof StorageObjectMissingError)
        throw new PermanentJobError('FILE_NOT_FOUND', 'The uploaded file is missing from storage');
      throw error;
    }
    let password: string | undefined;
    if (payload.password_sealed) {
      password = this.deps.secrets.open(payload.password_sealed);
      if (password === undefined)
        throw new PermanentJobError(
          'PASSWORD_UNREADABLE',
          'The password could not be unsealed (the server secret changed since submission); upload again',
        );
    }
    return { file, bytes, password };
  }

  /**
   * Saves what the extractor read, once per task, and marks it a duplicate when an earlier invoice of
   * the organization has the same vendor, number and total.
   */
  async saveExtraction(input: {
    organizationId: string;
    taskId: string;
    userId: string | null;
    file: FileRow;
    invoice: Invoice;
  }): Promise<InvoiceRow> {
    const { invoice } = input;
    const key = duplicateKey(invoice) ?? null;
    return this.deps.transaction(async (repos) => {
      if (key) await repos.invoices.lockDuplicateKey(input.organizationId, key);
      const row = await repos.invoices.create({
        organizationId: input.organizationId,
        fileId: input.file.id,
        taskId: input.taskId,
        createdBy: input.userId,
        originalName: input.file.originalName,
        language: invoice.language,
        vendorName: invoice.vendorName?.value ?? null,
        vendorTaxId: invoice.vendorTaxId?.value ?? null,
        vendorAddress: invoice.vendorAddress?.value ?? null,
        customerName: invoice.customerName?.value ?? null,
        invoiceNumber: invoice.invoiceNumber?.value ?? null,
        invoiceDate: invoice.invoiceDate?.value ?? null,
        dueDate: invoice.dueDate?.value ?? null,
        currency: invoice.currency?.value ?? null,
        subtotalMinor: invoice.subtotalMinor?.value ?? null,
        taxMinor: invoice.taxMinor?.value ?? null,
        taxRatePercent: invoice.taxRatePercent?.value ?? null,
        totalMinor: invoice.totalMinor?.value ?? null,
        iban: invoice.iban?.value ?? null,
        paymentReference: invoice.paymentReference?.value ?? null,
        confidence: invoice.confidence,
        extraction: JSON.stringify(invoice),
        duplicateKey: key,
      });
      if (!key) return row;
      await repos.invoices.refreshDuplicates(input.organizationId, key);
      return (await repos.invoices.findById(input.organizationId, row.id)) ?? row;
    });
  }

  // --- the API's side ---

  list(principal: Principal, filter: InvoiceFilter) {
    return this.deps.repos.invoices.list(principal.organizationId, filter);
  }

  async get(principal: Principal, id: string): Promise<InvoiceRow> {
    const row = await this.deps.repos.invoices.findById(principal.organizationId, id);
    if (!row) throw notFound('Invoice');
    return row;
  }

  /**
   * Applies a user's corrections: the columns take the new values, `corrections` records each change
   * (from what, by whom, when), the extraction stays as read, and duplicates are re-evaluated when the
   * vendor, number, total or currency changed.
   */
  async correct(
    principal: Principal,
    id: string,
    changes: InvoiceCorrections,
    meta: RequestMeta,
  ): Promise<InvoiceRow> {
    const values = this.validate(changes);
    const updated = await this.deps.transaction(async (repos) => {
      const row = await repos.invoices.findById(principal.organizationId, id);
      if (!row) throw notFound('Invoice');
      const corrections = { ...(row.corrections as Record<string, InvoiceCorrection>) };
      const update: InvoiceUpdate = {};
      const changed: string[] = [];
      const now = new Date().toISOString();
      for (const [field, value] of Object.entries(values) as [CorrectableField, string | number | null][]) {
        const column = CORRECTABLE[field];
        const previous = row[column];
        if (previous === value) continue;
        (update as Record<string, unknown>)[column] = value;
        changed.push(field);
        corrections[field] = { previous, value, corrected_by: principal.userId, corrected_at: now };
      }
      if (Object.keys(update).length === 0) return row;
      const next = { ...row, ...update };
      const key = duplicateKeyOf(next) ?? null;
      const keys = [...new Set([row.duplicateKey, key].filter((k): k is string => k !== null))].sort();
      for (const k of keys) await repos.invoices.lockDuplicateKey(principal.organizationId, k);
      const saved = await repos.invoices.update(principal.organizationId, id, {
        ...update,
        corrections: JSON.stringify(corrections),
        duplicateKey: key,
        ...(key === null ? { duplicateOf: null } : {}),
      });
      if (!saved) throw notFound('Invoice');
      for (const k of keys) await repos.invoices.refreshDuplicates(principal.organizationId, k);
      await repos.audit.append({
        organizationId: principal.organizationId,
        userId: principal.userId,
        action: 'invoice.corrected',
        targetType: 'invoice',
        targetId: id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { fields: changed },
      });
      return (await repos.invoices.findById(principal.organizationId, id)) ?? saved;
    });
    return updated;
  }

  /** Deletes the invoice and its uploaded PDF; a later copy of it becomes the original. */
  async delete(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    const row = await this.deps.transaction(async (repos) => {
      const deleted = await repos.invoices.delete(principal.organizationId, id);
      if (!deleted) throw notFound('Invoice');
      if (deleted.duplicateKey) {
        await repos.invoices.lockDuplicateKey(principal.organizationId, deleted.duplicateKey);
        await repos.invoices.refreshDuplicates(principal.organizationId, deleted.duplicateKey);
      }
      await repos.audit.append({
        organizationId: principal.organizationId,
        userId: principal.userId,
        action: 'invoice.deleted',
        targetType: 'invoice',
        targetId: id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { vendor_name: deleted.vendorName, invoice_number: deleted.invoiceNumber },
      });
      return deleted;
    });
    if (row.fileId) await this.deps.files.delete(principal, row.fileId, meta).catch(() => undefined);
  }

  /** Checks what the schema cannot: real dates, IBAN checksums; normalizes case and spacing. */
  private validate(changes: InvoiceCorrections): InvoiceCorrections {
    const problems: { path: string; message: string }[] = [];
    const values: InvoiceCorrections = {};
    for (const [field, raw] of Object.entries(changes) as [CorrectableField, string | number | null][]) {
      if (!(field in CORRECTABLE) || raw === undefined) continue;
      let value = raw;
      if (typeof value === 'string') value = value.trim();
      if (
        (field === 'invoice_date' || field === 'due_date') &&
        typeof value === 'string' &&
        !isCalendarDate(value)
      )
        problems.push({ path: `/body/${field}`, message: 'is not a calendar date (YYYY-MM-DD)' });
      if (field === 'iban' && typeof value === 'string') {
        const iban = normalizeIban(value);
        if (!iban) problems.push({ path: '/body/iban', message: 'is not a valid IBAN (checksum fails)' });
        else value = iban;
      }
      if (field === 'currency' && typeof value === 'string') value = value.toUpperCase();
      if (value === '')
        problems.push({ path: `/body/${field}`, message: 'must not be blank (send null to clear)' });
      values[field] = value;
    }
    if (Object.keys(values).length === 0)
      throw new AppError(ErrorCode.VALIDATION_FAILED, 422, 'Send at least one field to correct');
    if (problems.length > 0) throw invalid('Some corrections are invalid', problems);
    return values;
  }
}
