import { describe, expect, it } from 'vitest';
import { extractDocumentText } from '../../src/adapters/pdf/index.js';
import { extractInvoice } from '../../src/domain/invoices/index.js';
import { NON_INVOICE_KINDS, generateNonInvoice } from '../generators/invoices/index.js';

/** Documents with dates, amounts, totals and even the word "invoice" that are not invoices. */
describe('documents that are not invoices', () => {
  it.each(NON_INVOICE_KINDS)('a %s is NOT_AN_INVOICE, with a reason', async (kind) => {
    const result = extractInvoice(await extractDocumentText(await generateNonInvoice(kind, 4)));
    expect(result.invoice).toBeUndefined();
    expect(result.error).toMatchObject({ code: 'NOT_AN_INVOICE', message: expect.any(String) as unknown });
    expect(result.error?.message.length).toBeGreaterThan(10);
  });
});
