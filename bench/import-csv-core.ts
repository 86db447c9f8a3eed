/**
 * Time to parse a 100,000-row bank CSV into a ParsedStatement (detection, decoding, layout, every row),
 * the pure core of the CSV import; the end-to-end aim is under 3 s, this part's under 1 s.
 * Run: npx tsx bench/import-csv-core.ts [rows]. CPU time is printed beside wall time because the machine
 * is shared: on a loaded machine wall time measures the neighbours as much as the code.
 */
import { parseExport, previewCsv } from '../apps/server/src/domain/statements/exports/index.js';
import {
  generateStatement,
  PLAIN_CSV,
  renderCsv,
  type CsvDialect,
} from '../apps/server/test/generators/exports/statement-generator.js';

const rows = Number(process.argv[2] ?? 100_000);
const RUNS = 5;

const dialects: [string, CsvDialect][] = [
  ['utf8 , ISO amount', PLAIN_CSV],
  [
    'cp1252 ; DMY debit/credit newest-first',
    {
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      dates: 'DMY',
      encoding: 'windows1252',
      debitCredit: true,
      newestFirst: true,
    },
  ],
];

const generated = generateStatement({ seed: 42, rows });
for (const [name, dialect] of dialects) {
  const bytes = renderCsv(generated, dialect);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = parseExport(bytes, { fileName: 'export.csv' });
    times.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    const statement = result.value.statements[0];
    if (statement?.transactions.length !== rows || statement.closingBalanceMinor !== generated.closingMinor) {
      throw new Error('the parsed statement does not match the generated one');
    }
  }
  const previewStarted = performance.now();
  const preview = previewCsv(bytes);
  const previewMs = performance.now() - previewStarted;
  if (!preview.ok) throw new Error(preview.error.message);
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] ?? 0;
  const cpuMedian = cpuTimes[Math.floor(RUNS / 2)] ?? 0;
  console.log(
    `${name}: ${rows} rows, ${(bytes.length / 1_048_576).toFixed(1)} MiB — parse median ${median.toFixed(0)} ms ` +
      `(min ${times[0]?.toFixed(0)}, max ${times[RUNS - 1]?.toFixed(0)}; CPU median ${cpuMedian.toFixed(0)} ms), ` +
      `preview ${previewMs.toFixed(0)} ms`,
  );
}
