/**
 * Statement PDF generator for tests and benchmarks: renders a seeded scenario in one of LAYOUTS and
 * returns the PDF with its known answer.
 *
 *   generateStatement(layoutId, { seed?, count?, tamperRow? }) → Promise<{ pdf: Uint8Array, expected: ExpectedStatement, layout }>
 *     tamperRow: that row's printed amount has one digit changed while every balance stays as it was
 *     (what a misread digit looks like to the parser); `expected` holds the printed, wrong amount.
 *   generateScannedStatement(layoutId, { ...same, scan? }) → the same, plus `scanned`: the PDF as an
 *     image-only scan (scan.ts: rasterized, skewed, noisy, JPEG), and `textPdf`.
 *
 * The same seed and count always give the same bytes' text and the same answer (100 / 1,000 / 10,000
 * transactions all work; 10,000 renders ~280 pages).
 */
import { LAYOUTS } from './layouts.js';
import { type ExpectedStatement, type LayoutSpec, renderLayout } from './render.js';
import { makeScenario } from './scenario.js';
import { type ScanOptions, type ScannedPage, scanPages, scanPdf } from './scan.js';

export {
  LAYOUTS,
  scanPages,
  scanPdf,
  type ExpectedStatement,
  type LayoutSpec,
  type ScanOptions,
  type ScannedPage,
};

export interface GenerateOptions {
  seed?: number | undefined;
  count?: number | undefined;
  tamperRow?: number | undefined;
}

export async function generateStatement(layoutId: string, options: GenerateOptions = {}) {
  const layout = LAYOUTS.find((candidate) => candidate.id === layoutId);
  if (!layout) throw new Error(`Unknown statement layout ${layoutId}`);
  const scenario = makeScenario({ ...layout.scenario, seed: options.seed ?? 1, count: options.count ?? 100 });
  if (options.tamperRow !== undefined) {
    const tx = scenario.transactions[options.tamperRow];
    if (!tx) throw new RangeError(`No row ${options.tamperRow} to tamper with`);
    tx.amountMinor = changeOneDigit(tx.amountMinor);
  }
  const { pdf, expected } = await renderLayout(layout, scenario);
  return { pdf, expected, layout };
}

/** The statement and its scan (an image-only PDF of the same pages). */
export async function generateScannedStatement(
  layoutId: string,
  options: GenerateOptions & { scan?: ScanOptions | undefined } = {},
) {
  const generated = await generateStatement(layoutId, options);
  const scanned = await scanPdf(generated.pdf, { seed: options.seed, ...options.scan });
  return { ...generated, textPdf: generated.pdf, scanned };
}

/** 357.62 → 357.82: the tens-of-cents digit moved by two, the sign kept. */
function changeOneDigit(amountMinor: number): number {
  const tens = Math.floor(Math.abs(amountMinor) / 10) % 10;
  const delta = ((tens + 2) % 10) - tens;
  return amountMinor + Math.sign(amountMinor || 1) * delta * 10;
}
