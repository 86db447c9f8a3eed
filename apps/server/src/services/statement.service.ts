import { StatementFormat, type CsvPreviewFields, type StatementImportFields } from '@ledgerflow/contracts';
import { open } from 'node:fs/promises';
import { Type, type Static } from 'typebox';
import type { SpooledFile } from '../adapters/storage/index.js';
import type { AccountRow, FileRow, StatementRow, TaskPriority, TaskRow } from '../db/types.js';
import { minorToDecimal } from '../domain/money.js';
import { hasPdfHeader } from '../domain/pdf-header.js';
import { fingerprintTransactions } from '../domain/statements/fingerprint.js';
import type { ParsedStatement, ReconciliationResult } from '../domain/statements/index.js';
import { detectExportFormat, type CsvOptions } from '../domain/statements/exports/index.js';
import { AppError, ErrorCode, notFound, PermanentJobError } from '../errors.js';
import type {
  Repositories,
  Transactor,
  TransactionFilter,
  TransactionWithCategory,
} from '../repositories/index.js';
import { nothingChangedNote } from './categorization-note.js';
import type { CsvPreviewer, PreviewedCsv } from './csv-previewer.port.js';
import type { FileService } from './file.service.js';
import type { Principal, RequestMeta } from './principal.js';
import type { SecretBox } from './secret-box.js';
import type { TaskService } from './task.service.js';

/** The payload of a `parse_statement` task (jobs/handlers/parse-statement.ts), checked by the worker. */
export const ParseStatementPayload = Type.Object(
  {
    file_id: Type.String({ format: 'uuid' }),
    format: Type.Optional(StatementFormat),
    bank: Type.Optional(Type.String({ maxLength: 64 })),
    account_id: Type.Optional(Type.String({ format: 'uuid' })),
    strict: Type.Boolean({ default: false }),
    /** The PDF password, sealed (services/secret-box.ts); never stored in clear. */
    password_sealed: Type.Optional(Type.String({ maxLength: 2048 })),
    csv: Type.Optional(Type.Unsafe<CsvOptions>(Type.Object({}, { additionalProperties: true }))),
  },
  { additionalProperties: false },
);
export type ParseStatementPayload = Static<typeof ParseStatementPayload>;

export interface ImportedStatement {
  session_id: string;
  transaction_count: number;
  duplicate_count: number;
  /** Transactions the organization's rules filed under a category during the import. */
  categorized_count: number;
  /** Why nothing was categorized (no active rules, or none matched); null otherwise. */
  categorization_note: string | null;
  bank_source: string;
  account: { id: string; name: string; number: string; currency: string; kind: string };
  period: { start: string | null; end: string | null };
  opening_balance: string | null;
  closing_balance: string | null;
  reconciled: boolean;
  reconciliation_checked: boolean;
  issues: unknown[];
  /**
   * Present when pages were read by OCR: which (1-based), Tesseract's mean word confidence (0–100), and
   * the rows (0-based, as in `issues`) whose figures were read with low confidence, to check by eye.
   */
  ocr?: { pages: number[]; mean_confidence: number; low_confidence_rows: number[] } | undefined;
}

/**
 * The task result, as the original's: the statement's fields at the top level. A file with several
 * statements lists each in `statements`; the top-level counts are their totals, the rest the first's.
 */
export type ImportResult = ImportedStatement & { format: string; statements: ImportedStatement[] };

/**
 * Files a freshly saved statement's transactions by the organization's rules (never touching manual
 * categories); runs after the import's transaction has committed. Returns how many got a category.
 */
export type CategorizeImported = (
  organizationId: string,
  statementId: string,
) => Promise<{ categorized: number; activeRules: number }>;

export interface StatementServiceDeps {
  repos: Repositories;
  transaction: Transactor;
  files: FileService;
  tasks: TaskService;
  sealer: SecretBox;
  categorize: CategorizeImported;
  csvPreviewer: CsvPreviewer;
}

export interface SaveOptions {
  organizationId: string;
  userId: string | null;
  taskId: string;
  file: FileRow;
  accountId?: string | undefined;
  strict: boolean;
  format: string;
  /** Checked just before the save commits: a cancelled task saves nothing. */
  signal: AbortSignal;
}

/**
 * Statement imports: accepting uploads (as `parse_statement` tasks), saving what the job parsed
 * (account, session, new transactions, duplicates skipped), and reading and correcting the results.
 */
export class StatementService {
  constructor(private readonly deps: StatementServiceDeps) {}

