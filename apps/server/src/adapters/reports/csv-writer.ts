import { minorToDecimal } from '../../domain/money.js';
import { ReportAccumulator, type ReportTransaction } from '../../domain/reports/index.js';
import { forEachRow, type ReportInput, type ReportOutput, TRANSACTION_HEADERS, tagsText } from './common.js';
import { ReportSink, type ReportTarget } from './sink.js';
import { csvText } from './text.js';

/** Excel only reads a CSV as UTF-8 when it starts with this byte-order mark. */
const BOM = '\uFEFF';
/** RFC 4180 line break. */
const CRLF = '\r\n';

/** The amount is a plain number ("-5.00"): it stays a number, so it gets no formula escape. */
function csvLine(row: ReportTransaction): string {
  return [
    csvText(row.date),
    csvText(row.description),
    minorToDecimal(row.amountMinor, row.currency),
    csvText(row.currency),
    csvText(row.category?.name ?? ''),
    csvText(row.category?.kind ?? ''),
    csvText(tagsText(row.tags)),
    csvText(row.payee ?? ''),
    csvText(row.note ?? ''),
    csvText(row.account),
    csvText(row.statementId ?? ''),
    csvText(row.id),
  ].join(',');
}

/**
 * Writes the transactions as CSV (UTF-8 with BOM, RFC 4180, CRLF) to a path or stream, computing the
 * report's figures on the way. Rows the accumulator rejects are left out of the file too.
 */
export async function writeCsvReport(target: ReportTarget, input: ReportInput): Promise<ReportOutput> {
  const sink = new ReportSink(target);
  const accumulator = new ReportAccumulator(input);
  let rowCount = 0;
  let chunk = BOM + TRANSACTION_HEADERS.join(',') + CRLF;
  try {
    // One write per batch of rows (a few hundred kB), not per row.
    const flush = async () => {
      await sink.write(chunk);
      chunk = '';
    };
    await forEachRow(
      input,
      (row) => {
        if (accumulator.add(row)) return;
        chunk += csvLine(row) + CRLF;
        rowCount += 1;
      },
      flush,
    );
    await flush();
    return { figures: accumulator.finish(), rowCount, bytesWritten: await sink.finished(true) };
  } catch (error) {
    await sink.discard();
    throw error;
  }
}
