/**
 * `npm run bench [-- name ...]`: runs benchmarks one after another, each in its own process, and prints
 * their numbers. Without names it runs the pure cores (seconds each, no database): parse-core,
 * import-csv-core, rules-engine, report-writer, invoice-core. Name any script in this folder to run it
 * with its defaults (`npm run bench -- queue import`); pass arguments by running the script itself
 * (`npx tsx bench/queue.ts 2000`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const CORES = ['parse-core', 'import-csv-core', 'rules-engine', 'report-writer', 'invoice-core'];
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : CORES;
const here = import.meta.dirname;

const missing = names.filter((name) => !existsSync(path.join(here, `${name}.ts`)));
if (missing.length > 0) {
  console.error(`No such benchmark: ${missing.join(', ')} (scripts in bench/: name without .ts)`);
  process.exit(2);
}
let failed = 0;
for (const name of names) {
  console.log(`\n== bench/${name}.ts`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed += 1;
    console.error(`bench/${name}.ts exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