  /** Stores the upload and submits its `parse_statement` task; bad fields or file types store nothing. */
  async submitImport(
    principal: Principal,
    upload: { spooled: SpooledFile; fileName: string; contentType: string },
    fields: StatementImportFields,
    meta: RequestMeta,
    idempotencyKey?: string,
    priority?: TaskPriority,
  ): Promise<TaskRow> {
    if (fields.account_id) await this.account(principal, fields.account_id);
    const format = await sniffFormat(upload.spooled, upload.fileName);
    if (fields.format === 'pdf' && format !== 'pdf') {
      throw new AppError('UNSUPPORTED_FILE_TYPE', 415, 'format=pdf was given, but the file is not a PDF');
    }
    const csv = csvOptions(fields);
    const file = await this.deps.files.store(
      principal,
      {
        ...upload,
        contentType: format === 'pdf' ? 'application/pdf' : upload.contentType,
        purpose: 'statement',
      },
      meta,
    );
    const payload: ParseStatementPayload = {
      file_id: file.id,
      format: fields.format,
      bank: fields.bank,
      account_id: fields.account_id,
      strict: fields.strict ?? false,
      password_sealed: fields.password ? this.deps.sealer.seal(fields.password) : undefined,
      csv,
    };
    // The same upload with the same options and key is the same request, whatever the new file's id.
    // (The sealed password differs on every request; its keyed fingerprint does not.)
    const sameRequest = {
      ...payload,
      sha256: file.sha256,
      file_id: undefined,
      password_sealed: undefined,
      password: fields.password ? this.deps.sealer.fingerprint(fields.password) : null,
    };
    const discardUpload = () => this.deps.files.delete(principal, file.id, meta).catch(() => undefined);
    let task: TaskRow;
    try {
      task = await this.deps.tasks.submit(
        principal,
        'parse_statement',
        payload,
        idempotencyKey,
        sameRequest,
        priority,
      );
    } catch (error) {
      await discardUpload();
      throw error;
    }
    // A replayed request answers with the first task; the copy it uploaded again is not needed.
    if ((task.payload as ParseStatementPayload).file_id !== file.id) await discardUpload();
    return task;
  }

  /**
   * The detected CSV layout and first rows of the file's head, without storing anything. Runs out of
   * process (CsvPreviewer): this is a request, and a hostile CSV costs seconds of parsing.
   */
  async previewCsv(spooled: SpooledFile, fileName: string, fields: CsvPreviewFields): Promise<PreviewedCsv> {
    if (spooled.sizeBytes === 0) throw new AppError('EMPTY_FILE', 422, 'The uploaded file is empty');
    return this.deps.csvPreviewer.preview({ path: spooled.path, fileName, csv: csvOptions(fields) });
  }

