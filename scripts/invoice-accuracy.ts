/**
 * Invoice extraction accuracy on generated invoices: every layout in every language, several seeds
 * each, read end to end (pdfkit → pdf.js adapter → extractInvoice). Prints, per layout and field, how
 * many readings were exact, then every miss with the expected and actual value.
 *
 *   npx tsx scripts/invoice-accuracy.ts [--seeds N]   (exit code 1 when any field is not exact)
 */
import { extractDocumentText } from '../apps/server/src/adapters/pdf/index.js';
import { INVOICE_LANGUAGES, extractInvoice } from '../apps/server/src/domain/invoices/index.js';
import { COMPARED_FIELDS, compareInvoice } from '../apps/server/test/generators/invoices/compare.js';
import { LAYOUT_NAMES, generateInvoice } from '../apps/server/test/generators/invoices/index.js';

const seedsArg = process.argv.indexOf('--seeds');
const seeds = seedsArg > 0 ? Number(process.argv[seedsArg + 1]) : 3;

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
console.log(`${''.padEnd(16)}${COMPARED_FIELDS.map((f) => short[f].padStart(short[f].length + 2)).join('')}`);
for (const row of rows) console.log(row);
console.log(`\nexact fields: ${exact}/${total} (${((exact / total) * 100).toFixed(2)}%)`);
if (misses.length > 0) {
  console.log(`\nmisses (${misses.length}):`);
  for (const miss of misses) console.log(`  ${miss}`);
  process.exitCode = 1;
}
