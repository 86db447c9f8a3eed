/**
 * Loads pdf.js's worker code into this thread now. pdf.js runs its "fake worker" from
 * `globalThis.pdfjsWorker` when that is set, and otherwise imports the 2 MB worker module on the first
 * document; a child process loads it at start, so its first job is not slower than the rest and the
 * memory it measures at start already includes the parser.
 */
export async function loadPdfWorker(): Promise<void> {
  // A variable specifier: the package ships no types for the worker module, and none are needed.
  const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  await import(workerModule);
}
