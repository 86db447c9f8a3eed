import { createRequire } from 'node:module';
import path from 'node:path';
import {
  type PDFDocumentProxy,
  type PDFPageProxy,
  PasswordResponses,
  Util,
  VerbosityLevel,
  getDocument,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem as PdfTextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { DocumentText, OcrSummary, PageText, TextItem } from '../../domain/document-text.js';
import { OcrEngine } from '../ocr/index.js';
import { PdfErrorCode, PdfExtractionError } from './errors.js';
import { renderPageImage } from './render-page.js';

export interface ExtractOptions {
  password?: string | undefined;
  /** Refuse documents with more pages than this; 500 by default (a year of daily statements is ~60). */
  maxPages?: number | undefined;
  /** Called after each page, for per-page progress on long statements. */
  onPage?: ((pagesDone: number, pageCount: number) => void) | undefined;
  /** Checked between pages: a cancelled job stops within one page's work and rejects with the reason. */
  signal?: AbortSignal | undefined;
  /**
   * Read pages that have no text layer (scans, photos) by OCR in these languages: each such page is
   * rendered at 300 dpi and its words recognized with their positions. Without it, a document with no
   * text at all fails PDF_NO_TEXT_LAYER as before.
   */
  ocr?: OcrOptions | undefined;
}

export interface OcrOptions {
  languages: readonly string[];
  /** Called before a page is recognized (seconds of work each): "Recognizing page k of n". */
  onPage?: ((pageNumber: number, pageCount: number) => void) | undefined;
}

const DEFAULT_MAX_PAGES = 500;

// pdf.js reads predefined CMaps (needed to decode text in CID-keyed fonts) and standard font data from
// its own package directory; Node's loaders take plain file paths with a trailing slash.
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_DIR = path.join(pdfjsRoot, 'cmaps') + path.sep;
const FONT_DIR = path.join(pdfjsRoot, 'standard_fonts') + path.sep;

/** A file embedded in a PDF (PDF/A-3 attachments carry Factur-X / ZUGFeRD XML). */
export interface EmbeddedFile {
  fileName: string;
  content: Uint8Array;
}

export interface PdfContent {
  text: DocumentText;
  attachments: EmbeddedFile[];
}

/** Attachments larger than this are skipped: an e-invoice XML is kilobytes, 16 MiB with attachments of its own. */
const MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024;
const MAX_ATTACHMENTS = 20;

/**
 * Extracts positioned text from a PDF with pdf.js, in this thread (pdf.js's "fake worker"; the job system
 * already isolates parsing in a child process). Document scripts never run (`isEvalSupported: false`, no
 * XFA), fonts are not turned into font faces, and y is mapped to a top-left origin. Throws
 * `PdfExtractionError` with a code for every way a file can fail to give text.
 */
export async function extractDocumentText(
  data: Uint8Array,
  options: ExtractOptions = {},
): Promise<DocumentText> {
  return (await extractPdfContent(data, options)).text;
}

/**
 * The text and, with `attachments: true`, the embedded files (at most 20, each at most 16 MiB) from one
 * opening of the document. A PDF without a text layer but with attachments is not an error then: an
 * e-invoice's XML stands for its print.
 */
export async function extractPdfContent(
  data: Uint8Array,
  options: ExtractOptions & { attachments?: boolean | undefined } = {},
): Promise<PdfContent> {
  if (data.byteLength === 0) throw new PdfExtractionError(PdfErrorCode.invalid, 'The file is empty.');
  const task = getDocument({
    // pdf.js may take ownership of the buffer; the caller keeps theirs.
    data: data.slice(),
    password: options.password,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    verbosity: VerbosityLevel.ERRORS,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    throw openFailure(error, options.password);
  }
  try {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    if (doc.numPages > maxPages) {
      throw new PdfExtractionError(
        PdfErrorCode.tooManyPages,
        `The document has ${doc.numPages} pages; the limit is ${maxPages}.`,
      );
    }
    const pages: PageText[] = [];
    const engine = options.ocr ? new OcrEngine(options.ocr.languages) : undefined;
    const recognized: OcrSummary['pages'] = [];
    try {
      for (let number = 1; number <= doc.numPages; number += 1) {
        options.signal?.throwIfAborted();
        const page = await doc.getPage(number);
        let text = await readPage(page, number);
        if (engine && text.items.length === 0) {
          options.ocr?.onPage?.(number, doc.numPages);
          const image = await renderPageImage(page);
          const read = await engine.recognize(image.png, {
            pixelsPerPoint: image.pixelsPerPoint,
            signal: options.signal,
          });
          text = { ...text, items: read.items };
          recognized.push({ pageNumber: number, confidence: read.confidence, wordCount: read.wordCount });
        }
        page.cleanup();
        pages.push(text);
        options.onPage?.(number, doc.numPages);
      }
    } finally {
      await engine?.close();
    }
    const attachments = options.attachments ? await readAttachments(doc) : [];
    if (!pages.some((page) => page.items.length > 0) && attachments.length === 0) {
      throw new PdfExtractionError(
        PdfErrorCode.noTextLayer,
        engine
          ? 'The PDF has no text layer, and OCR found no text on its pages.'
          : 'The PDF has no text layer: it looks scanned or image-only. Export the statement from online banking, or run it through OCR first.',
      );
    }
    const ocr = summarize(recognized);
    return { text: { pages, metadata: await readMetadata(doc), ...(ocr && { ocr }) }, attachments };
  } catch (error) {
    if (error instanceof PdfExtractionError || options.signal?.aborted) throw error;
    throw new PdfExtractionError(PdfErrorCode.invalid, `The PDF could not be read: ${messageOf(error)}`, {
      cause: error,
    });
  } finally {
    await doc.destroy();
  }
}

async function readAttachments(doc: PDFDocumentProxy): Promise<EmbeddedFile[]> {
  const found = ((await doc.getAttachments()) ?? {}) as Record<
    string,
    { filename?: unknown; content?: unknown } | undefined
  >;
  const files: EmbeddedFile[] = [];
  for (const entry of Object.values(found).slice(0, MAX_ATTACHMENTS)) {
    const { filename, content } = entry ?? {};
    if (typeof filename !== 'string' || !(content instanceof Uint8Array)) continue;
    if (content.byteLength > MAX_ATTACHMENT_BYTES) continue;
    files.push({ fileName: filename, content });
  }
  return files;
}

async function readPage(page: PDFPageProxy, pageNumber: number): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items: TextItem[] = [];
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = toTextItem(raw, viewport.transform);
    if (item) items.push(item);
  }
  return { pageNumber, width: viewport.width, height: viewport.height, items };
}

