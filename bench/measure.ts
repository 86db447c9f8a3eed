/**
 * Small measuring helpers shared by the benchmarks. Kept free of server imports: a bench that forks
 * itself per case (report-writer.ts) must not load the service's modules into the memory it measures.
 */
import { fork } from 'node:child_process';

/** The p-th percentile (nearest rank, p in 0–100) of `values`; NaN when there are none. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/**
 * Runs one case of `script` in a fresh child process (`script --case format rows`), so one case's heap
 * does not inflate the next one's peak RSS; resolves with the message the child sends.
 */
export function runCaseInChild<T>(script: string, format: string, rows: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--case', format, String(rows)]);
    child.once('message', (message) => resolve(message as T));
    child.once('error', reject);
    child.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`case ${format} ${rows} exited with ${code}`)),
    );
  });
}

/**
 * The parent side of a per-case bench (`[rows …] [--format xlsx|csv]`): runs every size × format in its
 * own child, printing each result as a JSON line as it arrives and a table at the end.
 */
export async function runCases<T>(
  script: string,
  args: readonly string[],
  defaults: { formats: readonly string[]; sizes: readonly number[] },
): Promise<void> {
  const formatIndex = args.indexOf('--format');
  const formats = formatIndex >= 0 ? [args[formatIndex + 1] ?? 'xlsx'] : defaults.formats;
  const sizes = args
    .filter((arg, index) => /^\d+$/.test(arg) && (formatIndex < 0 || index !== formatIndex + 1))
    .map(Number);
  const results: T[] = [];
  for (const rows of sizes.length > 0 ? sizes : defaults.sizes) {
    for (const format of formats) {
      const result = await runCaseInChild<T>(script, format, rows);
      console.log(JSON.stringify(result));
      results.push(result);
    }
  }
  console.table(results);
}
