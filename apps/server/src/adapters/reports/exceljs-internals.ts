/**
 * The two places the report writer reaches into exceljs 4.4.0's streaming writer, kept here so an
 * upgrade has one file to check (exceljs is pinned exactly; xlsx-writer.test.ts fails if either breaks).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workbook, Worksheet } from 'exceljs';

/**
 * Tab order. The streaming writer lists tabs in the order sheets were added, and a sheet's zip entry
 * opens when it is added; the zip writes one entry at a time. A Summary added first but filled last
 * would therefore hold back the whole Transactions sheet in memory (about 500 MB of XML at 1,000,000
 * rows). So the writer adds, streams and commits Transactions first and the small sheets after, then
 * sets the tab list here before the workbook is committed: part names and sheet ids stay as they are,
 * only the order of `<sheets>` in workbook.xml changes. (`orderNo` exists only on the in-memory Workbook.)
 */
export function setTabOrder(workbook: Workbook, tabs: Worksheet[]): void {
  const slots: Worksheet[] = [];
  tabs.forEach((sheet, index) => (slots[index + 1] = sheet));
  (workbook as unknown as { _worksheets: Worksheet[] })._worksheets = slots;
}

interface EntryStream {
  _writableState?: { length?: number };
}

/**
 * Bytes of sheet XML written but not yet taken by the zip's compressor. exceljs ignores back-pressure
 * (exceljs issue 734): `row.commit()` pushes into the sheet's zip entry stream whatever its state, and
 * the compressor takes about one 64 kB chunk per event-loop turn. Measured without a check, 1,000,000
 * rows left about 500 MB queued (peak RSS 622 MB); this is what the writer waits on instead.
 */
export function pendingSheetBytes(sheet: Worksheet): number {
  const internal = sheet as unknown as { stream?: { pipes?: EntryStream[] } };
  return internal.stream?.pipes?.[0]?._writableState?.length ?? 0;
}

/**
 * Most XML the writer lets queue before it waits: 4 MB is about 8,000 rows, several batches, so the
 * compressor always has work while rows are produced, and the queue stays a small fixed size.
 */
export const MAX_PENDING_SHEET_BYTES = 4 * 2 ** 20;

/** Waits, a millisecond at a time (the compressor runs on libuv's thread pool), for the queue to shrink. */
export async function waitForCompressor(sheet: Worksheet): Promise<void> {
  while (pendingSheetBytes(sheet) > MAX_PENDING_SHEET_BYTES) await sleep(1);
}
