/**
 * Parsing-core benchmark: for generated statements of 100, 1,000 and 10,000 transactions, the time pdf.js
 * takes to extract text versus the time our parser and reconciliation add on top.
 * Run: npx tsx bench/parse-core.ts [--layout dmy-signed] [--runs 3]
 * Aim (issue 4): our overhead under 50 % of pdf.js's own time; 1,000 transactions well under 1 s in total.
 */
import { parseArgs } from 'node:util';
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { parseStatementText, reconcile } from '../apps/server/src/domain/statements/index.js';
import { generateStatement } from '../apps/server/test/generators/statements/index.js';

const { values } = parseArgs({
  options: { layout: { type: 'string', default: 'dmy-signed' }, runs: { type: 'string', default: '3' } },
});
const runs = Math.max(1, Number(values.runs));

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

console.log(`layout ${values.layout}, median of ${runs} runs (after one warm-up)`);
// CPU time (user + system) next to wall time: on a shared machine wall time mostly measures the others.
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
console.log(
  'transactions  pages   bytes      pdf.js ms  parse ms  reconcile ms  total ms  overhead  pdf.js cpu  ours cpu',
);
for (const count of [100, 1_000, 10_000]) {
  const { pdf, expected } = await generateStatement(values.layout, { seed: 42, count });
  const extractTimes: number[] = [];
  const parseTimes: number[] = [];
  const reconcileTimes: number[] = [];
  const extractCpu: number[] = [];
  const oursCpu: number[] = [];
  let pages = 0;
  for (let run = 0; run <= runs; run += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const doc = await extractDocumentText(pdf);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const result = parseStatementText(doc);
    const t2 = performance.now();
    if ('error' in result) throw new Error(result.error.message);
    const proof = reconcile(result.statement);
    const t3 = performance.now();
    const parseCpu = cpuMs(c1);
    const extraction = cpuMs(c0) - parseCpu;
    if (!proof.reconciled || result.statement.transactions.length !== expected.transactions.length) {
      throw new Error(
        `The ${count}-transaction statement did not parse exactly; run scripts/statement-accuracy.ts`,
      );
    }
    pages = doc.pages.length;
    if (run === 0) continue;
    extractTimes.push(t1 - t0);
    parseTimes.push(t2 - t1);
    reconcileTimes.push(t3 - t2);
    extractCpu.push(extraction);
    oursCpu.push(parseCpu);
  }
  const extract = median(extractTimes);
  const ours = median(parseTimes) + median(reconcileTimes);
  console.log(
    [
      String(count).padStart(12),
      String(pages).padStart(6),
      String(pdf.byteLength).padStart(9),
      extract.toFixed(1).padStart(12),
      median(parseTimes).toFixed(1).padStart(9),
      median(reconcileTimes).toFixed(2).padStart(13),
      (extract + ours).toFixed(1).padStart(9),
      `${((ours / extract) * 100).toFixed(1)} %`.padStart(9),
      median(extractCpu).toFixed(1).padStart(11),
      median(oursCpu).toFixed(1).padStart(9),
    ].join(' '),
  );
}
