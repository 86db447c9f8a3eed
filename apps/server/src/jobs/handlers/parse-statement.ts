import { PermanentJobError } from '../../errors.js';
import type { FileService } from '../../services/file.service.js';
import type { SecretBox } from '../../services/secret-box.js';
import { ParseStatementPayload, type StatementService } from '../../services/statement.service.js';
import type { ParsedStatementFile, ParseStatementFileInput } from '../child/parse-statement-file.js';
import { runOnUntrustedFile } from '../child/untrusted.js';
import { defineTask } from '../registry.js';

export interface ParseStatementDeps {
  files: FileService;
  statements: StatementService;
  sealer: SecretBox;
  pdfMaxPages: number;
  /** OCR languages for pages without a text layer; undefined when OCR is off. */
  ocr?: { languages: string[] } | undefined;
}

/**
 * `parse_statement`: a stored statement file (PDF or bank export) → saved, reconciled transactions.
 * Parsing runs in a child process (memory and time caps); the parent saves, in one transaction.
 * Progress follows the original: 0 Parsing PDF..., 25 Converting PDF to CSV..., 50 Normalizing
 * transactions..., 75 Saving N transactions..., 100 Completed (with per-page steps between 0 and 25).
 */
export const parseStatementTask = (deps: ParseStatementDeps) =>
  defineTask({
    type: 'parse_statement',
    payload: ParseStatementPayload,
    async handler(payload, ctx) {
      const file = await deps.files.findForOrganization(ctx.organizationId, payload.file_id);
      if (!file) {
        throw new PermanentJobError(
          'FILE_NOT_FOUND',
          'The uploaded file was deleted before it could be read.',
        );
      }
      await ctx.progress(
        0,
        payload.format && payload.format !== 'pdf' ? 'Parsing file...' : 'Parsing PDF...',
      );
      let password: string | undefined;
      if (payload.password_sealed) {
        password = deps.sealer.open(payload.password_sealed);
        if (password === undefined) {
          throw new PermanentJobError(
            'PASSWORD_UNREADABLE',
            'The password sent with this file can no longer be read (the service secret changed); upload it again.',
          );
        }
      }
      const startedAt = performance.now();
      const local = await deps.files.fetchToTemp(file);
      let parsed: ParsedStatementFile;
      try {
        parsed = await runOnUntrustedFile<ParsedStatementFile>(ctx, 'parse_statement_file', {
          path: local.path,
          fileName: file.originalName,
          format: payload.format,
          password,
          bankHint: payload.bank,
          maxPages: deps.pdfMaxPages,
          csv: payload.csv,
          ocr: deps.ocr,
        } satisfies ParseStatementFileInput);
      } finally {
        await local.discard();
      }
      ctx.signal.throwIfAborted();
      const parsedAt = performance.now();
      const count = parsed.statements.reduce((n, s) => n + s.statement.transactions.length, 0);
      await ctx.progress(75, `Saving ${count} transactions...`);
      const result = await deps.statements.saveParsed(
        {
          organizationId: ctx.organizationId,
          userId: ctx.userId,
          taskId: ctx.taskId,
          file,
          accountId: payload.account_id,
          strict: payload.strict,
          format: parsed.format,
          signal: ctx.signal,
        },
        parsed.statements,
      );
      ctx.logger.info(
        {
          format: parsed.format,
          rows: count,
          parseMs: Math.round(parsedAt - startedAt),
          saveMs: Math.round(performance.now() - parsedAt),
        },
        'statement imported',
      );
      await ctx.progress(100, 'Completed');
      return result;
    },
  });
