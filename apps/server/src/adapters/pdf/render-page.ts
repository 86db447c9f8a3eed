import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { despeckle } from '../ocr/index.js';

/** OCR reads best at ~300 dpi: an 8 pt figure is then ~33 px tall. */
export const OCR_DPI = 300;
/** A poster-sized page is read at a lower resolution rather than as a 100-megapixel image. */
const MAX_SIDE_PX = 5000;

export interface PageImage {
  /** PNG bytes, white background. */
  png: Uint8Array;
  pixelsPerPoint: number;
  width: number;
  height: number;
}

/**
 * Renders a page with pdf.js onto a `@napi-rs/canvas` canvas (the canvas pdf.js itself uses in Node;
 * prebuilt binaries, no install script), at `dpi` or less for very large pages.
 */
export async function renderPageImage(page: PDFPageProxy, dpi = OCR_DPI): Promise<PageImage> {
  const unscaled = page.getViewport({ scale: 1 });
  const scale = Math.min(dpi / 72, MAX_SIDE_PX / Math.max(unscaled.width, unscaled.height, 1));
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({
    canvas: canvas as never,
    canvasContext: context as never,
    viewport,
  }).promise;
  // Dust: up to ~1 pt across, with ~2 pt of clear paper around it (a decimal point has a digit closer).
  const pixels = context.getImageData(0, 0, width, height);
  const specks = despeckle(pixels.data, width, height, {
    maxSide: Math.max(2, Math.round(scale * 1.2)),
    margin: Math.max(3, Math.round(scale * 2)),
  });
  if (specks > 0) context.putImageData(pixels, 0, 0);
  const png = await canvas.encode('png');
  return {
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    pixelsPerPoint: scale,
    width,
    height,
  };
}
