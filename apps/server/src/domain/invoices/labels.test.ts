import { describe, expect, it } from 'vitest';
import { labelWords, matchColumnLabel, matchFieldLabel } from './labels.js';

describe('matchFieldLabel', () => {
  it.each([
    ['Total HT', 'subtotal'],
    ['Total TTC', 'total'],
    ['Total', 'total'],
    ['Facturé à :', 'customer'],
    ['N° TVA', 'vendorTaxId'],
    ['USt-IdNr.:', 'vendorTaxId'],
    ['Fällig am', 'dueDate'],
    ['Te betalen voor', 'dueDate'],
    ['Te betalen', 'amountDue'],
    ['Faktuurnommer', 'invoiceNumber'],
    ['Invoice #', 'invoiceNumber'],
    ['BTW-nommer', 'vendorTaxId'],
    ['Kontoauszug', 'notInvoice'],
  ])('reads %s as %s (the longest phrase wins)', (text, kind) => {
    expect(matchFieldLabel(text)?.kinds).toContain(kind);
  });

  it('returns the printed value after the label and its colon', () => {
    expect(matchFieldLabel('Rechnungs-Nr.: RE-2024/17')?.remainder).toBe('RE-2024/17');
    expect(matchFieldLabel('Facture N° F12345')?.remainder).toBe('F12345');
  });

  it('does not read text that merely contains a label word', () => {
    expect(matchFieldLabel('Please find our invoice attached')).toBeUndefined();
  });
});

describe('matchColumnLabel', () => {
  it('matches whole header cells only', () => {
    expect(matchColumnLabel('Désignation')).toBe('description');
    expect(matchColumnLabel('P.U. HT')).toBe('unitPrice');
    expect(matchColumnLabel('Amount due')).toBeUndefined();
  });
});

describe('labelWords', () => {
  it('drops case, accents, dots and colons', () => {
    expect(labelWords('Date d’échéance :')).toEqual(['date', "d'echeance"]);
  });
});
