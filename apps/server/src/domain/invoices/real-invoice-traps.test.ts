import { describe, expect, it } from 'vitest';
import type { DocumentText } from '../document-text.js';
import { extractInvoice } from './extract-invoice.js';
import { CHECK_CODES, ISSUE_CODES, type Invoice } from './model.js';

/**
 * The traps real invoices set (issue 13), each on a small invoice built as positioned text the way
 * pdf.js returns it. Helvetica averages about half an em per character, which is all the layout rules
 * need; each page is A4.
 */
type Item = [x: number, y: number, text: string, size?: number, bold?: boolean];

const pages = (...items: Item[][]): DocumentText => ({
  pages: items.map((page, index) => ({
    pageNumber: index + 1,
    width: 595,
    height: 842,
    items: page.map(([x, y, text, size = 9, bold = false]) => ({
      text,
      x,
      y,
      width: text.length * size * 0.5,
      height: size,
      fontSize: size,
      fontName: bold ? 'Helvetica-Bold' : 'Helvetica',
    })),
  })),
  metadata: {},
});

function read(doc: DocumentText): Invoice {
  const result = extractInvoice(doc);
  if (!result.invoice) throw new Error(`not read: ${result.error.message}`);
  return result.invoice;
}

const issueCodes = (invoice: Invoice, field: string) =>
  invoice.issues.filter((i) => i.field === field).map((i) => i.code);

describe('invoice numbers in the title', () => {
  it('reads "Invoice INV/2023/03/0008" as title and number, and "Total $ 279.84" with a US address as dollars', () => {
    const invoice = read(
      pages([
        [50, 40, 'Northwind Traders LLC', 14, true],
        [50, 58, '120 Harbor Road'],
        [50, 69, 'Portland, OR 97201'],
        [50, 110, 'Invoice INV/2023/03/0008', 16, true],
        [50, 140, 'Invoice Date:'],
        [130, 140, '03/14/2023'],
        [50, 200, 'Description', 9, true],
        [420, 200, 'Quantity', 9, true],
        [500, 200, 'Amount', 9, true],
        [50, 216, 'Office chairs'],
        [420, 216, '2'],
        [500, 216, '$ 259.10'],
        [380, 260, 'Tax'],
        [500, 260, '$ 20.74'],
        [380, 276, 'Total $ 279.84'],
      ]),
    );
    expect(invoice).toMatchObject({
      vendorName: { value: 'Northwind Traders LLC' },
      invoiceNumber: { value: 'INV/2023/03/0008' },
      invoiceDate: { value: '2023-03-14' },
      currency: { value: 'USD' },
      totalMinor: { value: 27_984 },
    });
  });

  it('reads "Handelsrechnung (380) Nr. 471102 vom 15.11.2024": number and date after a document code', () => {
    const invoice = read(
      pages([
        [60, 150, 'Handelsrechnung (380) Nr. 471102 vom 15.11.2024', 9],
        [300, 400, 'Bruttosumme'],
        [520, 400, '529,87'],
      ]),
    );
    expect(invoice.invoiceNumber?.value).toBe('471102');
    expect(invoice.invoiceDate?.value).toBe('2024-11-15');
    expect(invoice.totalMinor?.value).toBe(52_987);
  });
});

