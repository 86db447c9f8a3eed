import { describe, expect, it } from 'vitest';
import { extractDocumentText } from '../../src/adapters/pdf/index.js';
import {
  CHECK_CODES,
  INVOICE_LANGUAGES,
  duplicateKey,
  extractInvoice,
  type Invoice,
} from '../../src/domain/invoices/index.js';
import { compareInvoice } from '../generators/invoices/compare.js';
import { LAYOUT_NAMES, generateInvoice, type GeneratedInvoice } from '../generators/invoices/index.js';

/** End to end: generated PDF → pdf.js adapter → extractInvoice, compared with the generator's answer. */
async function read(generated: GeneratedInvoice): Promise<Invoice> {
  const result = extractInvoice(await extractDocumentText(generated.pdf));
  if (!result.invoice) throw new Error(`not read as an invoice: ${result.error.message}`);
  return result.invoice;
}

describe.each(LAYOUT_NAMES)('the %s layout', (layout) => {
  it.each(INVOICE_LANGUAGES)('reads every field exactly in %s, and every check passes', async (language) => {
    // Seeds other than the accuracy report's 1–3, so the two look at different invoices.
    const generated = await generateInvoice({ layout, language, seed: 40 + LAYOUT_NAMES.indexOf(layout) });
    const invoice = await read(generated);
    expect(compareInvoice(generated.expected, invoice).filter((r) => !r.exact)).toEqual([]);
    expect(invoice.checks.filter((c) => !c.passed)).toEqual([]);
    expect(invoice.checks.map((c) => c.code)).toContain(CHECK_CODES.totals);
    expect(invoice.confidence).toBeGreaterThanOrEqual(0.85);
  });
});

describe('field sources', () => {
  it('point at the printed text of each value, on its page', async () => {
    const generated = await generateInvoice({ layout: 'two-page', language: 'de', seed: 7 });
    const text = await extractDocumentText(generated.pdf);
    const invoice = await read(generated);
    const under = (
      source: { page: number; x: number; y: number; width: number; height: number } | undefined,
    ): string =>
      !source
        ? ''
        : (text.pages[source.page - 1]?.items ?? [])
            .filter(
              (i) =>
                i.x < source.x + source.width &&
                i.x + i.width > source.x &&
                i.y < source.y + source.height &&
                i.y + i.height > source.y,
            )
            .map((i) => i.text)
            .join(' ');
    expect(invoice.totalMinor?.source?.page).toBe(2);
    expect(under(invoice.invoiceNumber!.source)).toContain(generated.spec.number);
    expect(under(invoice.vendorName!.source)).toContain(generated.spec.vendor.name);
    expect(under(invoice.totalMinor!.source)).toMatch(/\d,\d\d €/);
    const lastLine = invoice.lineItems.at(-1)!;
    expect(lastLine.amountMinor.source?.page).toBe(2);
    expect(under(lastLine.description.source)).toContain(generated.expected.lineItems.at(-1)!.description);
  });
});

describe('misprinted invoices', () => {
  it('report a total that is not subtotal + tax, with both numbers, and trust the amounts less', async () => {
    const generated = await generateInvoice({
      layout: 'classic',
      language: 'fr',
      seed: 3,
      misprint: 'total',
    });
    const invoice = await read(generated);
    const check = invoice.checks.find((c) => c.code === CHECK_CODES.totals);
    expect(check).toMatchObject({
      passed: false,
      expectedMinor: generated.spec.subtotalMinor + generated.spec.taxMinor,
      actualMinor: generated.spec.totalMinor,
    });
    expect(invoice.totalMinor?.value).toBe(generated.spec.totalMinor);
    expect(invoice.totalMinor?.confidence).toBeLessThan(0.5);
  });

  it('report line amounts that do not add up to the subtotal, and the line that is wrong', async () => {
    const generated = await generateInvoice({
      layout: 'tax-column',
      language: 'nl',
      seed: 5,
      misprint: 'lineAmount',
    });
    const invoice = await read(generated);
    const failed = invoice.checks.filter((c) => !c.passed).map((c) => c.code);
    expect(failed).toEqual([CHECK_CODES.lineAmount, CHECK_CODES.lines]);
    expect(invoice.checks.find((c) => c.code === CHECK_CODES.lineAmount)?.fields).toEqual(['lineItems[0]']);
  });

  it('drop an IBAN whose checksum fails', async () => {
    const generated = await generateInvoice({
      layout: 'header-row',
      language: 'de',
      seed: 2,
      misprint: 'iban',
    });
    const invoice = await read(generated);
    expect(invoice.iban).toBeUndefined();
    expect(invoice.checks.find((c) => c.code === CHECK_CODES.iban)?.passed).toBe(false);
    expect(compareInvoice(generated.expected, invoice).filter((r) => !r.exact)).toEqual([]);
  });
});

describe('invoices with two VAT rates', () => {
  it.each([
    ['totals-row', 'fr', 3],
    ['inline', 'de', 3],
  ] as const)('in the %s layout (%s) sum to the tax and keep each rate', async (layout, language, seed) => {
    const generated = await generateInvoice({ layout, language, seed });
    expect(generated.spec.taxes).toHaveLength(2);
    const invoice = await read(generated);
    expect(invoice.taxRatePercent).toBeUndefined();
    expect(invoice.taxMinor?.value).toBe(
      generated.spec.taxes[0]!.amountMinor + generated.spec.taxes[1]!.amountMinor,
    );
    expect(invoice.taxBreakdown?.map((t) => [t.ratePercent?.value, t.amountMinor.value])).toEqual(
      generated.spec.taxes.map((t) => [t.rate, t.amountMinor]),
    );
    expect(invoice.checks.find((c) => c.code === CHECK_CODES.totals)?.passed).toBe(true);
  });
});

describe('duplicates', () => {
  it('give the same key for the same invoice in two layouts, and another for a different invoice', async () => {
    const [a, b, other] = await Promise.all([
      generateInvoice({ layout: 'classic', language: 'en', seed: 21 }).then(read),
      generateInvoice({ layout: 'header-row', language: 'en', seed: 21 }).then(read),
      generateInvoice({ layout: 'classic', language: 'en', seed: 22 }).then(read),
    ]);
    expect(duplicateKey(a)).toBeDefined();
    expect(duplicateKey(b)).toBe(duplicateKey(a));
    expect(duplicateKey(other)).not.toBe(duplicateKey(a));
  });
});

describe('the generator', () => {
  it('renders the same bytes for the same seed', async () => {
    const [a, b] = await Promise.all(
      [1, 1].map((seed) => generateInvoice({ layout: 'sidebar', language: 'af', seed })),
    );
    expect(Buffer.from(a!.pdf).equals(Buffer.from(b!.pdf))).toBe(true);
  });
});
