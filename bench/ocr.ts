/**
 * OCR cost: scanned statements (the generator's `dmy-signed` layout rasterized at 200 dpi, skewed,
 * speckled, stamped, JPEG) of 1, 10 (and, with `--pages 1,10,50`, 50) pages read by
 * extractDocumentText with OCR, in this process as the worker's child process runs it (tesseract.js
 * runs in a worker thread of the same process, so both figures include it). Prints wall and CPU
 * seconds per page (CPU counts every thread), Tesseract's mean confidence, and the peak resident memory
 * above the process's start (sampled every 20 ms) next to the child's cap (CHILD_MEMORY_MB, 1024).
 *
 *   npx tsx bench/ocr.ts [--pages 1,10] [--languages eng]
 */
import { parseArgs } from 'node:util';
import { extractDocumentText, loadPdfWorker } from '../apps/server/src/adapters/pdf/index.js';
import { parseStatementText, reconcile } from '../apps/server/src/domain/statements/index.js';
import { generateScannedStatement } from '../apps/server/test/generators/statements/index.js';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '1,10' },
    languages: { type: 'string', default: 'eng' },
  },
});
const ROWS_PER_PAGE = 55;
const MB = 1024 * 1024;

await loadPdfWorker();
const table = [];
for (const pages of values.pages.split(',').map(Number)) {
  const { scanned, expected } = await generateScannedStatement('dmy-signed', {
    seed: 5,
    count: Math.max(5, pages * ROWS_PER_PAGE - 20),
    scan: { dpi: 200, skewDegrees: 0.6, noise: 0.0003, watermark: true, jpegQuality: 70 },
  });
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const doc = await extractDocumentText(scanned, {
    maxPages: 1000,
    ocr: { languages: values.languages.split('+') },
  });
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const parsed = parseStatementText(doc);
  const exact =
    'error' in parsed
      ? 0
      : expected.transactions.filter((want, i) => {
          const got = parsed.statement.transactions[i];
          return (
            got?.date === want.date &&
            got.amountMinor === want.amountMinor &&
            got.description === want.description
          );
        }).length;
  table.push({
    pages: doc.pages.length,
    'wall s/page': +(wall / doc.pages.length).toFixed(2),
    'CPU s/page': +((used.user + used.system) / 1e6 / doc.pages.length).toFixed(2),
    'mean confidence': doc.ocr?.meanConfidence ?? 0,
    'peak MB over start': Math.round((peak - base) / MB),
    'rows exact': `${exact}/${expected.transactions.length}`,
    reconciled: 'error' in parsed ? parsed.error.code : reconcile(parsed.statement).reconciled,
  });
}
console.table(table);
