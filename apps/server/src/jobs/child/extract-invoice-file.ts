import { extractPdfContent, PdfExtractionError } from '../../adapters/pdf/index.js';
import {
  looksLikeXml,
  readEInvoiceXml,
  readInvoiceDocument,
  type Invoice,
} from '../../domain/invoices/index.js';
import { PermanentJobError } from '../../errors.js';
import type { ChildContext } from './protocol.js';

/** Invoices are a few pages; 50 is generous and stops a 5,000-page "invoice" from holding a worker. */
const INVOICE_MAX_PAGES = 50;

export interface ExtractInvoiceFileInput {
  /** The uploaded file: a PDF (printed, or Factur-X / ZUGFeRD with its XML inside) or an e-invoice XML. */
  file: Uint8Array;
  password?: string | undefined;
  /** OCR for pages without a text layer (OCR_ENABLED, OCR_LANGUAGES). */
  ocr?: { languages: string[] } | undefined;
}

/**
 * An uploaded invoice → the extractor's Invoice, in a child process. An XML upload (XRechnung, UBL, CII)
 * is read as structured data; a PDF gives its text and embedded files, and an embedded e-invoice wins
 * over the print (checked against it). Every failure the same bytes would repeat (corrupt, encrypted,
 * image-only, too long, unsafe XML, not an invoice) is permanent.
 */
export async function extractInvoiceFile(
  input: ExtractInvoiceFileInput,
  ctx: ChildContext,
): Promise<Invoice> {
  // IPC may deliver a Buffer, which pdf.js refuses; view the same bytes as a plain Uint8Array.
  const bytes = new Uint8Array(input.file.buffer, input.file.byteOffset, input.file.byteLength);
  if (looksLikeXml(bytes)) {
    ctx.progress(60, 'Reading invoice fields...');
    const xml = readEInvoiceXml(bytes);
    if (xml.error) throw new PermanentJobError(xml.error.code, xml.error.message);
    return xml.invoice;
  }
  let content;
  try {
    content = await extractPdfContent(bytes, {
      password: input.password,
      maxPages: INVOICE_MAX_PAGES,
      signal: ctx.signal,
      attachments: true,
      ocr: input.ocr && {
        languages: input.ocr.languages,
        onPage: (page, count) =>
          ctx.progress(30 + Math.floor(((page - 1) / count) * 30), `Recognizing page ${page} of ${count}...`),
      },
    });
  } catch (error) {
    if (error instanceof PdfExtractionError) throw new PermanentJobError(error.code, error.message);
    throw error;
  }
  ctx.progress(60, 'Reading invoice fields...');
  const result = readInvoiceDocument(content);
  if (result.error) throw new PermanentJobError(result.error.code, result.error.message);
  const ocr = content.text.ocr;
  if (ocr && result.invoice.source === 'text') {
    result.invoice.ocr = {
      pages: ocr.pages.map((page) => page.pageNumber),
      meanConfidence: ocr.meanConfidence,
    };
  }
  return result.invoice;
}
