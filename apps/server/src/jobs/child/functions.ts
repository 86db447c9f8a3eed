import { parseStatementFile } from './parse-statement-file.js';
import { previewCsvFile } from './preview-csv-file.js';
import { extractDocumentText, PdfExtractionError } from '../../adapters/pdf/index.js';
import { extractInvoice } from '../../domain/invoices/index.js';
import { PermanentJobError } from '../../errors.js';
import type { ChildContext, ChildFunction } from './protocol.js';

/** Invoices are a few pages; 50 is generous and stops a 5,000-page "invoice" from holding a worker. */
const INVOICE_MAX_PAGES = 50;

/**
 * CPU-heavy functions that run in child processes, by name. A child may be killed at any moment (hard
 * time limit, memory cap), so these only compute and return; the parent does all writes.
 */
export const childFunctions: Record<string, ChildFunction> = {
  parse_statement_file: parseStatementFile,
  /** The head of an uploaded CSV → its detected layout and first rows (POST /statements/preview). */
  preview_csv_file: previewCsvFile,
  /**
   * PDF bytes → the extractor's Invoice. Every way the bytes can fail (corrupt, encrypted, image-only,
   * too long, not an invoice) is permanent: the same bytes give the same answer on every retry.
   */
  extract_invoice: async (input: { pdf: Uint8Array; password?: string | undefined }, ctx: ChildContext) => {
    let text;
    try {
      // IPC may deliver a Buffer, which pdf.js refuses; view the same bytes as a plain Uint8Array.
      const pdf = new Uint8Array(input.pdf.buffer, input.pdf.byteOffset, input.pdf.byteLength);
      text = await extractDocumentText(pdf, {
        password: input.password,
        maxPages: INVOICE_MAX_PAGES,
        signal: ctx.signal,
      });
    } catch (error) {
      if (error instanceof PdfExtractionError) throw new PermanentJobError(error.code, error.message);
      throw error;
    }
    ctx.progress(60, 'Reading invoice fields...');
    const result = extractInvoice(text);
    if (result.error) throw new PermanentJobError(result.error.code, result.error.message);
    return result.invoice;
  },
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
