import { parseStatementFile } from './parse-statement-file.js';
import { extractInvoiceFile } from './extract-invoice-file.js';
import { previewCsvFile } from './preview-csv-file.js';
import type { ChildContext, ChildFunction } from './protocol.js';

/**
 * CPU-heavy functions that run in child processes, by name. A child may be killed at any moment (hard
 * time limit, memory cap), so these only compute and return; the parent does all writes.
 */
export const childFunctions: Record<string, ChildFunction> = {
  parse_statement_file: parseStatementFile,
  /** The head of an uploaded CSV → its detected layout and first rows (POST /statements/preview). */
  preview_csv_file: previewCsvFile,
  extract_invoice: extractInvoiceFile,
  /** The sleep_demo's CPU-bound mode: busy steps that ignore the abort signal, to show the hard limit. */
  busy_steps: async (input: { steps: number; stepMs: number }, ctx: ChildContext) => {
    for (let step = 1; step <= input.steps; step++) {
      const until = Date.now() + input.stepMs;
      while (Date.now() < until) {
        // spin: this is what a hung parser looks like to the event loop
      }
      ctx.progress(Math.round((step / input.steps) * 100), `Step ${step} of ${input.steps}`);
      await new Promise((r) => setImmediate(r));
    }
    return { steps: input.steps };
  },
};
