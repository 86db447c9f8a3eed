/**
 * Report writers: stream transactions to an xlsx workbook or a CSV file with flat memory, computing the
 * report's figures (domain/reports) in the same single pass.
 *
 * - `writeXlsxReport(target, input)`: sheets Summary, Transactions, By category, Monthly.
 * - `writeCsvReport(target, input)`: the transactions, UTF-8 with BOM, RFC 4180, CRLF.
 *
 * `target` is a file path (a partial file is removed on failure or abort) or any Writable. `input` is a
 * `ReportInput`: title, transactions (a sync or async iterable, read once, in the order to list them),
 * statements and period (optional), generatedAt, an AbortSignal and an onProgress(rowsRead) callback
 * (called every `BATCH_ROWS` rows). Both resolve to `{ figures, rowCount, bytesWritten }`; rows with an
 * invalid date, amount or currency are left out and listed in `figures.problems`.
 *
 * No text becomes a formula: xlsx stores every text as a string cell; CSV prefixes a field starting
 * with =, +, -, @, tab or CR with an apostrophe and quotes it. Amounts are always numbers.
 */
export { BATCH_ROWS, type ReportInput, type ReportOutput, TRANSACTION_HEADERS } from './common.js';
export { writeCsvReport } from './csv-writer.js';
export { type ReportTarget } from './sink.js';
export { csvText, startsLikeFormula } from './text.js';
export { SHEET_NAMES } from './xlsx-sheets.js';
export { writeXlsxReport } from './xlsx-writer.js';
