/**
 * PDF statement import end to end: for generated statements of 100, 1,000 and 10,000 transactions, the
 * time from the upload request to the parse_statement task's SUCCESS (HTTP upload, queue, child process,
 * pdf.js, layout parser, reconciliation, save, categorization), beside the time pdf.js alone takes to
 * extract the same PDF's text in this process, and its share of the whole. Aim (issue 4): 1,000
 * transactions under 1 s end to end; parsing overhead beyond pdf.js's own extraction under 50 %.
 *
 *   npx tsx bench/parse.ts [--layout dmy-signed] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { generateStatement } from '../apps/server/test/generators/statements/index.js';
import { startBenchService, type BenchService } from './support.js';

const { values } = parseArgs({
  options: { layout: { type: 'string', default: 'dmy-signed' }, runs: { type: 'string', default: '3' } },
});
const runs = Math.max(1, Number(values.runs));
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

async function importOnce(service: BenchService, pdf: Uint8Array): Promise<{ ms: number; rows: number }> {
  const form = new FormData();
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'statement.pdf');
  const started = performance.now();
  const res = await service.api('/upload_pdf_async', { method: 'POST', body: form });
  if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const { task_id } = (await res.json()) as { task_id: string };
  const view = await service.waitForTask(task_id, 5);
  const ms = performance.now() - started;
  if (view.status !== 'SUCCESS') throw new Error(JSON.stringify(view));
  const out = (await (await service.api(`/tasks/${task_id}/result`)).json()) as {
    result: { transaction_count: number; duplicate_count: number };
  };
  return { ms, rows: out.result.transaction_count + out.result.duplicate_count };
}

const service = await startBenchService({ WORKER_CONCURRENCY: '2', PDF_MAX_PAGES: '2000' });
try {
  const table = [];
  const warm = await generateStatement(values.layout, { seed: 1, count: 50 });
  await importOnce(service, warm.pdf);
  for (const count of [100, 1_000, 10_000]) {
    const { pdf, expected } = await generateStatement(values.layout, { seed: 42, count });
    const endToEnd: number[] = [];
    const extract: number[] = [];
    let pages = 0;
    for (let run = 0; run < runs; run++) {
      // Each run is a new statement for the account (another seed), so nothing is a duplicate.
      const fresh = run === 0 ? pdf : (await generateStatement(values.layout, { seed: 42 + run, count })).pdf;
      const { ms, rows } = await importOnce(service, fresh);
      if (rows !== expected.transactions.length)
        throw new Error(`expected ${expected.transactions.length} rows, got ${rows}`);
      endToEnd.push(ms);
      const t0 = performance.now();
      pages = (await extractDocumentText(fresh, { maxPages: 2000 })).pages.length;
      extract.push(performance.now() - t0);
    }
    const total = median(endToEnd);
    const pdfjs = median(extract);
    table.push({
      transactions: count,
      pages,
      'end to end ms': Math.round(total),
      'pdf.js extract ms': Math.round(pdfjs),
      'pdf.js share': `${Math.round((pdfjs / total) * 100)} %`,
      'overhead beyond pdf.js': `${Math.round(((total - pdfjs) / pdfjs) * 100)} %`,
    });
  }
  console.log(`layout ${values.layout}, median of ${runs} runs`);
  console.table(table);
} finally {
  await service.close();
}
process.exit(0);
