import { describe, expect, it } from 'vitest';
import type { DocumentText } from '../document-text.js';
import { extractInvoice } from './extract-invoice.js';
import { CHECK_CODES } from './model.js';

/** Helvetica averages about half an em per character; enough for layout rules that work on gaps. */
type Item = [x: number, y: number, text: string, size?: number, bold?: boolean];
const doc = (items: Item[]): DocumentText => ({
  pages: [
    {
      pageNumber: 1,
      width: 595,
      height: 842,
      items: items.map(([x, y, text, size = 9, bold = false]) => ({
        text,
        x,
        y,
        width: text.length * size * 0.5,
        height: size,
        fontSize: size,
        fontName: bold ? 'Helvetica-Bold' : 'Helvetica',
      })),
    },
  ],
  metadata: {},
});

const small: Item[] = [
  [50, 40, 'Van der Merwe Prokureurs', 16, true],
  [50, 62, '12 Kerkstraat'],
  [50, 73, '7600 Stellenbosch'],
  [50, 84, 'BTW-nommer: 4123456789'],
  [400, 40, 'FAKTUUR', 18, true],
  [350, 100, 'Faktuurnommer: F-2024-7'],
  [350, 112, 'Datum: 12 Maart 2024'],
  [50, 140, 'Faktureer aan:'],
  [130, 140, 'Fynbos Holdings (Pty) Ltd'],
  [50, 151, 'BTW-nommer: 4999999999'],
  [50, 200, 'Beskrywing', 9, true],
  [500, 200, 'Bedrag', 9, true],
  [50, 217, 'Regsadvies'],
  [500, 217, 'R 1 000,00'],
  [380, 250, 'Subtotaal'],
  [500, 250, 'R 1 000,00'],
  [380, 266, 'BTW 15%'],
  [500, 266, 'R 150,00'],
  [380, 282, 'Totaal'],
  [500, 282, 'R 1 150,00'],
  [50, 320, 'IBAN: DE89 3704 0044 0532 0130 01'],
];

describe('extractInvoice', () => {
  it('reads a small Afrikaans invoice, with a vendor whose name starts like a label', () => {
    const { invoice } = extractInvoice(doc(small));
    expect(invoice).toMatchObject({
      language: 'af',
      vendorName: { value: 'Van der Merwe Prokureurs' },
      vendorAddress: { value: '12 Kerkstraat, 7600 Stellenbosch' },
      vendorTaxId: { value: '4123456789' },
      customerName: { value: 'Fynbos Holdings (Pty) Ltd' },
      invoiceNumber: { value: 'F-2024-7' },
      invoiceDate: { value: '2024-03-12' },
      currency: { value: 'ZAR' },
      subtotalMinor: { value: 100_000 },
      taxMinor: { value: 15_000 },
      taxRatePercent: { value: 15 },
      totalMinor: { value: 115_000 },
    });
    expect(invoice?.lineItems.map((l) => [l.description.value, l.amountMinor.value])).toEqual([
      ['Regsadvies', 100_000],
    ]);
  });

  it('points an inline value at its part of the cell, not at the label', () => {
    const number = extractInvoice(doc(small)).invoice?.invoiceNumber;
    // "Faktuurnommer: F-2024-7" starts at x 350; the value is its last 8 of 23 characters.
    expect(number?.source?.x).toBeGreaterThan(350 + 23 * 4.5 * 0.6);
    expect(number?.source).toMatchObject({ page: 1, y: 100, height: 9 });
  });

  it('drops an IBAN whose checksum fails and says so in the checks', () => {
    const { invoice } = extractInvoice(doc(small));
    expect(invoice?.iban).toBeUndefined();
    expect(invoice?.checks.find((c) => c.code === CHECK_CODES.iban)).toMatchObject({ passed: false });
  });

  it('reads US dates month first when one of them proves it, and dollars', () => {
    const { invoice } = extractInvoice(
      doc([
        [50, 40, 'Lakeside Print Shop Inc.', 16, true],
        [50, 62, '400 Main Street'],
        [50, 73, 'Springfield, IL 62701'],
        [420, 40, 'INVOICE', 18, true],
        [380, 100, 'Invoice #'],
        [470, 100, '10482'],
        [380, 112, 'Date'],
        [470, 112, '03/05/2024'],
        [380, 124, 'Due'],
        [470, 124, '04/25/2024'],
        [50, 200, 'Item', 9, true],
        [300, 200, 'Qty', 9, true],
        [380, 200, 'Rate', 9, true],
        [500, 200, 'Amount', 9, true],
        [50, 217, 'Business cards (box of 500)'],
        [300, 217, '2'],
        [380, 217, '$45.00'],
        [500, 217, '$90.00'],
        [380, 250, 'Balance Due'],
        [500, 250, '$90.00'],
      ]),
    );
    expect(invoice).toMatchObject({
      invoiceNumber: { value: '10482' },
      invoiceDate: { value: '2024-03-05' },
      dueDate: { value: '2024-04-25' },
      currency: { value: 'USD' },
      totalMinor: { value: 9_000 },
    });
    expect(invoice?.checks.find((c) => c.code === CHECK_CODES.lines)).toMatchObject({ passed: true });
  });

  it('computes a due date from payment terms in a sentence, with less confidence than a printed one', () => {
    const { invoice } = extractInvoice(
      doc([...small, [50, 340, 'Betaalbaar binne 30 dae na faktuurdatum.']]),
    );
    expect(invoice?.dueDate).toMatchObject({ value: '2024-04-11', confidence: 0.8, source: { y: 340 } });
  });

  it('refuses a document without text, and a letter that only mentions an invoice', () => {
    expect(extractInvoice(doc([])).error?.code).toBe('NOT_AN_INVOICE');
    const letter = extractInvoice(
      doc([
        [50, 40, 'Harbour Lane Consulting Ltd', 16, true],
        [50, 120, 'Date: 2 March 2024'],
        [50, 170, 'Dear Ms Naidoo,'],
        [50, 195, 'We have received your invoice of 1 March and will pay it this week.'],
      ]),
    );
    expect(letter.error).toMatchObject({ code: 'NOT_AN_INVOICE' });
  });
});
