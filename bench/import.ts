/**
 * End-to-end statement import: HTTP upload → parse_statement job (child process parse) → saved,
 * reconciled transactions, for a 100,000-row bank CSV (issue aim: under 3 s) and generated PDF
 * statements. Times from the upload request to the task's SUCCESS as seen by polling every 10 ms.
 *
 *   npx tsx bench/import.ts [csvRows=100000] [pdfRows=1000]
 */
import { generateStatement as generatePdf } from '../apps/server/test/generators/statements/index.js';
import {
  generateStatement,
  PLAIN_CSV,
  renderCsv,
} from '../apps/server/test/generators/exports/statement-generator.js';
import { startBenchService, type BenchService } from './support.js';

const csvRows = Number(process.argv[2] ?? 100_000);
const pdfRows = Number(process.argv[3] ?? 1000);

async function timeImport(service: BenchService, name: string, bytes: Uint8Array, type: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const t0 = performance.now();
  const res = await service.api('/statements/import_async', { method: 'POST', body: form });
  if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const { task_id } = (await res.json()) as { task_id: string };
  const uploaded = performance.now();
  const view = await service.waitForTask(task_id);
  const done = performance.now();
  if (view.status !== 'SUCCESS') throw new Error(`${name}: ${JSON.stringify(view)}`);
  const result = (await (await service.api(`/tasks/${task_id}/result`)).json()) as {
    result: { transaction_count: number; reconciled: boolean };
  };
  return {
    file: name,
    'size KiB': Math.round(bytes.byteLength / 1024),
    rows: result.result.transaction_count,
    reconciled: result.result.reconciled,
    'upload ms': Math.round(uploaded - t0),
    'end to end ms': Math.round(done - t0),
  };
}

const service = await startBenchService({ WORKER_CONCURRENCY: '2', PDF_MAX_PAGES: '2000' });
try {
  const results = [];
  // Warm-up: the child process, pdf.js and the database's plans.
  const warm = generateStatement({ seed: 99, rows: 100 });
  await timeImport(service, 'warm.csv', renderCsv(warm, PLAIN_CSV), 'text/csv');

  for (const [seed, rows] of [
    [1, 10_000],
    [2, csvRows],
  ] as const) {
    const csv = renderCsv(generateStatement({ seed, rows }), PLAIN_CSV);
    results.push(await timeImport(service, `${rows}-rows.csv`, csv, 'text/csv'));
  }
  for (const rows of [100, pdfRows]) {
    const { pdf } = await generatePdf('dmy-signed', { seed: rows, count: rows });
    results.push(await timeImport(service, `${rows}-rows.pdf`, pdf, 'application/pdf'));
  }
  console.table(results);
} finally {
  await service.close();
}
process.exit(0);