/** A German invoice of seven lines over two pages, its total only on page 2 ("Total EUR 34,73"). */
function twoPageGerman(): DocumentText {
  const header: Item[] = [
    [50, 0, 'Pos', 9, true],
    [80, 0, 'Beschreibung', 9, true],
    [340, 0, 'Menge', 9, true],
    [400, 0, 'Einzelpreis', 9, true],
    [500, 0, 'Betrag', 9, true],
  ];
  const at = (items: Item[], y: number): Item[] => items.map(([x, , t, s, b]) => [x, y, t, s, b]);
  const row = (y: number, pos: number, text: string, qty: string, price: string, amount: string): Item[] => [
    [50, y, String(pos)],
    [80, y, text],
    [340, y, qty],
    [400, y, price],
    [500, y, amount],
  ];
  return pages(
    [
      [50, 40, 'Papierhaus Weber GmbH', 14, true],
      [50, 58, 'Lindenstraße 4'],
      [50, 69, '04109 Leipzig'],
      [50, 120, 'Rechnungsempfänger:'],
      [50, 132, 'Kanzlei Brandt'],
      [50, 143, 'Marktplatz 1'],
      [50, 154, '01067 Dresden'],
      [380, 120, 'Rechnungsnr. 30064443'],
      [380, 132, 'Rechnungsdatum: 02.05.2024'],
      [50, 200, 'Rechnung', 16, true],
      ...at(header, 240),
      ...row(258, 1, 'Kopierpapier A4', '2', '4,99', '9,98'),
      ...row(272, 2, 'Kugelschreiber blau', '10', '0,45', '4,50'),
      ...row(286, 3, 'Heftklammern', '3', '1,20', '3,60'),
      ...row(300, 4, 'Briefumschläge C6', '1', '3,25', '3,25'),
      [280, 800, 'Seite 1 von 2', 7],
    ],
    [
      ...at(header, 60),
      ...row(78, 5, 'Ordner breit', '2', '2,10', '4,20'),
      ...row(92, 6, 'Textmarker 4er', '1', '2,95', '2,95'),
      ...row(106, 7, 'Haftnotizen', '1', '0,70', '0,70'),
      [380, 140, 'Nettobetrag'],
      [500, 140, '29,18'],
      [380, 154, 'USt. 19 %'],
      [500, 154, '5,55'],
      [380, 168, 'Total EUR 34,73'],
      [50, 760, 'USt-IdNr.: DE811234567', 7],
      [200, 760, 'IBAN: DE89 3704 0044 0532 0130 00', 7],
    ],
  );
}

describe('a German invoice over two pages', () => {
  it('reads every line on both pages and the total printed on page 2 with its currency', () => {
    const invoice = read(twoPageGerman());
    expect(invoice).toMatchObject({
      vendorName: { value: 'Papierhaus Weber GmbH' },
      vendorTaxId: { value: 'DE811234567' },
      customerName: { value: 'Kanzlei Brandt' },
      invoiceNumber: { value: '30064443' },
      invoiceDate: { value: '2024-05-02' },
      currency: { value: 'EUR' },
      subtotalMinor: { value: 2_918 },
      taxMinor: { value: 555 },
      totalMinor: { value: 3_473, source: { page: 2 } },
      iban: { value: 'DE89370400440532013000' },
    });
    expect(invoice.lineItems.map((l) => [l.description.value, l.amountMinor.value])).toEqual([
      ['Kopierpapier A4', 998],
      ['Kugelschreiber blau', 450],
      ['Heftklammern', 360],
      ['Briefumschläge C6', 325],
      ['Ordner breit', 420],
      ['Textmarker 4er', 295],
      ['Haftnotizen', 70],
    ]);
    expect(invoice.checks.filter((c) => !c.passed)).toEqual([]);
  });
});

