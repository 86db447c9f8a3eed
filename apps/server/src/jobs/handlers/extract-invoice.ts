import { Type } from 'typebox';
import type { Invoice } from '../../domain/invoices/index.js';
import { extractionResult, type InvoiceService } from '../../services/invoice.service.js';
import type { ExtractInvoiceFileInput } from '../child/extract-invoice-file.js';
import { runOnUntrustedFile } from '../child/untrusted.js';
import { defineTask } from '../registry.js';

export const ExtractInvoicePayload = Type.Object(
  {
    file_id: Type.String({ format: 'uuid' }),
    /** Sealed with the deployment's secret (services/secret-box.ts); never the password itself. */
    password_sealed: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);

/**
 * Invoice PDF or e-invoice XML → an `invoices` row. The file is read and interpreted in a child process
 * (pdf.js and the XML parser on untrusted bytes); unreadable files and documents that are not invoices
 * fail the task permanently with their code. Idempotent by task id: a run after a crash returns the invoice the first run saved.
 */
export const extractInvoiceTask = (invoices: InvoiceService, ocr?: { languages: string[] }) =>
  defineTask({
    type: 'extract_invoice_metadata',
    payload: ExtractInvoicePayload,
    async handler(payload, ctx) {
      const saved = await invoices.findForTask(ctx.organizationId, ctx.taskId);
      if (saved) return extractionResult(saved);
      await ctx.progress(0, 'Reading file...');
      const { file, bytes, password } = await invoices.readUpload(ctx.organizationId, payload);
      await ctx.progress(30, 'Extracting text...');
      const input: ExtractInvoiceFileInput = { file: bytes, password, ocr };
      const invoice = await runOnUntrustedFile<Invoice>(ctx, 'extract_invoice', input);
      ctx.signal.throwIfAborted();
      await ctx.progress(90, 'Saving invoice...');
      const row = await invoices.saveExtraction({
        organizationId: ctx.organizationId,
        taskId: ctx.taskId,
        userId: ctx.userId,
        file,
        invoice,
      });
      return extractionResult(row);
    },
  });
