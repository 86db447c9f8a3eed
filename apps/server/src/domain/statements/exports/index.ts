/**
 * Bank export files → ParsedStatement[], the parsing core of statement import part two (issue 5).
 * Pure functions over bytes: no I/O, no exceptions for bad input.
 *
 *   detectExportFormat(bytes, fileName?)  'csv' | 'ofx' | 'qif' | 'mt940' | 'camt053' | 'unknown'
 *   parseExport(bytes, options?)          { ok: true, value: { format, statements } } | { ok: false, error }
 *   previewCsv(bytes, csvOptions?, n?, maxBytes?)
 *                                         detected CSV layout (encoding, delimiter, header, column roles,
 *                                         day-month order, decimal mark, ambiguities) and the first n rows
 *
 * Errors carry a stable `code` (ExportErrorCode: EXPORT_FORMAT_UNKNOWN, EXPORT_MALFORMED,
 * EXPORT_ENCODING_UNSUPPORTED, EXPORT_TOO_LARGE, EXPORT_XML_UNSAFE, EXPORT_CSV_MAPPING_NEEDED,
 * EXPORT_NO_TRANSACTIONS), a message naming the line or element, and `line` where known. All are
 * permanent: retrying reads the same bytes. Non-fatal findings are `problems` on each statement:
 * BALANCE_ABSENT / OPENING_BALANCE_ABSENT (the file cannot prove reconciliation), CURRENCY_ASSUMED,
 * ROW_SKIPPED (CSV), ENTRY_NOT_BOOKED (CAMT pending entries), FOREIGN_CURRENCY_ROW (OFX).
 *
 * Balances: MT940 (:60:/:62:) and CAMT (OPBD/PRCD, CLBD) carry both; OFX only the closing LEDGERBAL;
 * CSV only through a running-balance column; QIF none. Bank ids go to `bankReference`: OFX FITID, CAMT
 * AcctSvcrRef, MT940 bank reference (else the customer reference unless NONREF), a CSV reference column.
 */
import type { ParsedStatement } from '../model.js';
import { parseCamt053 } from './camt053.js';
import { parseCsv } from './csv.js';
import type { CsvOptions } from './csv-layout.js';
import { detectExportFormat } from './detect.js';
import { parseMt940 } from './mt940.js';
import { parseOfx } from './ofx.js';
import { parseQif } from './qif.js';
import {
  ExportErrorCode,
  fail,
  ok,
  refuseTooLarge,
  type ExportFormat,
  type ExportResult,
  type FormatOptions,
} from './result.js';

export { detectExportFormat, type DetectedFormat } from './detect.js';
export { previewCsv, type CsvOptions, type CsvPreview, type CsvDelimiter } from './csv-layout.js';
export { CsvRole, type CsvMapping } from './csv-columns.js';
export {
  DEFAULT_MAX_EXPORT_BYTES,
  ExportErrorCode,
  ExportFormat,
  type ExportError,
  type ExportResult,
} from './result.js';

export interface ParseExportOptions extends FormatOptions {
  /** Used only when the content does not settle the format. */
  fileName?: string | undefined;
  /** Skips detection (the user chose the format). */
  format?: ExportFormat | undefined;
  /** Refuses larger files with EXPORT_TOO_LARGE; 64 MiB by default (a 100,000-row CSV is about 8 MiB). */
  maxBytes?: number | undefined;
  csv?: CsvOptions | undefined;
}

export interface ParsedExport {
  format: ExportFormat;
  statements: ParsedStatement[];
}

const PARSERS = {
  csv: parseCsv,
  ofx: parseOfx,
  qif: parseQif,
  mt940: parseMt940,
  camt053: parseCamt053,
} as const;

export function parseExport(bytes: Uint8Array, options: ParseExportOptions = {}): ExportResult<ParsedExport> {
  const tooLarge = refuseTooLarge(bytes, options.maxBytes);
  if (tooLarge) return tooLarge;
  if (bytes.length === 0) return fail(ExportErrorCode.malformed, 'the file is empty');
  const format = options.format ?? detectExportFormat(bytes, options.fileName);
  if (format === 'unknown') {
    return fail(ExportErrorCode.formatUnknown, 'not a CSV, OFX/QFX, QIF, MT940 or CAMT.053 bank export');
  }
  const result = PARSERS[format](bytes, options);
  return result.ok ? ok({ format, statements: result.value }) : result;
}
