/**
 * Report writer benchmark: time, peak memory and file size for xlsx and CSV reports of 1,000 to
 * 1,000,000 transactions. Goals (issue 7): 10,000 rows under 2 s, 1,000,000 under 90 s, peak memory under
 * 500 MB. The original system took 8 s for 1,000 and 80 s for 10,000.
 *
 *   npx tsx bench/report-writer.ts [rows ...] [--format xlsx|csv]
 *
 * Each case runs in a fresh child process so one case's heap does not inflate the next one's peak RSS.
 * CPU seconds are printed beside wall seconds because the shared 2-core machine is often loaded.
 *
 * Measured (Node 20, 2 cores, load average about 10): rows → xlsx wall / CPU s, peak RSS; CSV wall / CPU s
 *   1,000:       1.3 / 0.35, 105 MB;   0.3 / 0.05,  94 MB
 *   10,000:      2.1 / 0.89, 109 MB;   0.8 / 0.26, 104 MB
 *   100,000:     4.6 / 3.06, 144 MB;   3.7 / 1.35, 120 MB
 *   1,000,000:  74.6 / 33.3, 189 MB;  14.8 / 7.33, 134 MB  (xlsx 57 MB, CSV 161 MB)
 * About 90 MB of each peak is Node, tsx and the loaded modules before the first row.
 * Rows come from a generator, the way a database cursor delivers them, so the measured memory is the
 * writer's and not an array of a million input rows.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsvReport, writeXlsxReport } from '../apps/server/src/adapters/reports/index.js';
import { type ReportTransaction } from '../apps/server/src/domain/reports/index.js';
import { runCases } from './measure.js';

const DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000];
const OUT_DIR = join(import.meta.dirname, 'out');
const CATEGORIES = [
  { name: 'Salary', kind: 'income' },
  { name: 'Groceries', kind: 'expense' },
  { name: 'Rent', kind: 'expense' },
  { name: 'Fuel', kind: 'expense' },
  { name: 'Transfers', kind: 'transfer' },
  null,
] as const;
const DESCRIPTIONS = [
  'POS PURCHASE WOOLWORTHS',
  'SALARY ACME LTD',
  '=HYPERLINK("http://x")',
  'DEBIT ORDER RENT',
];

/** Deterministic rows over two years; every description is distinct, as real statements are. */
function* transactions(count: number): Generator<ReportTransaction> {
  for (let i = 0; i < count; i += 1) {
    const day = new Date(Date.UTC(2023, 0, 1) + Math.floor((i / count) * 730) * 86_400_000);
    yield {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      date: day.toISOString().slice(0, 10),
      description: `${DESCRIPTIONS[i % DESCRIPTIONS.length]} ${i}`,
      amountMinor: ((i * 7_919) % 200_000) - 150_000,
      currency: 'ZAR',
      category: CATEGORIES[i % CATEGORIES.length],
      tags: i % 3 === 0 ? ['business', 'q1'] : [],
      payee: i % 2 === 0 ? 'Woolworths' : null,
      note: i % 10 === 0 ? 'checked by accountant' : null,
      account: i % 5 === 0 ? 'Credit card' : 'Cheque account',
      statementId: '6f1f8a2e-5b0e-4c55-9a52-3c0d1e2f3a4b',
    };
  }
}

interface CaseResult {
  format: string;
  rows: number;
  seconds: number;
  /** User + system CPU time: steadier than wall time on a shared, loaded machine. */
  cpuSeconds: number;
  peakRssMb: number;
  peakHeapMb: number;
  fileMb: number;
}

/** Runs one case in this process and sends the result to the parent. */
async function runCase(format: 'xlsx' | 'csv', rows: number): Promise<CaseResult> {
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
  const file = join(OUT_DIR, `report-${rows}.${format}`);
  const write = format === 'xlsx' ? writeXlsxReport : writeCsvReport;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const output = await write(file, { title: 'Benchmark', transactions: transactions(rows) });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  if (output.rowCount !== rows) throw new Error(`wrote ${output.rowCount} of ${rows} rows`);
  const size = (await stat(file)).size;
  await rm(file);
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  // resourceUsage().maxRSS is the kernel's high-water mark in KiB, so no short peak is missed.
  const peakRssMb = mb(process.resourceUsage().maxRSS * 1024);
  const round = (value: number) => Math.round(value * 100) / 100;
  const cpuSeconds = round((cpu.user + cpu.system) / 1e6);
  return {
    format,
    rows,
    seconds: round(seconds),
    cpuSeconds,
    peakRssMb,
    peakHeapMb: mb(peakHeap),
    fileMb: mb(size),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--case') {
    process.send?.(await runCase(args[1] === 'csv' ? 'csv' : 'xlsx', Number(args[2])));
    return;
  }
  await mkdir(OUT_DIR, { recursive: true });
  await runCases<CaseResult>(import.meta.filename, args, { formats: ['xlsx', 'csv'], sizes: DEFAULT_SIZES });
}

await main();
