import { open } from 'node:fs/promises';
import { detectExportFormat, previewCsv, type CsvOptions } from '../../domain/statements/exports/index.js';
import { PermanentJobError } from '../../errors.js';
import type { PreviewedCsv } from '../../services/csv-previewer.port.js';

export interface PreviewCsvFileInput {
  path: string;
  fileName: string;
  csv?: CsvOptions | undefined;
  /** Only this many leading bytes are read (cut back to the last whole line). */
  headBytes: number;
}

/**
 * A bank CSV has a few dozen columns; a row of thousands is an attack or not a bank export, and its
 * preview (every cell shown) would be megabytes.
 */
export const MAX_PREVIEW_COLUMNS = 500;

/**
 * The first `headBytes` of a file, cut after its last line break so no half row is previewed. In UTF-16LE
 * a line feed is `0A 00`: the cut keeps the `00` (it sits at an odd offset, after an even-offset `0A`).
 */
export function wholeLinesHead(bytes: Uint8Array, complete: boolean): Uint8Array {
  if (complete) return bytes;
  const lastLineFeed = bytes.lastIndexOf(0x0a);
  if (lastLineFeed < 0) return bytes;
  let end = lastLineFeed + 1;
  if (end % 2 === 1 && bytes[end] === 0) end += 1;
  return bytes.subarray(0, end);
}

/**
 * Runs in a child process (statement preview): detects the format and CSV layout of the head of an
 * upload. Any refusal is a PermanentJobError whose code the API answers with 422.
 */
export async function previewCsvFile(input: PreviewCsvFileInput): Promise<PreviewedCsv> {
  const handle = await open(input.path, 'r');
  let read: Uint8Array;
  try {
    const buffer = Buffer.alloc(input.headBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    read = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
  const complete = read.length <= input.headBytes;
  const bytes = wholeLinesHead(complete ? read : read.subarray(0, input.headBytes), complete);
  const format = detectExportFormat(bytes, input.fileName);
  if (format !== 'csv') {
    throw new PermanentJobError(
      'NOT_A_CSV',
      `Preview is for CSV files; this file looks like ${format === 'unknown' ? 'none of the supported formats' : format}`,
    );
  }
  const preview = previewCsv(bytes, input.csv);
  if (!preview.ok) throw new PermanentJobError(preview.error.code, preview.error.message);
  if (preview.value.columns.length > MAX_PREVIEW_COLUMNS) {
    throw new PermanentJobError(
      'EXPORT_MALFORMED',
      `A row has ${preview.value.columns.length} cells; a bank export has at most ${MAX_PREVIEW_COLUMNS} columns`,
    );
  }
  return { ...preview.value, complete };
}