/** The item's baseline in viewport space (top-left origin, rotation applied) gives its top edge. */
function toTextItem(raw: PdfTextItem, viewportTransform: number[]): TextItem | undefined {
  if (raw.str.trim() === '') return undefined;
  const [a, b, c, d, e, f] = Util.transform(viewportTransform, raw.transform) as number[];
  const fontSize = Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0);
  const baseline = f ?? 0;
  return {
    text: raw.str,
    x: e ?? 0,
    y: baseline - fontSize,
    width: raw.width,
    height: raw.height || fontSize,
    fontSize,
    fontName: raw.fontName,
  };
}

function summarize(pages: OcrSummary['pages']): OcrSummary | undefined {
  if (pages.length === 0) return undefined;
  const words = pages.reduce((sum, page) => sum + page.wordCount, 0);
  const weighted = pages.reduce((sum, page) => sum + page.confidence * page.wordCount, 0);
  return { pages, meanConfidence: words > 0 ? Math.round((weighted / words) * 10) / 10 : 0 };
}

async function readMetadata(doc: PDFDocumentProxy): Promise<DocumentText['metadata']> {
  const { info } = await doc.getMetadata();
  const field = (name: string): string | undefined => {
    const value = (info as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  return {
    title: field('Title'),
    author: field('Author'),
    creator: field('Creator'),
    producer: field('Producer'),
  };
}

function openFailure(error: unknown, password: string | undefined): PdfExtractionError {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | undefined)?.code;
  if (name === 'PasswordException') {
    if (code === PasswordResponses.INCORRECT_PASSWORD || password !== undefined) {
      return new PdfExtractionError(PdfErrorCode.passwordIncorrect, 'The password is incorrect.', {
        cause: error,
      });
    }
    return new PdfExtractionError(
      PdfErrorCode.passwordRequired,
      'The PDF is encrypted; a password is required.',
      {
        cause: error,
      },
    );
  }
  return new PdfExtractionError(PdfErrorCode.invalid, `Not a readable PDF: ${messageOf(error)}`, {
    cause: error,
  });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
