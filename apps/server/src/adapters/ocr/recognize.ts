import { mkdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import tesseract from 'tesseract.js';
import type { TextItem } from '../../domain/document-text.js';
import { ocrLanguageDir } from './languages.js';

/** One page's words as positioned text items (points, top-left origin), with the page's confidence. */
export interface RecognizedPage {
  items: TextItem[];
  /** Mean word confidence, 0–100 (Tesseract's). */
  confidence: number;
  wordCount: number;
  /** The skew Tesseract found and removed before reading, in degrees. */
  skewDegrees: number;
}

export interface RecognizeOptions {
  /** The image's pixels per PDF point (300 dpi = 300 / 72); positions are divided by it. */
  pixelsPerPoint: number;
  signal?: AbortSignal | undefined;
}

/** Cap height of common text faces as a share of the em (Helvetica 0.72, Times 0.66, Courier 0.57). */
const CAP_HEIGHT_EM = 0.7;
/** Words without a letter or digit read below this confidence are specks of noise, not text. */
const NOISE_CONFIDENCE = 60;
/** Starting a worker loads ~3 MB of model per language; far longer means something is broken. */
const START_TIMEOUT_MS = 60_000;

type Worker = Awaited<ReturnType<typeof tesseract.createWorker>>;
type Page = Awaited<ReturnType<Worker['recognize']>>['data'];

/**
 * OCR with tesseract.js (Tesseract's LSTM engine compiled to WebAssembly, in a worker thread of this
 * process, so the child's memory cap covers it). Language data comes from the `@tesseract.js-data/<code>`
 * npm packages and is never fetched: `langPath` points at the installed data, caching is off. One
 * engine reads one document's pages in turn; `close()` ends its thread and frees its memory.
 */
export class OcrEngine {
  private worker: Promise<Worker> | undefined;

  constructor(private readonly languages: readonly string[]) {
    if (languages.length === 0) throw new Error('OCR needs at least one language');
  }

  /** Recognizes one page image (PNG, JPEG, BMP, TIFF bytes), deskewed first. */
  async recognize(image: Uint8Array, options: RecognizeOptions): Promise<RecognizedPage> {
    options.signal?.throwIfAborted();
    const worker = await this.start();
    const signal = options.signal;
    let onAbort: (() => void) | undefined;
    const abort = new Promise<never>((_, reject) => {
      onAbort = () => {
        // The thread may be mid-page for seconds: end it rather than wait.
        void this.close();
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const { data } = await Promise.race([
        worker.recognize(
          Buffer.from(image.buffer, image.byteOffset, image.byteLength),
          // The resolution is known; Tesseract would otherwise estimate it and say so on stderr.
          { rotateAuto: true, user_defined_dpi: String(Math.round(options.pixelsPerPoint * 72)) } as never,
          { text: false, blocks: true },
        ),
        abort,
      ]);
      return toItems(data, options.pixelsPerPoint);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }

  private start(): Promise<Worker> {
    this.worker ??= withTimeout(
      tesseract.createWorker([...this.languages], tesseract.OEM.LSTM_ONLY, {
        ...languageSource(this.languages),
        cacheMethod: 'none',
        // Without a handler, tesseract.js throws a failed job's error from its message listener (an
        // uncaught exception); the job's promise rejects either way.
        errorHandler: () => undefined,
        logger: () => undefined,
      }),
      START_TIMEOUT_MS,
      'The OCR engine did not start',
    );
    return this.worker;
  }
}

/**
 * tesseract.js reads every language from one folder (`langPath/<code>.traineddata.gz`). One language:
 * its package's folder. Several: a folder of links to each package's file, made once per set (the
 * language packages live in separate folders).
 */
function languageSource(languages: readonly string[]): { langPath: string; cachePath: string; gzip: true } {
  const dirs = languages.map((code) => {
    const dir = ocrLanguageDir(code);
    if (!dir) throw new Error(`No OCR data is installed for language ${code} (@tesseract.js-data/${code})`);
    return { code, file: path.join(dir, `${code}.traineddata.gz`), dir };
  });
  if (dirs.length === 1) return { langPath: dirs[0]!.dir, cachePath: dirs[0]!.dir, gzip: true };
  const key = createHash('sha256')
    .update(dirs.map((d) => d.file).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const folder = path.join(os.tmpdir(), `ledgerflow-ocr-${key}`);
  mkdirSync(folder, { recursive: true });
  for (const { code, file } of dirs) {
    const link = path.join(folder, `${code}.traineddata.gz`);
    let current: string | undefined;
    try {
      current = realpathSync(link);
    } catch {
      current = undefined;
    }
    if (current === realpathSync(file)) continue;
    rmSync(link, { force: true });
    try {
      symlinkSync(file, link);
    } catch (error) {
      // Another process made the same link meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { langPath: folder, cachePath: folder, gzip: true };
}

interface LineWord {
  text: string;
  x0: number;
  x1: number;
  base: number;
  fontPx: number;
  confidence: number;
}

/**
 * "16,467 75" → "16,467.75": a decimal point lost to a low-resolution scan leaves a grouped figure and
 * two digits a space apart. Only where the grouping tells the decimal separator (a comma groups, so the
 * point was lost; a point groups, so the comma was), and the joined word keeps the lower confidence, so
 * the row is flagged for review. A wrong join would be caught like any misread: by the balances.
 */
function joinSplitDecimals(words: LineWord[]): LineWord[] {
  const out: LineWord[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const next = words[i + 1];
    const grouped = /^[-(]?\d{1,3}(?:([,.])\d{3})+$/.exec(word.text);
    if (
      grouped &&
      next &&
      /^\d{2}(?:\)|-|CR|DR|Cr|Dr)?$/.test(next.text) &&
      next.x0 - word.x1 < 0.6 * word.fontPx
    ) {
      out.push({
        ...word,
        text: `${word.text}${grouped[1] === ',' ? '.' : ','}${next.text}`,
        x1: next.x1,
        confidence: Math.min(word.confidence, next.confidence, LOW_JOIN_CONFIDENCE),
      });
      i += 1;
      continue;
    }
    out.push(word);
  }
  return out;
}

/** A figure whose separator was guessed is never reported as read with confidence. */
const LOW_JOIN_CONFIDENCE = 50;

/**
 * Tesseract's lines → text items shaped like pdf.js's: one item per word, `y` its top edge at one font
 * size above the line's baseline, `fontSize` from the line's cap height, so the statement and invoice
 * layouts group and split them exactly as they do a text layer.
 */
function toItems(page: Page, pixelsPerPoint: number): RecognizedPage {
  const items: TextItem[] = [];
  let confidenceSum = 0;
  let wordCount = 0;
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const { baseline, bbox } = line;
        const slope =
          baseline.x1 !== baseline.x0 ? (baseline.y1 - baseline.y0) / (baseline.x1 - baseline.x0) : 0;
        const baselineAt = (x: number) => baseline.y0 + slope * (x - baseline.x0);
        const words: LineWord[] = [];
        for (const word of line.words) {
          const text = normalizeWord(word.text);
          if (text === '') continue;
          if (isNoise(text, word.confidence)) continue;
          const { x0, x1 } = word.bbox;
          const base = baselineAt((x0 + x1) / 2);
          const capHeight = Math.max(base - bbox.y0, 1);
          const fontPx = Math.min(
            Math.max(line.rowAttributes?.rowHeight ?? 0, capHeight / CAP_HEIGHT_EM),
            (bbox.y1 - bbox.y0) * 1.6,
          );
          words.push({ text, x0, x1, base, fontPx, confidence: word.confidence });
          confidenceSum += word.confidence;
          wordCount += 1;
        }
        for (const word of joinSplitDecimals(words)) {
          items.push({
            text: word.text,
            x: word.x0 / pixelsPerPoint,
            y: (word.base - word.fontPx) / pixelsPerPoint,
            width: (word.x1 - word.x0) / pixelsPerPoint,
            height: word.fontPx / pixelsPerPoint,
            fontSize: word.fontPx / pixelsPerPoint,
            confidence: Math.round(word.confidence * 10) / 10,
          });
        }
      }
    }
  }
  return {
    items,
    confidence: wordCount > 0 ? Math.round((confidenceSum / wordCount) * 10) / 10 : 0,
    wordCount,
    skewDegrees: Math.round((((page.rotateRadians ?? 0) * 180) / Math.PI) * 100) / 100,
  };
}

/**
 * Tesseract's typography → what a text layer would hold: curly quotes straight, dashes as hyphen-minus
 * (a minus sign is often read as an en dash), and a stray quote mark before a word dropped (dust beside
 * a capital reads as ‘; statements do not open words with an apostrophe), and a stray stop after a
 * figure that has its separators already.
 */
function normalizeWord(raw: string): string {
  return (
    raw
      .trim()
      .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/^['"`]+(?=[\p{L}\p{N}])/u, '')
      // ".8,308.63Cr" / "--6.905,74": dust before a figure that has its separators already, a doubled minus.
      .replace(/^[.,:;'`]+(?=\d[\d,.' ]*[.,]\d{2}\b)/u, '')
      .replace(/^-{2,}(?=\d)/u, '-')
      // "529.92." / "07/03/2026." : dust after a figure that already has its separator reads as a stop.
      .replace(/(\d[.,/'\s]\d+)[.,:;'`]+$/u, '$1')
  );
}

/**
 * Specks Tesseract still read as text: no letter or digit, or one or two letters, with low confidence.
 * Anything with a digit stays (a misread amount must reach reconciliation, not vanish).
 */
function isNoise(text: string, confidence: number): boolean {
  // A lone stop, colon or quote is dust beside the text, whatever Tesseract's confidence in it.
  if (/^[.,:;'"`~_|!]$/.test(text)) return true;
  if (confidence >= NOISE_CONFIDENCE) return false;
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  return text.length <= 2 && !/\p{N}/u.test(text) && confidence < NOISE_CONFIDENCE / 2;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
