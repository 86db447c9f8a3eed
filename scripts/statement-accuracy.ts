/**
 * Accuracy report: runs the PDF statement parser over every real fixture (apps/server/test/fixtures/statements) and every generated layout
 * and prints, per case, transactions expected / found / exact (date, amount, description) and whether the
 * statement reconciles. Run: npx tsx scripts/statement-accuracy.ts [--count N] [--seed S] [--verbose]
 *
 * `--scanned`: every generated layout also as a scan (rasterized at `--dpi` 200, skewed 0.6°, dust, a
 * stamp, JPEG; the generator's scan.ts) read by OCR, printed beside its text result with Tesseract's
 * mean confidence, the rows flagged for review and the CPU seconds per page (`--count` defaults to 30
 * then: one page each, ~8 s of OCR per layout). `--fixtures` adds the real fixtures' scans too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { decimalToMinor } from '../apps/server/src/domain/money.js';
import {
  flagLowConfidenceRows,
  type ParsedTransaction,
  parseStatementText,
  reconcile,
} from '../apps/server/src/domain/statements/index.js';
import { LAYOUTS, generateStatement, scanPdf } from '../apps/server/test/generators/statements/index.js';

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
    scanned: { type: 'boolean', default: false },
    fixtures: { type: 'boolean', default: false },
    dpi: { type: 'string', default: '200' },
  },
});
if (values.scanned && process.argv.every((arg) => !arg.startsWith('--count'))) values.count = '30';
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
  ocr?: OcrMeasure,
): Promise<Row> {
  const cpu = process.cpuUsage();
  const doc = await extractDocumentText(pdf, ocr ? { maxPages: 1000, ocr: { languages: ['eng'] } } : {});
  if (ocr) {
    const used = process.cpuUsage(cpu);
    ocr.cpuSeconds = (used.user + used.system) / 1e6;
    ocr.pages = doc.ocr?.pages.length ?? 0;
    ocr.confidence = doc.ocr?.meanConfidence ?? 0;
  }
  const result = parseStatementText(doc);
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
  if (ocr && statement) ocr.flagged = flagLowConfidenceRows(doc, statement).length;
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

/** Filled by `measure` for an OCR run. */
interface OcrMeasure {
  cpuSeconds: number;
  pages: number;
  confidence: number;
  flagged: number;
}

const SCAN = () => ({
  dpi: Number(values.dpi),
  skewDegrees: 0.6,
  noise: 0.0003,
  watermark: true,
  jpegQuality: 70,
});

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

if (values.scanned) await scannedReport();
else
  textReport([...(await fixtureRows()), ...(await generatedRows(Number(values.count), Number(values.seed)))]);

function textReport(rows: Row[]): void {
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
}

/** Text and scanned results side by side, per generated layout (and fixture with --fixtures). */
async function scannedReport(): Promise<void> {
  const cases: Array<{
    name: string;
    pdf: Uint8Array;
    wanted: Want[] | 'reject';
    compare: boolean;
    account: number;
  }> = [];
  for (const layout of LAYOUTS) {
    const { pdf, expected } = await generateStatement(layout.id, {
      seed: Number(values.seed),
      count: Number(values.count),
    });
    cases.push({
      name: `generated ${layout.id}`,
      pdf,
      wanted: expected.transactions,
      compare: true,
      account: 0,
    });
  }
  if (values.fixtures) {
    for (const file of readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.pdf'))
      .sort()) {
      const expected = JSON.parse(
        readFileSync(path.join(FIXTURES, file.replace(/\.pdf$/, '.expected.json')), 'utf8'),
      ) as ExpectedFile & { expect: string; accounts?: ExpectedFile[] };
      if (expected.expect === 'reject' || expected.accounts) continue;
      cases.push({
        name: `fixture ${file}`,
        pdf: new Uint8Array(readFileSync(path.join(FIXTURES, file))),
        wanted: (expected.transactions ?? []).map((tx) => ({
          date: tx.date,
          description: tx.description,
          amountMinor: decimalToMinor(tx.amount) ?? NaN,
        })),
        compare: expected.compare_descriptions !== false,
        account: 0,
      });
    }
  }
  const width = Math.max(...cases.map((c) => c.name.length));
  console.log(
    `${'case'.padEnd(width)}  expected | text: exact reconciled | scanned: exact reconciled  conf  flagged  CPU s/page`,
  );
  let textOk = 0;
  let scanOk = 0;
  let cpu = 0;
  let pages = 0;
  for (const c of cases) {
    const text = await measure(c.name, c.pdf, c.wanted, c.compare, c.account);
    const ocr: OcrMeasure = { cpuSeconds: 0, pages: 0, confidence: 0, flagged: 0 };
    const scan = await measure(
      c.name,
      await scanPdf(c.pdf, { seed: Number(values.seed), ...SCAN() }),
      c.wanted,
      c.compare,
      c.account,
      ocr,
    );
    textOk += text.verdict === 'ok' ? 1 : 0;
    scanOk += scan.verdict === 'ok' ? 1 : 0;
    cpu += ocr.cpuSeconds;
    pages += ocr.pages;
    console.log(
      `${c.name.padEnd(width)}  ${String(text.expected).padStart(8)} | ${String(text.exact).padStart(11)} ${text.reconciled.padEnd(10)} | ${String(scan.exact).padStart(14)} ${scan.reconciled.padEnd(10)} ${ocr.confidence.toFixed(1).padStart(5)}  ${String(ocr.flagged).padStart(7)}  ${(ocr.cpuSeconds / Math.max(1, ocr.pages)).toFixed(1).padStart(10)}`,
    );
    if (values.verbose || scan.verdict === 'FAIL') if (scan.note) console.log(`    scanned: ${scan.note}`);
  }
  console.log(
    `\ntext: ${textOk}/${cases.length} exact and reconciled; scanned (${values.dpi} dpi): ${scanOk}/${cases.length}; OCR ${(cpu / Math.max(1, pages)).toFixed(1)} CPU s/page over ${pages} pages (${values.count} transactions, seed ${values.seed}).`,
  );
  process.exitCode = scanOk < cases.length || textOk < cases.length ? 1 : 0;
}
