import { renderPdf } from '../statements/render-pdf.js';
import { PAGE } from './blocks.js';
import { Pen } from './pen.js';
import { seeded } from '../random.js';

/**
 * Documents that look like invoices to a careless reader and are not: a bank statement (dates, amounts,
 * balances, a "Total" of its own), a business letter that mentions an invoice, and a quotation with a
 * line-item table and a total.
 */
export const NON_INVOICE_KINDS = ['statement', 'letter', 'quotation'] as const;
export type NonInvoiceKind = (typeof NON_INVOICE_KINDS)[number];

function statement(pen: Pen, seed: number): void {
  const random = seeded(seed);
  pen.text('Protea Bank', PAGE.left, 40, { size: 18, bold: true });
  pen.text('Bank Statement', PAGE.right, 40, { size: 16, bold: true, right: true });
  pen.text('Account number: 62812345678', PAGE.left, 80);
  pen.text('Statement period: 01/03/2024 - 31/03/2024', PAGE.left, 92);
  pen.text('Opening balance', PAGE.left, 120, { bold: true });
  let balance = random.int(100_000, 900_000);
  pen.text((balance / 100).toFixed(2), PAGE.right, 120, { right: true });
  ['Date', 'Description', 'Amount', 'Balance'].forEach((h, i) =>
    pen.text(h, [PAGE.left, 120, 420, PAGE.right][i] ?? 0, 150, { bold: true, right: i >= 2 }),
  );
  for (let row = 0; row < 12; row += 1) {
    const amount = random.int(-50_000, 30_000);
    balance += amount;
    const y = 168 + row * 15;
    pen.text(`${String(row + 2).padStart(2, '0')}/03/2024`, PAGE.left, y);
    pen.text(
      random.pick([
        'POS purchase Woolworths',
        'Payment received, invoice INV-2024-0042',
        'Debit order Telkom',
        'ATM withdrawal',
      ]),
      120,
      y,
    );
    pen.text((amount / 100).toFixed(2), 420, y, { right: true });
    pen.text((balance / 100).toFixed(2), PAGE.right, y, { right: true });
  }
  pen.text('Closing balance', PAGE.left, 360, { bold: true });
  pen.text((balance / 100).toFixed(2), PAGE.right, 360, { right: true });
  pen.text('Total', PAGE.left, 380, { bold: true });
  pen.text((balance / 100).toFixed(2), PAGE.right, 380, { right: true });
}

function letter(pen: Pen, seed: number): void {
  const random = seeded(seed);
  pen.text('Harbour Lane Consulting Ltd', PAGE.left, 40, { size: 16, bold: true });
  pen.text('14 Bridge Street', PAGE.left, 62);
  pen.text('London EC1A 1BB', PAGE.left, 73);
  pen.text(`Date: ${random.int(1, 28)} March 2024`, PAGE.left, 120);
  pen.text('Reference: HL/2024/117', PAGE.left, 132);
  pen.text('Dear Ms Naidoo,', PAGE.left, 170);
  const body = [
    'Thank you for your letter of 2 March. We have reviewed the invoice you mentioned and',
    'confirm that the amount of £1,250.00 was received on 28 February 2024.',
    'Please do not hesitate to contact us should you have any further questions.',
  ];
  body.forEach((line, i) => pen.text(line, PAGE.left, 195 + i * 13));
  pen.text('Yours sincerely,', PAGE.left, 260);
  pen.text('J. Whitfield', PAGE.left, 300, { bold: true });
}

function quotation(pen: Pen, seed: number): void {
  const random = seeded(seed);
  pen.text('Nordlicht Software GmbH', PAGE.left, 40, { size: 16, bold: true });
  pen.text('ANGEBOT', PAGE.right, 40, { size: 22, bold: true, right: true });
  pen.text('Angebotsnummer: AN-2024-0311', 340, 90);
  pen.text('Datum: 12.03.2024', 340, 102);
  ['Beschreibung', 'Menge', 'Einzelpreis', 'Betrag'].forEach((h, i) =>
    pen.text(h, [PAGE.left, 360, 455, PAGE.right][i] ?? 0, 160, { bold: true, right: i >= 1 }),
  );
  let sum = 0;
  for (let row = 0; row < 3; row += 1) {
    const price = random.int(100, 2000) * 100;
    sum += price;
    const text = `${(price / 100).toFixed(2).replace('.', ',')} €`;
    pen.text(['Beratung', 'Lizenz', 'Schulung'][row] ?? '', PAGE.left, 180 + row * 16);
    pen.text('1', 360, 180 + row * 16, { right: true });
    pen.text(text, 455, 180 + row * 16, { right: true });
    pen.text(text, PAGE.right, 180 + row * 16, { right: true });
  }
  pen.text('Gesamtbetrag', 350, 250, { bold: true });
  pen.text(`${(sum / 100).toFixed(2).replace('.', ',')} €`, PAGE.right, 250, { right: true, bold: true });
}

const DRAW: Record<NonInvoiceKind, (pen: Pen, seed: number) => void> = { statement, letter, quotation };

export const generateNonInvoice = (kind: NonInvoiceKind, seed: number): Promise<Uint8Array> =>
  renderPdf((doc) => DRAW[kind](new Pen(doc), seed));
