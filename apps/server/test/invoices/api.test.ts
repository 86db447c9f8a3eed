import type { InvoiceExtractionResult } from '@ledgerflow/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../src/services/task-view.js';
import { generateInvoice, generateNonInvoice, type GeneratedInvoice } from '../generators/invoices/index.js';
import { renderPdf } from '../generators/statements/render-pdf.js';
import { as, expectProblem, multipart, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, BACKENDS, isFinished, waitForTask } from '../support/tasks.js';

/**
 * Invoices end to end: generated invoice PDFs through POST /invoices/extract_async, a real worker (the
 * PDF read in its child process), the task's result, and the /invoices resource.
 */
async function submit(
  app: FastifyInstance,
  user: TestUser,
  pdf: Uint8Array,
  options: { password?: string; headers?: Record<string, string>; filename?: string } = {},
) {
  const body = multipart({
    file: { filename: options.filename ?? 'invoice.pdf', content: Buffer.from(pdf), type: 'application/pdf' },
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
  return as(
    app,
    user,
  )({
    method: 'POST',
    url: '/invoices/extract_async',
    ...body,
    headers: { ...body.headers, ...options.headers },
  });
}

interface Extracted<T> {
  value: T;
  confidence: number;
  source: { page: number; x: number; y: number; width: number; height: number };
}

interface InvoiceView {
  id: string;
  file_id: string | null;
  task_id: string | null;
  vendor_name: string | null;
  vendor_tax_id: string | null;
  vendor_address: string | null;
  customer_name: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
  due_date: string | null;
  currency: string | null;
  subtotal_minor: number | null;
  tax_minor: number | null;
  tax_rate_percent: number | null;
  total_minor: number | null;
  iban: string | null;
  payment_reference: string | null;
  duplicate_of: string | null;
  corrected_fields: string[];
  extracted: Record<string, Extracted<unknown> | null>;
  line_items: {
    description: Extracted<string>;
    quantity: Extracted<number> | null;
    unit_price_minor: Extracted<number> | null;
    amount_minor: Extracted<number>;
  }[];
  checks: { code: string; passed: boolean; fields: string[] }[];
  corrections: { field: string; previous: unknown; value: unknown; corrected_by: string | null }[];
}

/**
 * A worker's first invoice forks a child that loads pdf.js (5 s alone on a loaded 2-core machine), so a
 * task may take far longer than the default 20 s to finish when several suites run at once.
 */
const COLD_START_MS = 60_000;

describe.each(BACKENDS)('invoices on the %s backend', { timeout: COLD_START_MS + 30_000 }, (backend) => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(
      backendEnv(backend, {
        PROGRESS_THROTTLE_MS: '0',
        TASK_RETRY_DELAY: '0.2',
        WORKER_CONCURRENCY: '2',
        UPLOAD_MAX_BYTES: String(256 * 1024),
        // Scanned invoices are read by OCR in test/imports/ocr-import.test.ts; here an image-only PDF
        // keeps its old answer (PDF_NO_TEXT_LAYER), as OCR_ENABLED=false promises.
        OCR_ENABLED: 'false',
      }),
    );
    user = await registerUser(ctx.app, `invoices-${backend}`);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  /** Submits, waits for the task to finish, and returns its final view and result. */
  async function extract(pdf: Uint8Array, options: Parameters<typeof submit>[3] = {}) {
    const res = await submit(ctx.app, user, pdf, options);
    expect(res.statusCode, res.body).toBe(202);
    const { task_id: taskId, status } = res.json<{ task_id: string; status: string }>();
    expect(status).toBe('submitted');
    const { last } = await waitForTask(ctx.app, user, taskId, isFinished, COLD_START_MS);
    const result = await as(ctx.app, user)({ method: 'GET', url: `/tasks/${taskId}/result` });
    return { taskId, task: last, result: result.json<{ result: InvoiceExtractionResult | null }>().result };
  }

  const getInvoice = async (id: string) => {
    const res = await as(ctx.app, user)({ method: 'GET', url: `/invoices/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<InvoiceView>();
  };

  const expectFields = (view: InvoiceView, generated: GeneratedInvoice) => {
    const e = generated.expected;
    expect(view).toMatchObject({
      vendor_name: e.vendorName,
      vendor_tax_id: e.vendorTaxId,
      vendor_address: e.vendorAddress,
      customer_name: e.customerName,
      invoice_number: e.invoiceNumber,
      invoice_date: e.invoiceDate,
      due_date: e.dueDate,
      currency: e.currency,
      subtotal_minor: e.subtotalMinor,
      tax_minor: e.taxMinor,
      tax_rate_percent: e.taxRatePercent ?? null,
      total_minor: e.totalMinor,
      iban: e.iban ?? null,
      payment_reference: e.paymentReference,
    });
    expect(
      view.line_items.map((line) => ({
        description: line.description.value,
        ...(line.quantity ? { quantity: line.quantity.value } : {}),
        ...(line.unit_price_minor ? { unitPriceMinor: line.unit_price_minor.value } : {}),
        amountMinor: line.amount_minor.value,
      })),
    ).toEqual(e.lineItems);
  };

  let first: { invoiceId: string; generated: GeneratedInvoice; fileId: string };

  it('reads a two-page invoice: progress checkpoints, a result, and every field exact with its source', async () => {
    const generated = await generateInvoice({ layout: 'two-page', language: 'de', seed: 11 });
    const messages: string[] = [];
    const unsubscribe = ctx.container.taskQueue.subscribe('task.updated', (data) => {
      const { task } = data as TaskEvent;
      if (task.task_name === 'extract_invoice_metadata' && task.progress_message)
        messages.push(task.progress_message);
    });
    const { task, result } = await extract(generated.pdf);
    // The broadcasts may trail the status the test polled under load: give them a moment to arrive.
    for (let waited = 0; waited < 5000 && !messages.includes('Saving invoice...'); waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    unsubscribe();
    expect(task).toMatchObject({ status: 'SUCCESS', progress_percent: 100, queue: 'default', attempt: 1 });
    expect(messages).toEqual(
      expect.arrayContaining([
        'Reading file...',
        'Extracting text...',
        'Reading invoice fields...',
        'Saving invoice...',
      ]),
    );
    expect(result).toMatchObject({
      vendor_name: generated.expected.vendorName,
      invoice_number: generated.expected.invoiceNumber,
      invoice_date: generated.expected.invoiceDate,
      total_minor: generated.expected.totalMinor,
      currency: 'EUR',
      duplicate_of: null,
      issues: [],
    });
    expect(result?.confidence).toBeGreaterThanOrEqual(0.85);

    const view = await getInvoice(result!.invoice_id);
    expectFields(view, generated);
    expect(view.checks.length).toBeGreaterThan(0);
    expect(view.checks.every((c) => c.passed)).toBe(true);
    // Every field a check names is one the view has, so a client can highlight it.
    for (const name of view.checks.flatMap((c) => c.fields)) {
      const line = /^line_items\[(\d+)\]$/.exec(name);
      if (line) expect(view.line_items[Number(line[1])], name).toBeDefined();
      else expect(Object.keys(view.extracted), name).toContain(name);
    }
    expect(view.extracted.total_minor?.source.page).toBe(2);
    expect(view.extracted.invoice_number).toMatchObject({
      value: generated.expected.invoiceNumber,
      source: { page: 1 },
    });
    expect(view.line_items.at(-1)?.amount_minor.source.page).toBe(2);
    expect(view.corrected_fields).toEqual([]);

    // The upload is kept as a file of the organization, with the invoice pointing at it.
    const file = await as(ctx.app, user)({ method: 'GET', url: `/files/${view.file_id}` });
    expect(file.json()).toMatchObject({ purpose: 'invoice', content_type: 'application/pdf' });
    first = { invoiceId: view.id, generated, fileId: view.file_id! };
  });

  it('recognizes the same invoice uploaded again as a duplicate, and lists with filters', async () => {
    const { result } = await extract(first.generated.pdf, { filename: 'again.pdf' });
    expect(result).toMatchObject({ duplicate_of: first.invoiceId });
    expect(result?.issues.map((i) => i.code)).toEqual(['DUPLICATE_INVOICE']);
    const other = await generateInvoice({ layout: 'classic', language: 'en', seed: 12 });
    const third = await extract(other.pdf);
    expect(third.result?.duplicate_of).toBeNull();

    const list = async (query: string) => {
      const res = await as(ctx.app, user)({ method: 'GET', url: `/invoices${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ total: number; items: { id: string }[] }>();
    };
    const all = await list('');
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.id)).toEqual([
      third.result!.invoice_id,
      result!.invoice_id,
      first.invoiceId,
    ]);
    expect((await list('?duplicate=true')).items.map((i) => i.id)).toEqual([result!.invoice_id]);
    expect((await list('?duplicate=false')).total).toBe(2);
    const vendorPart = other.expected.vendorName.slice(1, 6).toUpperCase();
    expect((await list(`?vendor=${encodeURIComponent(vendorPart)}`)).items.map((i) => i.id)).toEqual([
      third.result!.invoice_id,
    ]);
    expect((await list('?vendor=%25')).total).toBe(0); // a literal %, not a wildcard
    const date = other.expected.invoiceDate;
    expect((await list(`?date_from=${date}&date_to=${date}`)).items.map((i) => i.id)).toContain(
      third.result!.invoice_id,
    );
    expect((await list(`?currency=${other.expected.currency}&limit=1`)).items).toHaveLength(1);
    expectProblem(await as(ctx.app, user)({ method: 'GET', url: '/invoices?date_from=yesterday' }), 400);
  });

  it('keeps corrections beside the extraction, validates them, and re-evaluates duplicates', async () => {
    const duplicates = await as(ctx.app, user)({ method: 'GET', url: '/invoices?duplicate=true' });
    const copyId = duplicates.json<{ items: { id: string }[] }>().items[0]!.id;
    const patch = (id: string, payload: object) =>
      as(ctx.app, user)({ method: 'PATCH', url: `/invoices/${id}`, payload });

    const res = await patch(copyId, {
      invoice_number: 'CORRECTED-1',
      due_date: '2030-01-31',
      currency: 'usd',
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<InvoiceView>();
    expect(view).toMatchObject({
      invoice_number: 'CORRECTED-1',
      due_date: '2030-01-31',
      currency: 'USD',
      duplicate_of: null, // another number: no longer the same invoice
      corrected_fields: ['currency', 'due_date', 'invoice_number'],
    });
    expect(view.extracted.invoice_number?.value).toBe(first.generated.expected.invoiceNumber);
    expect(view.corrections).toContainEqual(
      expect.objectContaining({
        field: 'invoice_number',
        previous: first.generated.expected.invoiceNumber,
        value: 'CORRECTED-1',
        corrected_by: user.userId,
      }),
    );
    // Back to the printed number and currency: a duplicate again.
    const back = await patch(copyId, {
      invoice_number: first.generated.expected.invoiceNumber,
      currency: 'EUR',
    });
    expect(back.json<InvoiceView>().duplicate_of).toBe(first.invoiceId);

    expectProblem(await patch(copyId, { invoice_date: '2024-02-30' }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch(copyId, { iban: 'DE89 3704 0044 0532 0130 01' }), 422, 'VALIDATION_FAILED');
    expectProblem(await patch(copyId, { total_minor: 12.5 }), 400, 'VALIDATION_FAILED');
    expectProblem(await patch(copyId, { vendor_name: '   ' }), 422, 'VALIDATION_FAILED');
    expectProblem(await patch(copyId, {}), 400);
    const ok = await patch(copyId, { iban: 'de89 3704 0044 0532 0130 00' });
    expect(ok.json<InvoiceView>().iban).toBe('DE89370400440532013000');
  });

  it('deletes an invoice and its PDF; the next copy becomes the original', async () => {
    const del = await as(ctx.app, user)({ method: 'DELETE', url: `/invoices/${first.invoiceId}` });
    expect(del.statusCode, del.body).toBe(204);
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/invoices/${first.invoiceId}` }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/files/${first.fileId}` }),
      404,
      'NOT_FOUND',
    );
    const list = await as(ctx.app, user)({ method: 'GET', url: '/invoices?duplicate=true' });
    expect(list.json<{ total: number }>().total).toBe(0);
  });

  describe('bad input fails the task with its code, without retrying, and the worker keeps serving', () => {
    const cases: [string, () => Promise<{ pdf: Uint8Array; password?: string }>, string][] = [
      [
        'a corrupt PDF',
        async () => ({ pdf: Buffer.from(`%PDF-1.7\n${'garbage '.repeat(200)}`) }),
        'PDF_INVALID',
      ],
      [
        'a truncated PDF',
        async () => {
          const { pdf } = await generateInvoice({ layout: 'classic', language: 'fr', seed: 21 });
          return { pdf: pdf.slice(0, Math.floor(pdf.length / 2)) };
        },
        'PDF_INVALID',
      ],
      [
        'an encrypted PDF without a password',
        async () => ({
          pdf: (await generateInvoice({ layout: 'inline', language: 'nl', seed: 22, password: 'sesame' }))
            .pdf,
        }),
        'PDF_PASSWORD_REQUIRED',
      ],
      [
        'an encrypted PDF with a wrong password',
        async () => ({
          pdf: (await generateInvoice({ layout: 'inline', language: 'nl', seed: 22, password: 'sesame' }))
            .pdf,
          password: 'open-barley',
        }),
        'PDF_PASSWORD_INCORRECT',
      ],
      [
        'an image-only PDF (OCR off)',
        async () => ({ pdf: await renderPdf((doc) => void doc.rect(50, 50, 400, 500).fill('#888')) }),
        'PDF_NO_TEXT_LAYER',
      ],
      [
        'a PDF of more pages than an invoice has (51)',
        async () => ({
          pdf: await renderPdf((doc) => {
            for (let page = 1; page <= 51; page++) {
              if (page > 1) doc.addPage({ size: 'A4', margin: 0 });
              doc.fontSize(12).text(`Invoice appendix page ${page}`, 72, 72, { lineBreak: false });
            }
          }),
        }),
        'PDF_TOO_MANY_PAGES',
      ],
      [
        'a PDF that is not an invoice',
        async () => ({ pdf: await generateNonInvoice('letter', 23) }),
        'NOT_AN_INVOICE',
      ],
    ];

    it.each(cases)('%s', async (_name, make, code) => {
      const { pdf, password } = await make();
      const { task, result } = await extract(pdf, password ? { password } : {});
      expect(task).toMatchObject({ status: 'FAILED', attempt: 1, error: { code } });
      expect(task.error?.message.length).toBeGreaterThan(5);
      expect(task.next_retry_at).toBeNull();
      expect(result).toBeNull();
    });

    it('reads the encrypted invoice with the right password, which is never stored in clear', async () => {
      const generated = await generateInvoice({
        layout: 'inline',
        language: 'nl',
        seed: 22,
        password: 'sesame',
      });
      const { taskId, task, result } = await extract(generated.pdf, { password: 'sesame' });
      expect(task.status).toBe('SUCCESS');
      expect(result?.total_minor).toBe(generated.expected.totalMinor);
      const row = await ctx.container.database.db
        .selectFrom('tasks')
        .select(['payload'])
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row.payload)).not.toContain('sesame');
      expect(row.payload).toMatchObject({ password_sealed: expect.stringMatching(/^v1\./) as unknown });
      const status = await as(ctx.app, user)({ method: 'GET', url: `/tasks/${taskId}/status` });
      expect(status.body).not.toContain('sesame');
      expect(status.body).not.toContain('password');
    });

    it('still reads good invoices after all of that', async () => {
      const generated = await generateInvoice({ layout: 'window-envelope', language: 'af', seed: 24 });
      const { task, result } = await extract(generated.pdf);
      expect(task.status).toBe('SUCCESS');
      expectFields(await getInvoice(result!.invoice_id), generated);
    });
  });

  describe('uploads refused before a task exists', () => {
    const invoiceFiles = async () => {
      const res = await as(ctx.app, user)({ method: 'GET', url: '/files?purpose=invoice' });
      return res.json<{ total: number }>().total;
    };

    it('an empty file, a file that is not a PDF, an oversized file, or no file at all', async () => {
      const before = await invoiceFiles();
      expectProblem(await submit(ctx.app, user, new Uint8Array()), 422, 'EMPTY_FILE');
      expectProblem(
        await submit(ctx.app, user, Buffer.from('PK\u0003\u0004 a zip, not a pdf'), { filename: 'x.pdf' }),
        415,
        'NOT_A_PDF',
      );
      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300 * 1024, 32)]);
      expectProblem(await submit(ctx.app, user, big), 413, 'PAYLOAD_TOO_LARGE');
      const noFile = await as(
        ctx.app,
        user,
      )({
        method: 'POST',
        url: '/invoices/extract_async',
        ...multipart({ password: 'x' }),
      });
      expectProblem(noFile, 400, 'VALIDATION_FAILED');
      expect(await invoiceFiles()).toBe(before);
    });

    it('an Idempotency-Key replay returns the first task and keeps one copy of the file', async () => {
      const generated = await generateInvoice({ layout: 'sidebar', language: 'en', seed: 25 });
      const before = await invoiceFiles();
      const headers = { 'idempotency-key': `invoice-${backend}-25` };
      const a = await submit(ctx.app, user, generated.pdf, { headers });
      const b = await submit(ctx.app, user, generated.pdf, { headers });
      expect(a.statusCode, a.body).toBe(202);
      expect(b.json<{ task_id: string }>().task_id).toBe(a.json<{ task_id: string }>().task_id);
      expect(await invoiceFiles()).toBe(before + 1);
      const other = await generateInvoice({ layout: 'sidebar', language: 'en', seed: 26 });
      expectProblem(await submit(ctx.app, user, other.pdf, { headers }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await invoiceFiles()).toBe(before + 1);
      await waitForTask(ctx.app, user, a.json<{ task_id: string }>().task_id, isFinished);
    });
  });
});
