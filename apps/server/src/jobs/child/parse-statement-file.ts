import { readFile } from 'node:fs/promises';
import { PdfExtractionError, extractDocumentText } from '../../adapters/pdf/index.js';
import { hasPdfHeader } from '../../domain/pdf-header.js';
import { PermanentJobError } from '../../errors.js';
import {
  flagLowConfidenceRows,
  parseStatementText,
  reconcile,
  type ParsedStatement,
  type ReconciliationResult,
} from '../../domain/statements/index.js';
import { parseExport, type CsvOptions, type ExportFormat } from '../../domain/statements/exports/index.js';
import type { ChildContext } from './protocol.js';

export interface ParseStatementFileInput {
  path: string;
  fileName: string;
  /** `pdf`, an export format, or undefined to detect from the content. */
  format?: 'pdf' | ExportFormat | undefined;
  password?: string | undefined;
  bankHint?: string | undefined;
  maxPages: number;
  csv?: CsvOptions | undefined;
  /** OCR for pages without a text layer (OCR_ENABLED, OCR_LANGUAGES); absent: such PDFs fail as before. */
  ocr?: { languages: string[] } | undefined;
}

/** How a statement was read by OCR: which pages, how confidently, and the rows to check by eye. */
export interface StatementOcr {
  pages: number[];
  meanConfidence: number;
  lowConfidenceRows: number[];
}

export interface ParsedStatementFile {
  format: 'pdf' | ExportFormat;
  statements: Array<{
    statement: ParsedStatement;
    reconciliation: ReconciliationResult;
    ocr?: StatementOcr | undefined;
  }>;
}

/**
 * A statement file → parsed and reconciled statements. Runs in a child process (memory and time caps):
 * PDFs through pdf.js and the layout parser (pages without a text layer through OCR when `ocr` is
 * given: the same items, the same parser), with progress per page between 0 and 25 %; bank exports
 * through their format parsers. Every failure that the same bytes would repeat is permanent.
 */
export async function parseStatementFile(
  input: ParseStatementFileInput,
  ctx: ChildContext,
): Promise<ParsedStatementFile> {
  const bytes = new Uint8Array(await readFile(input.path));
  const isPdf = input.format === 'pdf' || (input.format === undefined && hasPdfHeader(bytes));
  if (isPdf) return { format: 'pdf', statements: await parsePdf(bytes, input, ctx) };

  ctx.progress(25, 'Reading bank export...');
  const parsed = parseExport(bytes, {
    format: input.format === 'pdf' ? undefined : input.format,
    fileName: input.fileName,
    csv: input.csv,
  });
  if (!parsed.ok)
    throw new PermanentJobError(parsed.error.code, `The file could not be read: ${parsed.error.message}.`);
  ctx.progress(50, 'Normalizing transactions...');
  return {
    format: parsed.value.format,
    statements: parsed.value.statements.map((statement) => ({
      statement,
      reconciliation: reconcile(statement),
    })),
  };
}

async function parsePdf(bytes: Uint8Array, input: ParseStatementFileInput, ctx: ChildContext) {
  let doc;
  try {
    doc = await extractDocumentText(bytes, {
      password: input.password,
      maxPages: input.maxPages,
      signal: ctx.signal,
      onPage: (done, count) => {
        if (count > 1)
          ctx.progress(Math.floor((done / count) * 24), `Parsing PDF page ${done} of ${count}...`);
      },
      ocr: input.ocr && {
        languages: input.ocr.languages,
        onPage: (page, count) =>
          ctx.progress(Math.floor(((page - 1) / count) * 24), `Recognizing page ${page} of ${count}...`),
      },
    });
  } catch (error) {
    if (error instanceof PdfExtractionError) throw new PermanentJobError(error.code, error.message);
    throw error;
  }
  ctx.progress(25, 'Converting PDF to CSV...');
  const parsed = parseStatementText(doc, { bankHint: input.bankHint });
  if ('error' in parsed) throw new PermanentJobError(parsed.error.code, parsed.error.message);
  ctx.progress(50, 'Normalizing transactions...');
  const summary = doc.ocr;
  // A combined statement of several accounts gives one statement each, as a multi-statement export does.
  return parsed.statements.map((statement) => {
    const ocr = summary && {
      pages: summary.pages.map((page) => page.pageNumber),
      meanConfidence: summary.meanConfidence,
      lowConfidenceRows: flagLowConfidenceRows(doc, statement),
    };
    return { statement, reconciliation: reconcile(statement), ...(ocr && { ocr }) };
  });
}