describe('vendor and customer by role', () => {
  it('takes the issuer with the SIREN and VAT number, not the customer in the address block', () => {
    const invoice = read(
      pages([
        [320, 40, 'FACTURE', 18, true],
        [320, 70, 'Facture n° FA-2024-118'],
        [320, 82, 'Date : 04/06/2024'],
        [50, 110, 'Facturé à :'],
        [50, 122, 'Boulangerie Martin SARL'],
        [50, 133, '8 place du Marché'],
        [50, 144, '69002 Lyon'],
        [50, 200, 'Désignation', 9, true],
        [400, 200, 'Qté', 9, true],
        [500, 200, 'Montant HT', 9, true],
        [50, 216, 'Maintenance four'],
        [400, 216, '1'],
        [500, 216, '180,00'],
        [50, 230, 'Pièces détachées'],
        [400, 230, '2'],
        [500, 230, '45,00'],
        [380, 270, 'Total HT'],
        [500, 270, '225,00 €'],
        [380, 284, 'TVA 20 %'],
        [500, 284, '45,00 €'],
        [380, 298, 'Total TTC'],
        [500, 298, '270,00 €'],
        [60, 760, 'Froid Services SAS', 7],
        [60, 770, 'SIREN : 732 829 320', 7],
        [60, 780, 'N° TVA : FR 44 732829320', 7],
      ]),
    );
    expect(invoice).toMatchObject({
      customerName: { value: 'Boulangerie Martin SARL' },
      vendorTaxId: { value: 'FR44732829320' },
      invoiceNumber: { value: 'FA-2024-118' },
      totalMinor: { value: 27_000 },
    });
    expect(invoice.vendorName?.value).not.toBe('Boulangerie Martin SARL');
    expect(invoice.lineItems).toHaveLength(2);
  });

  it('reads a SIREN / SIRET as the vendor tax id when no VAT number is printed', () => {
    const invoice = read(
      pages([
        [50, 40, 'Atelier Roux SARL', 14, true],
        [50, 58, 'SIRET : 123 456 789 00014'],
        [320, 40, 'FACTURE', 18, true],
        [320, 70, 'Facture n° 2024-07'],
        [380, 298, 'Total TTC'],
        [500, 298, '120,00 €'],
      ]),
    );
    expect(invoice.vendorTaxId?.value).toBe('12345678900014');
  });

  it('keeps the customer\'s "Your VAT ID" and customer number apart from the vendor', () => {
    const invoice = read(
      pages([
        [250, 40, 'Acme Ltd.', 25],
        [58, 122, 'Acme Ltd.', 7],
        [104, 122, '42 Milky Way', 7],
        [162, 122, '1234 Faraway', 7],
        [58, 135, 'Globex Corp.', 10],
        [58, 148, '142 Scorpio Drive', 10],
        [320, 135, 'Your VAT ID:', 10],
        [426, 135, 'DE427984273', 10],
        [320, 148, 'Customer No:', 10],
        [426, 148, 'C-77', 10],
        [213, 293, 'Invoice No. 1234567890', 12],
        [58, 600, 'Grand Total'],
        [480, 600, '1,190.00 €'],
        [262, 777, 'VAT-ID: DE202526944', 7],
      ]),
    );
    expect(invoice).toMatchObject({
      vendorName: { value: 'Acme Ltd.' },
      vendorTaxId: { value: 'DE202526944' },
      customerName: { value: 'Globex Corp.' },
      invoiceNumber: { value: '1234567890' },
    });
  });

  it('names no vendor rather than the recipient in the address window or a salutation', () => {
    const invoice = read(
      pages([
        [71, 65, 'Kunden AG Mitte'],
        [71, 77, 'Kundenstraße 15'],
        [71, 89, 'DE 69876 Frankfurt'],
        [71, 139, 'Invoice R-2024/00001', 14],
        [71, 158, 'Invoice Date 31.12.2024'],
        [71, 207, 'Dear customer,'],
        [303, 358, 'Gross Total'],
        [508, 358, '529.87 EUR'],
      ]),
    );
    expect(invoice.vendorName).toBeUndefined();
    expect(issueCodes(invoice, 'vendorName')).toEqual([ISSUE_CODES.fieldNotFound]);
    expect(invoice.invoiceNumber?.value).toBe('R-2024/00001');
  });
});

