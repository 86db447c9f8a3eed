/**
 * Invoice extraction time per 2-page invoice, end to end from PDF bytes: pdf.js text extraction (the
 * adapter) plus extractInvoice, and the two parts apart. Goal (issue 8): under 200 ms per 2-page invoice.
 *
 *   npx tsx bench/invoice-core.ts [--invoices N] [--rounds R]
 *
 * The invoices are rendered first (the generator is not measured): the two-page layout, 36–44 line
 * items, in all five languages. Each round reads every invoice once, after one warm-up round (pdf.js
 * and V8 compile on first use). Prints wall-clock percentiles and CPU time per invoice: the machine is
 * shared, and CPU time is the fairer figure when other work competes for its cores.
 */
import { performance } from 'node:perf_hooks';
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { INVOICE_LANGUAGES, extractInvoice } from '../apps/server/src/domain/invoices/index.js';
import { generateInvoice } from '../apps/server/test/generators/invoices/index.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const count = arg('--invoices', 20);
const rounds = arg('--rounds', 5);

const invoices = await Promise.all(
  Array.from({ length: count }, (_, i) =>
    generateInvoice({
      layout: 'two-page',
      language: INVOICE_LANGUAGES[i % INVOICE_LANGUAGES.length] ?? 'en',
      seed: 1000 + i,
    }),
  ),
);

const total: number[] = [];
const pdf: number[] = [];
const domain: number[] = [];
let cpuMicros = 0;
let pages = 0;
for (let round = 0; round <= rounds; round += 1) {
  const measured = round > 0;
  const cpuStart = process.cpuUsage();
  for (const invoice of invoices) {
    const start = performance.now();
    const text = await extractDocumentText(invoice.pdf);
    const middle = performance.now();
    const result = extractInvoice(text);
    const end = performance.now();
    if (!result.invoice || result.invoice.totalMinor?.value !== invoice.expected.totalMinor) {
      throw new Error(
        `invoice ${invoice.spec.number} was misread; the benchmark only times correct readings`,
      );
    }
    if (!measured) continue;
    pages += text.pages.length;
    total.push(end - start);
    pdf.push(middle - start);
    domain.push(end - middle);
  }
  if (measured) {
    const used = process.cpuUsage(cpuStart);
    cpuMicros += used.user + used.system;
  }
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const row = (name: string, values: number[]): string =>
  `${name.padEnd(22)}${[mean(values), percentile(values, 50), percentile(values, 95), Math.max(...values)].map((v) => v.toFixed(1).padStart(9)).join('')}`;

console.log(
  `${invoices.length} two-page invoices × ${rounds} rounds (${pages / total.length} pages each on average)`,
);
console.log(
  `${'ms per invoice'.padEnd(22)}${['mean', 'p50', 'p95', 'max'].map((h) => h.padStart(9)).join('')}`,
);
console.log(row('end to end', total));
console.log(row('  pdf.js adapter', pdf));
console.log(row('  extractInvoice', domain));
console.log(
  `CPU time per invoice: ${(cpuMicros / 1000 / total.length).toFixed(1)} ms (goal: under 200 ms end to end)`,
);
