import type { CsvOptions, CsvPreview } from '../domain/statements/exports/index.js';

export type PreviewedCsv = CsvPreview & {
  /** False when only the head of the file was read; `rowCount` then counts the head's rows. */
  complete: boolean;
};

/**
 * Previews an uploaded CSV without blocking the caller's event loop (jobs/child/csv-previewer.ts runs it
 * in a child process). Refusals are AppErrors: 422 with the export's code, 503 when too busy.
 */
export interface CsvPreviewer {
  preview(request: { path: string; fileName: string; csv?: CsvOptions | undefined }): Promise<PreviewedCsv>;
  close(): Promise<void>;
}