  /**
   * Saves parsed statements in one database transaction: the account (given or found by bank, number and
   * currency), one session per statement, and only the transactions not already stored for that
   * account. A strict import refuses an unreconciled statement before writing anything. Running it again
   * for the same task returns what the first run saved (a retry after a crash adds nothing).
   */
  async saveParsed(
    options: SaveOptions,
    parsed: ReadonlyArray<{
      statement: ParsedStatement;
      reconciliation: ReconciliationResult;
      ocr?: { pages: number[]; meanConfidence: number; lowConfidenceRows: number[] } | undefined;
    }>,
  ): Promise<ImportResult> {
    if (options.strict) {
      const bad = parsed.find((p) => !p.reconciliation.reconciled);
      if (bad) {
        const first = bad.reconciliation.issues[0];
        throw new PermanentJobError(
          'STATEMENT_NOT_RECONCILED',
          `The statement does not reconcile${first ? `: ${first.message}` : ''}; nothing was saved (strict import).`,
        );
      }
    }
    const saved = await this.deps.transaction(async (repos) => {
      const done = await repos.statements.listByTask(options.organizationId, options.taskId);
      if (done.length > 0) return done;
      const rows: Array<{ statement: StatementRow; account: AccountRow }> = [];
      for (const { statement, reconciliation } of parsed) {
        const account = await this.accountFor(repos, options, statement);
        const session = await repos.statements.create({
          organizationId: options.organizationId,
          accountId: account.id,
          fileId: options.file.id,
          taskId: options.taskId,
          createdBy: options.userId,
          originalName: options.file.originalName,
          format: statement.format,
          bankSource: statement.bankSource,
          bankName: statement.bankName ?? null,
          accountNumber: statement.accountNumber ?? null,
          accountKind: statement.accountKind,
          currency: statement.currency,
          periodStart: statement.periodStart ?? null,
          periodEnd: statement.periodEnd ?? null,
          openingBalanceMinor: statement.openingBalanceMinor ?? null,
          closingBalanceMinor: statement.closingBalanceMinor ?? null,
          reconciled: reconciliation.reconciled,
          reconciliationChecked: reconciliation.checked,
          issues: JSON.stringify(reconciliation.issues.map(snakeIssue)),
          problems: JSON.stringify(statement.problems.map(({ code, message }) => ({ code, message }))),
        });
        const fingerprints = fingerprintTransactions(statement.transactions);
        const inserted = await repos.transactions.insertNew(
          statement.transactions.map((row, index) => ({
            organizationId: options.organizationId,
            statementId: session.id,
            accountId: account.id,
            rowIndex: index,
            date: row.date,
            valueDate: row.valueDate ?? null,
            description: row.description,
            amountMinor: row.amountMinor,
            balanceMinor: row.balanceMinor ?? null,
            currency: statement.currency,
            bankReference: row.bankReference ?? null,
            fingerprint: fingerprints[index] ?? '',
          })),
        );
        const counts = {
          transactionCount: inserted,
          duplicateCount: statement.transactions.length - inserted,
        };
        await repos.statements.setCounts(session.id, counts);
        rows.push({ statement: { ...session, ...counts }, account });
      }
      if (options.signal.aborted) throw options.signal.reason as Error;
      return rows;
    });
    const statements: ImportedStatement[] = [];
    for (const [index, { statement, account }] of saved.entries()) {
      const { categorized, activeRules } = await this.deps.categorize(options.organizationId, statement.id);
      const view = importedView(statement, account);
      const ocr = parsed[index]?.ocr;
      statements.push({
        ...view,
        categorized_count: categorized,
        categorization_note: nothingChangedNote(view.transaction_count, categorized, activeRules),
        ...(ocr && {
          ocr: {
            pages: ocr.pages,
            mean_confidence: ocr.meanConfidence,
            low_confidence_rows: ocr.lowConfidenceRows,
          },
        }),
      });
    }
    // One statement per file is the common case; for several (CAMT, MT940) the top-level counts are totals
    // and the other fields describe the first, with every session in `statements`.
    const total = (key: 'transaction_count' | 'duplicate_count' | 'categorized_count') =>
      statements.reduce((sum, statement) => sum + statement[key], 0);
    return {
      ...statements[0]!,
      transaction_count: total('transaction_count'),
      duplicate_count: total('duplicate_count'),
      categorized_count: total('categorized_count'),
      categorization_note: statements.find((s) => s.categorization_note)?.categorization_note ?? null,
      format: options.format,
      statements,
    };
  }

  async listStatements(
    principal: Principal,
    filter: { accountId?: string | undefined; limit: number; offset: number },
  ) {
    return this.deps.repos.statements.list(principal.organizationId, filter);
  }

  async getStatement(principal: Principal, id: string): Promise<StatementRow> {
    const row = await this.deps.repos.statements.findById(principal.organizationId, id);
    if (!row) throw notFound('Statement');
    return row;
  }

  /** Deletes the session and its transactions (the uploaded file stays under /files). */
  async deleteStatement(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    const row = await this.deps.repos.statements.delete(principal.organizationId, id);
    if (!row) throw notFound('Statement');
    await this.deps.repos.audit.append({
      organizationId: principal.organizationId,
      userId: principal.userId,
      action: 'statement.deleted',
      targetType: 'statement',
      targetId: row.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { name: row.originalName, transactions: row.transactionCount },
    });
  }

  async listAccounts(principal: Principal): Promise<AccountRow[]> {
    return this.deps.repos.statements.listAccounts(principal.organizationId);
  }

  async listTransactions(
    principal: Principal,
    filter: TransactionFilter,
    page: { limit: number; offset: number },
  ) {
    if (filter.statementId) await this.getStatement(principal, filter.statementId);
    return this.deps.repos.transactions.list(principal.organizationId, filter, page);
  }

  async getTransaction(principal: Principal, id: string): Promise<TransactionWithCategory> {
    const row = await this.deps.repos.transactions.findById(principal.organizationId, id);
    if (!row) throw notFound('Transaction');
    return row;
  }

