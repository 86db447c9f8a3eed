import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { seeded } from '../random.js';
import { renderPdf } from './render-pdf.js';

export interface ScanOptions {
  /** Scanner resolution; 200 dpi is a common office default. */
  dpi?: number | undefined;
  /** Page rotation in degrees (a sheet fed slightly crooked). */
  skewDegrees?: number | undefined;
  /** Share of pixels turned into specks of dust, 0–1. */
  noise?: number | undefined;
  /** JPEG quality 1–100. */
  jpegQuality?: number | undefined;
  /** A light grey stamp behind the text on every page. */
  watermark?: boolean | undefined;
  seed?: number | undefined;
}

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * A text PDF → the same pages as a scanner would give them: each page rasterized (pdf.js onto
 * @napi-rs/canvas), rotated a little, speckled with noise, optionally stamped, JPEG-compressed and
 * wrapped into an image-only PDF (pdfkit) of the same page size. No text layer survives.
 */
export async function scanPdf(textPdf: Uint8Array, options: ScanOptions = {}): Promise<Uint8Array> {
  const pages = await scanPages(textPdf, options);
  return renderPdf(
    (pdf) => {
      pages.forEach((page, index) => {
        if (index > 0) pdf.addPage({ size: [page.width, page.height], margin: 0 });
        pdf.image(page.jpeg, 0, 0, { width: page.width, height: page.height });
      });
    },
    {
      size: [pages[0]?.width ?? 595.28, pages[0]?.height ?? 841.89],
      info: { Producer: 'Ledgerflow scanner' },
    },
  );
}

/** A scanned page: JPEG bytes and the page size in points. */
export interface ScannedPage {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** The pages of a text PDF as a scanner gives them (see scanPdf), to place into a PDF of one's own. */
export async function scanPages(textPdf: Uint8Array, options: ScanOptions = {}): Promise<ScannedPage[]> {
  const dpi = options.dpi ?? 200;
  const random = seeded(options.seed ?? 1);
  const doc = await getDocument({
    data: textPdf.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
    cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
    cMapPacked: true,
    verbosity: VerbosityLevel.ERRORS,
  }).promise;
  const pages: ScannedPage[] = [];
  try {
    for (let number = 1; number <= doc.numPages; number += 1) {
      const page = await doc.getPage(number);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      const flat = createCanvas(width, height);
      const flatContext = flat.getContext('2d');
      flatContext.fillStyle = '#ffffff';
      flatContext.fillRect(0, 0, width, height);
      await page.render({ canvas: flat as never, canvasContext: flatContext as never, viewport }).promise;

      const sheet = createCanvas(width, height);
      const context = sheet.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      context.translate(width / 2, height / 2);
      context.rotate(((options.skewDegrees ?? 0) * Math.PI) / 180);
      context.drawImage(flat, -width / 2, -height / 2);
      context.setTransform(1, 0, 0, 1, 0, 0);
      if (options.watermark) stamp(context, width, height);
      speckle(context, width, height, options.noise ?? 0, random.next);
      pages.push({
        jpeg: await sheet.encode('jpeg', options.jpegQuality ?? 75),
        width: (width * 72) / dpi,
        height: (height * 72) / dpi,
      });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

type Context = ReturnType<ReturnType<typeof createCanvas>['getContext']>;

/** Light grey rings and a band, darkening only what is lighter (text stays black). */
function stamp(context: Context, width: number, height: number): void {
  context.save();
  context.globalCompositeOperation = 'darken';
  context.strokeStyle = '#d8d8d8';
  context.lineWidth = width / 60;
  context.beginPath();
  context.arc(width / 2, height / 2, width / 4, 0, Math.PI * 2);
  context.stroke();
  context.translate(width / 2, height / 2);
  context.rotate(-Math.PI / 5);
  context.fillStyle = '#ececec';
  context.fillRect(-width / 2, -height / 40, width, height / 20);
  context.restore();
}

/** Dust: dark specks of one to two pixels, and a faint grain everywhere. */
function speckle(context: Context, width: number, height: number, share: number, random: () => number) {
  const image = context.getImageData(0, 0, width, height);
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    const grain = Math.round((random() - 0.5) * 24);
    let value = data[i]! + grain;
    if (share > 0 && random() < share) value = 40 + random() * 80;
    value = Math.max(0, Math.min(255, value));
    data[i] = value;
    data[i + 1] = value;
    data[i + 2] = value;
  }
  context.putImageData(image, 0, 0);
}
