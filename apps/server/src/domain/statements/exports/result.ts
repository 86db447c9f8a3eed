import type { AccountKind, ParsedStatement } from '../model.js';

/** The bank export formats this folder reads; `unknown` only ever comes out of detection. */
export const ExportFormat = {
  csv: 'csv',
  ofx: 'ofx',
  qif: 'qif',
  mt940: 'mt940',
  camt053: 'camt053',
} as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

/** Stable codes of the whole-file failures; all are permanent (a retry reads the same bytes). */
export const ExportErrorCode = {
  formatUnknown: 'EXPORT_FORMAT_UNKNOWN',
  malformed: 'EXPORT_MALFORMED',
  encodingUnsupported: 'EXPORT_ENCODING_UNSUPPORTED',
  tooLarge: 'EXPORT_TOO_LARGE',
  /** XML carrying a DOCTYPE or entity declarations: refused before parsing (XML bombs, external entities). */
  xmlUnsafe: 'EXPORT_XML_UNSAFE',
  /** CSV columns could not be told apart; the caller should ask for an explicit mapping. */
  csvMappingNeeded: 'EXPORT_CSV_MAPPING_NEEDED',
  noTransactions: 'EXPORT_NO_TRANSACTIONS',
} as const;
export type ExportErrorCode = (typeof ExportErrorCode)[keyof typeof ExportErrorCode];

export interface ExportError {
  code: ExportErrorCode;
  /** Names the line (1-based) or XML element involved, for the user. */
  message: string;
  line?: number | undefined;
}

export type ExportResult<T> = { ok: true; value: T } | { ok: false; error: ExportError };

export const ok = <T>(value: T): ExportResult<T> => ({ ok: true, value });

export const fail = <T = never>(code: ExportErrorCode, message: string, line?: number): ExportResult<T> => ({
  ok: false,
  error: line === undefined ? { code, message } : { code, message, line },
});

/** What every format parser receives besides the bytes. */
export interface FormatOptions {
  /** Currency for formats that do not carry one (QIF, most CSV); ZAR when absent, noted as a problem. */
  currency?: string | undefined;
  /** Overrides the kind the file implies (QIF `!Type:Bank`, OFX `CCSTMTRS`...). */
  accountKind?: AccountKind | undefined;
}

export type StatementsResult = ExportResult<ParsedStatement[]>;

/** The fallback currency of the product (money.ts defaults to it too). */
export const DEFAULT_CURRENCY = 'ZAR';

/** The default size limit: a 100,000-row CSV is about 8 MiB, so 64 MiB leaves room without inviting abuse. */
export const DEFAULT_MAX_EXPORT_BYTES = 64 * 1024 * 1024;

/** EXPORT_TOO_LARGE when the file exceeds `limit`, checked before any byte is decoded. */
export function refuseTooLarge(
  bytes: Uint8Array,
  limit = DEFAULT_MAX_EXPORT_BYTES,
): ExportResult<never> | undefined {
  if (bytes.length <= limit) return undefined;
  return fail(ExportErrorCode.tooLarge, `the file has ${bytes.length} bytes; the limit is ${limit}`);
}
