/**
 * PDF adapter: bytes → positioned text (domain/document-text.ts), with pdf.js.
 *
 *   extractDocumentText(data, { password?, maxPages?, onPage?, signal? }) → Promise<DocumentText>
 *     onPage(pagesDone, pageCount) after each page; an aborted signal rejects with its reason.
 *   extractPdfContent(data, { ...same, attachments: true }) → Promise<{ text, attachments }>
 *     the embedded files too (Factur-X / ZUGFeRD XML), from the same opening of the document.
 *   PdfExtractionError { code }: PDF_INVALID (empty, truncated, corrupt), PDF_PASSWORD_REQUIRED,
 *     PDF_PASSWORD_INCORRECT, PDF_NO_TEXT_LAYER (scanned/image-only), PDF_TOO_MANY_PAGES.
 *
 *   loadPdfWorker() loads pdf.js's worker code now rather than on the first document (child processes).
 *
 * Every code is a permanent failure: retrying the same bytes gives the same answer.
 */
export {
  extractDocumentText,
  extractPdfContent,
  type EmbeddedFile,
  type ExtractOptions,
  type PdfContent,
} from './extract-text.js';
export { PdfErrorCode, PdfExtractionError } from './errors.js';
export { loadPdfWorker } from './load-worker.js';
