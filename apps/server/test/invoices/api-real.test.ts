import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InvoiceExtractionResult } from '@ledgerflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdfContent } from '../../src/adapters/pdf/index.js';
import { minorToDecimal } from '../../src/domain/money.js';
import { as, multipart, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, isFinished, waitForTask } from '../support/tasks.js';
import { FIXTURE_DIR, TEXT_REQUIRED, realFixtures, type ExpectedInvoiceFile } from './real-fixtures.js';

/**
 * Real invoices through the HTTP API and a real worker (issue 13): a printed PDF (read from its text), a
 * Factur-X / ZUGFeRD PDF (read from its embedded XML) and an e-invoice uploaded as a bare XML file, each
 * compared with its hand-checked expected file as the API returns it.
 */
const COLD_START_MS = 60_000;

interface InvoiceView {
  vendor_name: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
  due_date: string | null;
  currency: string | null;
  subtotal_minor: number | null;
  tax_minor: number | null;
  total_minor: number | null;
  iban: string | null;
  vendor_tax_id: string | null;
}

const fixture = (name: string) => {
  const found = realFixtures().find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
};

/** The API's view in the expected file's terms (money as decimal strings). */
function asExpected(view: InvoiceView): Record<(typeof TEXT_REQUIRED)[number], string | null> {
  const money = (minor: number | null) =>
    minor === null ? null : minorToDecimal(minor, view.currency ?? 'EUR');
  return {
    vendor_name: view.vendor_name,
    invoice_number: view.invoice_number,
    invoice_date: view.invoice_date,
    due_date: view.due_date,
    currency: view.currency,
    subtotal: money(view.subtotal_minor),
    tax: money(view.tax_minor),
    total: money(view.total_minor),
    iban: view.iban,
  };
}

const required = (expected: ExpectedInvoiceFile) =>
  Object.fromEntries(TEXT_REQUIRED.map((field) => [field, expected[field]]));

describe('real invoices through the API', { timeout: COLD_START_MS + 30_000 }, () => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(backendEnv('postgres', { PROGRESS_THROTTLE_MS: '0' }));
    user = await registerUser(ctx.app, 'invoices-real');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  async function extract(content: Uint8Array, filename: string, type: string) {
    const body = multipart({ file: { filename, content: Buffer.from(content), type } });
    const res = await as(ctx.app, user)({ method: 'POST', url: '/invoices/extract_async', ...body });
    expect(res.statusCode, res.body).toBe(202);
    const { task_id: taskId } = res.json<{ task_id: string }>();
    const { last } = await waitForTask(ctx.app, user, taskId, isFinished, COLD_START_MS);
    expect(last.status, JSON.stringify(last)).toBe('SUCCESS');
    const result = await as(ctx.app, user)({ method: 'GET', url: `/tasks/${taskId}/result` });
    const extraction = result.json<{ result: InvoiceExtractionResult }>().result;
    const view = await as(ctx.app, user)({ method: 'GET', url: `/invoices/${extraction.invoice_id}` });
    return { extraction, view: view.json<InvoiceView>() };
  }

  it('reads a printed US invoice (scanned, OCR text layer) exactly from its text', async () => {
    const { pdfPath, expected } = fixture('sensible/invoice-SI80000');
    const { extraction, view } = await extract(readFileSync(pdfPath), 'invoice.pdf', 'application/pdf');
    expect(extraction.source).toBe('text');
    expect(asExpected(view)).toEqual(required(expected));
  });

  it('reads a ZUGFeRD PDF from its embedded XML, every field exact, the print agreeing', async () => {
    const { pdfPath, expected } = fixture('mustang/gnuaccounting-RE-20170509-505');
    const { extraction, view } = await extract(readFileSync(pdfPath), 'rechnung.pdf', 'application/pdf');
    expect(extraction.source).toBe('embedded_xml');
    expect(asExpected(view)).toEqual(required(expected));
    expect(view.vendor_tax_id).toBe(expected.vendor_tax_id);
    expect(extraction.issues.filter((i) => i.code === 'PRINTED_TEXT_CONFLICTS_WITH_XML')).toEqual([]);
  });

  it('reads a Factur-X XML uploaded on its own file', async () => {
    const { pdfPath, expected } = fixture('mustang/facture-F20180027');
    const { attachments } = await extractPdfContent(new Uint8Array(readFileSync(pdfPath)), {
      attachments: true,
    });
    const xml = attachments.find((a) => /factur-x\.xml$/i.test(a.fileName));
    expect(xml, path.relative(FIXTURE_DIR, pdfPath)).toBeDefined();
    const { extraction, view } = await extract(xml!.content, 'factur-x.xml', 'application/xml');
    expect(extraction.source).toBe('embedded_xml');
    expect(asExpected(view)).toEqual(required(expected));
    expect(view.vendor_tax_id).toBe(expected.vendor_tax_id);
  });
});
