/**
 * Accuracy report: runs the PDF statement parser over every real fixture (apps/server/test/fixtures/statements) and every generated layout
 * and prints, per case, transactions expected / found / exact (date, amount, description) and whether the
 * statement reconciles. Run: npx tsx scripts/statement-accuracy.ts [--count N] [--seed S] [--verbose]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { decimalToMinor } from '../apps/server/src/domain/money.js';
import {
  type ParsedTransaction,
  parseStatementText,
  reconcile,
} from '../apps/server/src/domain/statements/index.js';
import { LAYOUTS, generateStatement } from '../apps/server/test/generators/statements/index.js';

interface Want {
  date: string;
  description: string;
  amountMinor: number;
}

interface Row {
  name: string;
  expected: number;
  found: number;
  exact: number;
  reconciled: string;
  verdict: 'ok' | 'FAIL';
  note: string;
}

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100' },
    seed: { type: 'string', default: '7' },
    verbose: { type: 'boolean', default: false },
  },
});
const FIXTURES = path.resolve(import.meta.dirname, '../apps/server/test/fixtures/statements');

/** Exact matches, position by position: a missing or extra row shifts the rest, as it should. */
function countExact(
  found: ParsedTransaction[],
  wanted: Want[],
  compareDescriptions: boolean,
): { exact: number; firstMiss?: string } {
  let exact = 0;
  let firstMiss: string | undefined;
  wanted.forEach((want, index) => {
    const got = found[index];
    if (
      got &&
      got.date === want.date &&
      got.amountMinor === want.amountMinor &&
      (!compareDescriptions || got.description === want.description)
    ) {
      exact += 1;
    } else {
      firstMiss ??= `#${index}: want ${JSON.stringify(want)} got ${JSON.stringify(got && { date: got.date, description: got.description, amountMinor: got.amountMinor })}`;
    }
  });
  return { exact, firstMiss };
}

async function measure(
  name: string,
  pdf: Uint8Array,
  wanted: Want[] | 'reject',
  compareDescriptions = true,
  account = 0,
): Promise<Row> {
  const result = parseStatementText(await extractDocumentText(pdf));
  if ('error' in result) {
    const ok = wanted === 'reject';
    return {
      name,
      expected: ok ? 0 : wanted.length,
      found: 0,
      exact: 0,
      reconciled: result.error.code,
      verdict: ok ? 'ok' : 'FAIL',
      note: result.error.message,
    };
  }
  // A combined statement of several accounts: the account-th one (none parsed: no rows found).
  const statement = result.statements[account];
  const proof = statement ? reconcile(statement) : { reconciled: false, issues: [] };
  const found = statement?.transactions ?? [];
  if (wanted === 'reject') {
    const note = proof.issues.map((issue) => `${issue.code} rows ${issue.rows.join(',')}`).join('; ');
    return {
      name,
      expected: 0,
      found: found.length,
      exact: 0,
      reconciled: proof.reconciled ? 'yes' : 'no (rejected)',
      verdict: proof.reconciled ? 'FAIL' : 'ok',
      note,
    };
  }
  const { exact, firstMiss } = countExact(found, wanted, compareDescriptions);
  const perfect = exact === wanted.length && found.length === wanted.length && proof.reconciled;
  const note = [firstMiss, ...proof.issues.slice(0, 2).map((issue) => issue.message)]
    .filter(Boolean)
    .join(' | ');
  return {
    name,
    expected: wanted.length,
    found: found.length,
    exact,
    reconciled: proof.reconciled ? 'yes' : 'no',
    verdict: perfect ? 'ok' : 'FAIL',
    note,
  };
}

interface ExpectedFile {
  /** false: descriptions were redacted in the source; compare dates and amounts only. */
  compare_descriptions?: boolean;
  transactions?: { date: string; description: string; amount: string }[];
}

async function fixtureRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.pdf'),
  );
  for (const file of files.sort()) {
    const expected = JSON.parse(
      readFileSync(path.join(FIXTURES, file.replace(/\.pdf$/, '.expected.json')), 'utf8'),
    ) as ExpectedFile & { expect: string; accounts?: ExpectedFile[] };
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, file)));
    const toWant = (account: ExpectedFile): Want[] =>
      (account.transactions ?? []).map((tx) => ({
        date: tx.date,
        description: tx.description,
        amountMinor: decimalToMinor(tx.amount) ?? NaN,
      }));
    if (expected.expect === 'reject') {
      rows.push(await measure(`fixture ${file}`, bytes, 'reject'));
      continue;
    }
    // A combined statement: one case per account, in print order.
    const accounts = expected.accounts ?? [expected];
    for (const [index, account] of accounts.entries()) {
      const name = accounts.length > 1 ? `fixture ${file} #${index + 1}` : `fixture ${file}`;
      const compare = (account.compare_descriptions ?? expected.compare_descriptions) !== false;
      rows.push(await measure(name, bytes, toWant(account), compare, index));
    }
  }
  return rows;
}

async function generatedRows(count: number, seed: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const layout of LAYOUTS) {
    const { pdf, expected } = await generateStatement(layout.id, { seed, count });
    rows.push(await measure(`generated ${layout.id}`, pdf, expected.transactions));
  }
  return rows;
}

const rows = [...(await fixtureRows()), ...(await generatedRows(Number(values.count), Number(values.seed)))];
const width = Math.max(...rows.map((row) => row.name.length));
console.log(`${'case'.padEnd(width)}  expected  found  exact  reconciled       verdict`);
for (const row of rows) {
  console.log(
    `${row.name.padEnd(width)}  ${String(row.expected).padStart(8)}  ${String(row.found).padStart(5)}  ${String(row.exact).padStart(5)}  ${row.reconciled.padEnd(15)}  ${row.verdict}`,
  );
  if (values.verbose || row.verdict === 'FAIL') if (row.note) console.log(`    ${row.note}`);
}
const failed = rows.filter((row) => row.verdict === 'FAIL').length;
console.log(
  `\n${rows.length - failed}/${rows.length} cases exact and as expected (generated with ${values.count} transactions, seed ${values.seed}).`,
);
process.exitCode = failed > 0 ? 1 : 0;