  private async account(principal: Principal, id: string): Promise<AccountRow> {
    const found = await this.deps.repos.statements.findAccount(principal.organizationId, id);
    if (!found) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 422, 'No such account in this organization', [
        { path: '/body/account_id', message: 'unknown account' },
      ]);
    }
    return found;
  }

  private async accountFor(repos: Repositories, options: SaveOptions, statement: ParsedStatement) {
    if (options.accountId) {
      const account = await repos.statements.findAccount(options.organizationId, options.accountId);
      if (!account)
        throw new PermanentJobError(
          'ACCOUNT_NOT_FOUND',
          'The account chosen for this import no longer exists.',
        );
      if (account.currency !== statement.currency) {
        throw new PermanentJobError(
          'ACCOUNT_CURRENCY_MISMATCH',
          `The statement is in ${statement.currency}, but the chosen account is in ${account.currency}.`,
        );
      }
      return account;
    }
    const number = statement.accountNumber?.trim() ?? '';
    const bank = statement.bankName ?? statement.bankSource;
    return repos.statements.findOrCreateAccount(options.organizationId, {
      bankSource: statement.bankSource,
      accountNumber: number,
      currency: statement.currency,
      kind: statement.accountKind,
      name: statement.accountName?.trim() || (number ? `${bank} ${maskNumber(number)}` : `${bank} account`),
    });
  }
}

/** "Standard Bank …4567": the last four digits are enough to tell accounts apart. */
const maskNumber = (number: string) => {
  const compact = number.replace(/[\s-]/g, '');
  return compact.length > 4 ? `…${compact.slice(-4)}` : compact;
};

const snakeIssue = (issue: ReconciliationResult['issues'][number]) => ({
  code: issue.code,
  message: issue.message,
  rows: issue.rows,
  ...(issue.expectedMinor !== undefined && { expected_minor: issue.expectedMinor }),
  ...(issue.actualMinor !== undefined && { actual_minor: issue.actualMinor }),
});

function importedView(
  statement: StatementRow,
  account: AccountRow,
): Omit<ImportedStatement, 'categorized_count' | 'categorization_note'> {
  const money = (minor: number | null) => (minor === null ? null : minorToDecimal(minor, statement.currency));
  return {
    session_id: statement.id,
    transaction_count: statement.transactionCount,
    duplicate_count: statement.duplicateCount,
    bank_source: statement.bankSource,
    account: {
      id: account.id,
      name: account.name,
      number: account.accountNumber,
      currency: account.currency,
      kind: account.kind,
    },
    period: { start: statement.periodStart, end: statement.periodEnd },
    opening_balance: money(statement.openingBalanceMinor),
    closing_balance: money(statement.closingBalanceMinor),
    reconciled: statement.reconciled,
    reconciliation_checked: statement.reconciliationChecked,
    issues: statement.issues as unknown[],
  };
}

/** The CSV options of the multipart fields, in the parser's terms; a bad mapping is a 400. */
function csvOptions(fields: CsvPreviewFields): CsvOptions | undefined {
  let mapping: CsvOptions['mapping'];
  if (fields.mapping !== undefined) {
    try {
      mapping = JSON.parse(fields.mapping) as CsvOptions['mapping'];
    } catch {
      mapping = undefined;
    }
    const valid =
      mapping !== null &&
      typeof mapping === 'object' &&
      !Array.isArray(mapping) &&
      Object.values(mapping).every(
        (v) =>
          typeof v === 'string' ||
          (typeof v === 'number' && Number.isInteger(v) && v >= 0) ||
          (Array.isArray(v) && v.every((x) => typeof x === 'string' || (Number.isInteger(x) && x >= 0))),
      );
    if (!valid) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 400, 'mapping must be a JSON object of role → column', [
        { path: '/body/mapping', message: 'must be a JSON object like {"date":0,"amount":"Amount"}' },
      ]);
    }
  }
  const options: CsvOptions = {
    encoding: fields.encoding,
    delimiter: fields.delimiter,
    headerLine: fields.header_line,
    dayMonthOrder: fields.date_order,
    decimalSeparator: fields.decimal_separator,
    mapping,
  };
  return Object.values(options).some((v) => v !== undefined) ? options : undefined;
}

/** `pdf` or an export format from the first bytes; anything else is refused at upload (415). */
async function sniffFormat(spooled: SpooledFile, fileName: string): Promise<string> {
  if (spooled.sizeBytes === 0) throw new AppError('EMPTY_FILE', 422, 'The uploaded file is empty');
  if (hasPdfHeader(spooled.head)) return 'pdf';
  // Export detection looks further than the spooled head: a CSV's delimiter and columns need lines.
  const handle = await open(spooled.path, 'r');
  try {
    const head = Buffer.alloc(Math.min(spooled.sizeBytes, 65_536));
    await handle.read(head, 0, head.length, 0);
    const format = detectExportFormat(new Uint8Array(head), fileName);
    if (format === 'unknown') {
      throw new AppError(
        'UNSUPPORTED_FILE_TYPE',
        415,
        'The file is not a PDF statement or a CSV, OFX/QFX, QIF, MT940 or CAMT.053 export',
      );
    }
    return format;
  } finally {
    await handle.close();
  }
}