describe('totals labelled with their currency', () => {
  const invoiceWith = (label: string, amount = '1,234.50'): DocumentText =>
    pages([
      [50, 40, 'Harbour Lights Ltd', 14, true],
      [50, 58, 'VAT Registration No: GB123456789'],
      [400, 40, 'INVOICE', 18, true],
      [400, 70, 'Invoice No: 5531'],
      [400, 82, 'Date: 12/03/2024'],
      [380, 300, 'Subtotal'],
      [500, 300, '1,028.75'],
      [380, 314, 'VAT 20%'],
      [500, 314, '205.75'],
      [380, 328, label],
      [500, 328, amount],
    ]);

  it.each(['Total GBP', 'Total (GBP)', 'TOTAL GBP', 'Amount due GBP', 'Total in GBP', 'Amount due (GBP):'])(
    'reads "%s" as the total, in pounds',
    (label) => {
      const invoice = read(invoiceWith(label));
      expect(invoice.totalMinor?.value).toBe(123_450);
      expect(invoice.currency?.value).toBe('GBP');
      expect(invoice.issues.filter((i) => i.field === 'totalMinor')).toEqual([]);
    },
  );

  it('reads "VAT Registration No: GB123456789" as the vendor tax id', () => {
    expect(read(invoiceWith('Total GBP')).vendorTaxId?.value).toBe('GB123456789');
  });

  it('reads "Total € Incl. VAT" as the total and "Total excl. VAT" as the subtotal', () => {
    const invoice = read(
      pages([
        [57, 27, 'Invoice 103767', 18],
        [348, 446, 'Total excl. VAT'],
        [536, 446, '573.00'],
        [348, 460, '19% VAT'],
        [536, 460, '108.87'],
        [348, 487, 'Total € Incl. VAT'],
        [536, 487, '681.87'],
      ]),
    );
    expect(invoice).toMatchObject({
      subtotalMinor: { value: 57_300 },
      taxMinor: { value: 10_887 },
      taxRatePercent: { value: 19 },
      totalMinor: { value: 68_187 },
      currency: { value: 'EUR' },
    });
  });

  it('keeps a prepayment apart: the total is what was invoiced, the amount due what remains', () => {
    const invoice = read(
      pages([
        [298, 30, 'FACTURE N° : F20180027', 10],
        [360, 650, 'TOTAL HT'],
        [500, 650, '100,00'],
        [360, 664, 'TOTAL TVA'],
        [500, 664, '10,00'],
        [360, 678, 'TOTAL TTC'],
        [500, 678, '110,00'],
        [360, 692, 'Acompte :'],
        [500, 692, '10,00'],
        [360, 706, 'NET A PAYER'],
        [500, 706, '100,00 EUR'],
      ]),
    );
    expect(invoice).toMatchObject({
      totalMinor: { value: 11_000 },
      prepaidMinor: { value: 1_000 },
      amountDueMinor: { value: 10_000 },
    });
  });
});

describe('honest confidence', () => {
  it('names a total it cannot find, counts it as zero and says duplicate detection lacks it', () => {
    const withTotal = read(
      pages([
        [50, 40, 'Harbour Lights Ltd', 14, true],
        [400, 70, 'Invoice No: 5531'],
        [400, 82, 'Date: 12/03/2024'],
        [380, 328, 'Total'],
        [500, 328, '£1,234.50'],
      ]),
    );
    const without = read(
      pages([
        [50, 40, 'Harbour Lights Ltd', 14, true],
        [400, 70, 'Invoice No: 5531'],
        [400, 82, 'Date: 12/03/2024'],
        [50, 200, 'Description', 9, true],
        [500, 200, 'Amount', 9, true],
        [50, 216, 'Mooring fee'],
        [500, 216, '£1,234.50'],
        [380, 328, 'Please pay promptly'],
      ]),
    );
    expect(without.totalMinor).toBeUndefined();
    expect(issueCodes(without, 'totalMinor')).toEqual([ISSUE_CODES.fieldNotFound]);
    expect(without.confidence).toBeLessThan(withTotal.confidence);
  });

  it('does not call "$" dollars without a sign of which dollar, and says so', () => {
    const invoice = read(
      pages([
        [430, 106, 'FACTURA COMERCIAL', 7],
        [400, 120, 'Invoice No: 39'],
        [50, 200, 'Description', 9, true],
        [500, 200, 'Total', 9, true],
        [50, 216, 'Leather Leaf'],
        [500, 216, '$20.475,00'],
        [282, 481, 'TOTAL'],
        [500, 481, '$20.475,00'],
      ]),
    );
    expect(invoice.currency).toBeUndefined();
    expect(issueCodes(invoice, 'currency')).toContain(ISSUE_CODES.currencyAmbiguous);
    expect(invoice.totalMinor?.value).toBe(2_047_500);
  });

  it('reports a labelled IBAN whose checksum fails instead of using it', () => {
    const invoice = read(
      pages([
        [400, 70, 'Invoice No: 5531'],
        [380, 328, 'Total'],
        [500, 328, '£1,234.50'],
        [172, 769, 'IBAN DE3708 0040 0123 4567 89, SWIFT/BIC: DRESDEFF370', 7],
      ]),
    );
    expect(invoice.iban).toBeUndefined();
    expect(invoice.checks.find((c) => c.code === CHECK_CODES.iban)?.passed).toBe(false);
  });
});
