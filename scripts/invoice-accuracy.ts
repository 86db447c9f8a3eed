/**
 * Invoice extraction accuracy.
 *
 * Real invoices (default): for every fixture in apps/server/test/fixtures/invoices, each field expected /
 * found, read two ways: from the printed text alone (the embedded XML ignored, so text reading cannot
 * lean on it), and through the XML path (the e-invoice embedded in the PDF) where the PDF has one. Then
 * a summary per fixture. Exit code 1 when a fixture misses a field it must read (TEXT_REQUIRED from the
 * text; every field through XML).
 *
 *   npx tsx scripts/invoice-accuracy.ts [--fixture NAME] [--misses]
 *
 * Generated invoices: every layout in every language, several seeds each, read end to end (pdfkit →
 * pdf.js adapter → extractInvoice); per layout and field, how many readings were exact.
 *
 *   npx tsx scripts/invoice-accuracy.ts --generated [--seeds N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { INVOICE_LANGUAGES, extractInvoice } from '../apps/server/src/domain/invoices/index.js';
import { COMPARED_FIELDS, compareInvoice } from '../apps/server/test/generators/invoices/compare.js';
import { LAYOUT_NAMES, generateInvoice } from '../apps/server/test/generators/invoices/index.js';
import {
  TEXT_REQUIRED,
  compareWithExpected,
  realFixtures,
  readByXml,
  type FieldComparison,
} from '../apps/server/test/invoices/real-fixtures.js';

const { values: args } = parseArgs({
  options: {
    generated: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '3' },
    fixture: { type: 'string' },
    misses: { type: 'boolean', default: false },
  },
});

const clip = (text: string | null, width: number): string => {
  const flat = text === null ? '—' : text.replace(/\n/g, ' ¶ ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
};

async function realInvoices(): Promise<void> {
  const summary: string[] = [];
  let failed = false;
  let textRequiredExact = 0;
  let textRequiredTotal = 0;
  let xmlExact = 0;
  let xmlTotal = 0;
  for (const fixture of realFixtures()) {
    if (args.fixture && !fixture.name.includes(args.fixture)) continue;
    const pdf = new Uint8Array(readFileSync(fixture.pdfPath));
    const text = extractInvoice(await extractDocumentText(pdf));
    const byText = compareWithExpected(fixture.expected, text.invoice);
    const xml = await readByXml(pdf);
    const byXml = xml && compareWithExpected(fixture.expected, xml);
    console.log(
      `\n## ${fixture.name}${text.error ? `  (text: ${text.error.code}: ${text.error.message})` : ''}`,
    );
    console.log(`${'field'.padEnd(16)}${'expected'.padEnd(44)}${'text'.padEnd(46)}${byXml ? 'xml' : ''}`);
    byText.forEach((row, i) => {
      const x: FieldComparison | undefined = byXml?.[i];
      if (args.misses && row.exact && (x?.exact ?? true)) return;
      const mark = (r: FieldComparison | undefined) => (r ? (r.exact ? '✓ ' : '✗ ') : '');
      console.log(
        `${row.field.padEnd(16)}${clip(row.expected, 42)}  ${mark(row)}${clip(row.found, 42)}  ${x ? mark(x) + clip(x.found, 40) : ''}`,
      );
    });
    const required = byText.filter((r) => (TEXT_REQUIRED as readonly string[]).includes(r.field));
    const requiredOk = required.filter((r) => r.exact).length;
    const allOk = byText.filter((r) => r.exact).length;
    textRequiredExact += requiredOk;
    textRequiredTotal += required.length;
    const xmlOk = byXml ? byXml.filter((r) => r.exact).length : 0;
    if (byXml) {
      xmlExact += xmlOk;
      xmlTotal += byXml.length;
    }
    if (requiredOk < required.length || (byXml && xmlOk < byXml.length)) failed = true;
    summary.push(
      `${fixture.name.padEnd(48)}${`${requiredOk}/${required.length}`.padStart(9)}${`${allOk}/${byText.length}`.padStart(10)}${(byXml ? `${xmlOk}/${byXml.length}` : '—').padStart(9)}`,
    );
  }
  console.log(
    `\n${'fixture'.padEnd(48)}${'text req'.padStart(9)}${'text all'.padStart(10)}${'xml all'.padStart(9)}`,
  );
  for (const line of summary) console.log(line);
  console.log(
    `\nrequired fields from text (${TEXT_REQUIRED.join(', ')}): ${textRequiredExact}/${textRequiredTotal} exact; ` +
      `every field through XML: ${xmlExact}/${xmlTotal} exact`,
  );
  if (failed) process.exitCode = 1;
}

const short: Record<(typeof COMPARED_FIELDS)[number], string> = {
  vendorName: 'vend',
  vendorTaxId: 'vat',
  vendorAddress: 'addr',
  customerName: 'cust',
  invoiceNumber: 'num',
  invoiceDate: 'date',
  dueDate: 'due',
  currency: 'cur',
  subtotalMinor: 'sub',
  taxMinor: 'tax',
  taxRatePercent: 'rate',
  taxBreakdown: 'rates',
  totalMinor: 'tot',
  iban: 'iban',
  paymentReference: 'ref',
  lineItems: 'lines',
};

async function generatedInvoices(seeds: number): Promise<void> {
  const misses: string[] = [];
  const rows: string[] = [];
  let exact = 0;
  let total = 0;
  for (const layout of LAYOUT_NAMES) {
    const counts = new Map<string, number>();
    let runs = 0;
    for (const language of INVOICE_LANGUAGES) {
      for (let seed = 1; seed <= seeds; seed += 1) {
        const generated = await generateInvoice({ layout, language, seed });
        const result = extractInvoice(await extractDocumentText(generated.pdf));
        runs += 1;
        if (!result.invoice) {
          misses.push(`${layout}/${language}/${seed}: ${result.error.message}`);
          continue;
        }
        for (const r of compareInvoice(generated.expected, result.invoice)) {
          if (r.exact) counts.set(r.field, (counts.get(r.field) ?? 0) + 1);
          else
            misses.push(
              `${layout}/${language}/${seed} ${r.field}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`,
            );
        }
      }
    }
    const cells = COMPARED_FIELDS.map((f) => {
      const n = counts.get(f) ?? 0;
      exact += n;
      total += runs;
      return (n === runs ? 'ok' : `${n}/${runs}`).padStart(short[f].length + 2);
    });
    rows.push(`${layout.padEnd(16)}${cells.join('')}`);
  }
  console.log(
    `${seeds} seed(s) × ${INVOICE_LANGUAGES.length} languages per layout; "ok" = every reading exact`,
  );
  console.log(
    `${''.padEnd(16)}${COMPARED_FIELDS.map((f) => short[f].padStart(short[f].length + 2)).join('')}`,
  );
  for (const row of rows) console.log(row);
  console.log(`\nexact fields: ${exact}/${total} (${((exact / total) * 100).toFixed(2)}%)`);
  if (misses.length > 0) {
    console.log(`\nmisses (${misses.length}):`);
    for (const miss of misses) console.log(`  ${miss}`);
    process.exitCode = 1;
  }
}

if (args.generated) await generatedInvoices(Number(args.seeds));
else await realInvoices();
