import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalToMinor } from '../../src/domain/money.js';
import { TaskChannel } from '../../src/services/task-queue.port.js';
import type { TaskEvent, TaskView } from '../../src/services/task-view.js';
import { flateBombPdf } from '../generators/hostile.js';
import { renderPdf } from '../generators/statements/render-pdf.js';
import {
  generateStatement as generateExport,
  PLAIN_CSV,
  renderCsv,
} from '../generators/exports/statement-generator.js';
import { generateScannedStatement, generateStatement } from '../generators/statements/index.js';
import { as, expectProblem, multipart, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, isFinished, waitForTask } from '../support/tasks.js';
import { getJson, importFile, statementTransactions } from './support.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/statements/standard-bank');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

let ctx: TestContext;
let user: TestUser;

beforeAll(async () => {
  ctx = await createWorkerTestContext(
    backendEnv('postgres', {
      TASK_RETRY_DELAY: '0.05',
      WORKER_CONCURRENCY: '2',
      PDF_MAX_PAGES: '20',
      CHILD_MEMORY_MB: '128', // 128 MB over a child's start: a decompression bomb passes it in seconds
      PROGRESS_THROTTLE_MS: '0', // every checkpoint is written and broadcast, so the test can see each
      // Text PDFs here; scans are read by OCR in ocr-import.test.ts. Off, an image-only PDF fails as before.
      OCR_ENABLED: 'false',
    }),
  );
  user = await registerUser(ctx.app, 'pdf-import');
});
afterAll(async () => {
  await ctx?.close();
});

describe('PDF statement import through parse_statement', () => {
  it('imports a generated multi-page statement exactly, with the original progress checkpoints', async () => {
    const { pdf, expected } = await generateStatement('dmy-signed', { seed: 7, count: 150 });
    const events: TaskView[] = [];
    let probed = false;
    const unsubscribe = ctx.container.taskQueue.subscribe(TaskChannel.updated, (event) => {
      if ((event as { probe?: boolean }).probe) probed = true;
      else events.push((event as TaskEvent).task);
    });
    // A new subscription sees only what is published after it starts reading: wait until it hears us.
    while (!probed) {
      await ctx.container.taskQueue.publish(TaskChannel.updated, { probe: true });
      await new Promise((r) => setTimeout(r, 50));
    }
    const outcome = await importFile(ctx.app, user, { name: 'march.pdf', content: pdf });
    unsubscribe();
    const mine = events.filter((e) => e.task_id === outcome.task_id);
    const messages = mine.map((e) => `${e.progress_percent} ${e.progress_message}`);
    for (const checkpoint of [
      '0 Parsing PDF...',
      '25 Converting PDF to CSV...',
      '50 Normalizing transactions...',
      `75 Saving ${expected.transactions.length} transactions...`,
      '100 Completed',
    ]) {
      expect(messages).toContain(checkpoint);
    }
    expect(messages.some((m) => /^\d+ Parsing PDF page 2 of \d+\.\.\.$/.test(m))).toBe(true);
    const percents = mine.map((e) => e.progress_percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    expect(outcome.last.progress_percent).toBe(100);
    expect(outcome.last.progress_message).toBe('Completed');
    expect(outcome.last.attempt).toBe(1);
    const result = outcome.result!;
    expect(result).toMatchObject({
      transaction_count: expected.transactions.length,
      duplicate_count: 0,
      reconciled: true,
      reconciliation_checked: true,
      issues: [],
      format: 'pdf',
    });
    expect(typeof result.session_id).toBe('string');

    const statement = await getJson<Record<string, unknown>>(
      ctx.app,
      user,
      `/statements/${result.session_id as string}`,
    );
    expect(statement).toMatchObject({
      opening_balance_minor: expected.openingMinor,
      closing_balance_minor: expected.closingMinor,
      account_kind: expected.kind,
      currency: expected.currency,
      reconciled: true,
      original_name: 'march.pdf',
    });
    const rows = await statementTransactions(ctx.app, user, result.session_id as string);
    expect(rows.map((r) => [r.date, r.amount_minor, r.description])).toEqual(
      expected.transactions.map((t) => [t.date, t.amountMinor, t.description]),
    );
  });

  it('adds no duplicates when the same statement is imported again, and keeps identical rows of one statement', async () => {
    const { pdf, expected } = await generateStatement('mdy-debit-credit-usd', { seed: 3, count: 60 });
    const first = await importFile(ctx.app, user, { name: 'a.pdf', content: pdf });
    expect(first.last.status).toBe('SUCCESS');
    const again = await importFile(ctx.app, user, { name: 'a-again.pdf', content: pdf });
    expect(again.last.status).toBe('SUCCESS');
    expect(again.result).toMatchObject({
      transaction_count: 0,
      duplicate_count: expected.transactions.length,
    });
    const account = (first.result!.account as { id: string }).id;
    expect((again.result!.account as { id: string }).id).toBe(account);
    const all = await getJson<{ total: number }>(
      ctx.app,
      user,
      `/transactions?account_id=${account}&limit=1`,
    );
    expect(all.total).toBe(expected.transactions.length);
  });

  it('keeps two genuinely identical transactions on one statement', async () => {
    const lines = [
      ['01/03/2024', 'Opening balance', '', '1000.00'],
      ['02/03/2024', 'COFFEE SHOP', '-30.00', '970.00'],
      ['02/03/2024', 'COFFEE SHOP', '-30.00', '940.00'],
      ['05/03/2024', 'SALARY', '500.00', '1440.00'],
    ];
    const pdf = await renderPdf((doc) => {
      doc.font('Helvetica').fontSize(10);
      doc.text('Example Bank statement  Account 12345678  Period 01/03/2024 to 31/03/2024', 40, 40, {
        lineBreak: false,
      });
      const header = ['Date', 'Description', 'Amount', 'Balance'];
      const xs = [40, 120, 360, 460];
      header.forEach((h, i) => doc.text(h, xs[i], 90, { lineBreak: false }));
      lines.forEach((line, row) =>
        line.forEach((cell, i) => cell && doc.text(cell, xs[i], 110 + row * 16, { lineBreak: false })),
      );
      doc.text('Closing balance 1440.00', 40, 110 + lines.length * 16 + 10, { lineBreak: false });
    });
    const outcome = await importFile(ctx.app, user, { name: 'twins.pdf', content: pdf });
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    const rows = await statementTransactions(ctx.app, user, outcome.result!.session_id as string);
    expect(rows.filter((r) => r.description === 'COFFEE SHOP')).toHaveLength(2);
    expect(outcome.result).toMatchObject({ duplicate_count: 0, reconciled: true });
  });

  it('imports the shared Standard Bank fixture exactly', async () => {
    const expected = JSON.parse(
      readFileSync(path.join(FIXTURES, 'family-a-current.expected.json'), 'utf8'),
    ) as {
      transactions: { date: string; description: string; amount: string }[];
    };
    const outcome = await importFile(
      ctx.app,
      user,
      { name: 'sb.pdf', content: fixture('family-a-current.pdf') },
      { bank: 'standard_bank' },
    );
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    expect(outcome.result).toMatchObject({ bank_source: 'standard_bank', reconciled: true });
    const rows = await statementTransactions(ctx.app, user, outcome.result!.session_id as string);
    expect(rows.map((r) => [r.date, r.amount_minor, r.description])).toEqual(
      expected.transactions.map((t) => [t.date, decimalToMinor(t.amount), t.description]),
    );
  });

  it('imports a combined statement of two accounts as two statements, each exact and reconciled', async () => {
    const dir = path.resolve(import.meta.dirname, '../fixtures/statements/ally');
    const expected = JSON.parse(
      readFileSync(path.join(dir, 'combined-savings-2021-08.expected.json'), 'utf8'),
    ) as {
      accounts: { opening_balance: string; closing_balance: string; transactions: { amount: string }[] }[];
    };
    const outcome = await importFile(ctx.app, user, {
      name: 'ally.pdf',
      content: new Uint8Array(readFileSync(path.join(dir, 'combined-savings-2021-08.pdf'))),
    });
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    const sessions = outcome.result!.statements as {
      session_id: string;
      reconciled: boolean;
      opening_balance: string;
      closing_balance: string;
    }[];
    expect(sessions).toHaveLength(2);
    expect(outcome.result).toMatchObject({ transaction_count: 13 });
    for (const [index, account] of expected.accounts.entries()) {
      expect(sessions[index]).toMatchObject({
        reconciled: true,
        opening_balance: account.opening_balance,
        closing_balance: account.closing_balance,
      });
      const rows = await statementTransactions(ctx.app, user, sessions[index]!.session_id);
      expect(rows.map((r) => r.amount_minor)).toEqual(
        account.transactions.map((t) => decimalToMinor(t.amount)),
      );
    }
  });

  it('saves an unreconciled statement with its issues, but refuses it with strict=true and saves nothing', async () => {
    const pdf = fixture('family-a-checksum-fail.pdf');
    const before = await getJson<{ total: number }>(ctx.app, user, '/statements?limit=1');
    const strict = await importFile(ctx.app, user, { name: 'bad.pdf', content: pdf }, { strict: 'true' });
    expect(strict.last.status).toBe('FAILED');
    expect(strict.last.error?.code).toBe('STATEMENT_NOT_RECONCILED');
    expect(strict.last.attempt).toBe(1);
    expect((await getJson<{ total: number }>(ctx.app, user, '/statements?limit=1')).total).toBe(before.total);

    const lenient = await importFile(ctx.app, user, { name: 'bad.pdf', content: pdf });
    expect(lenient.last.status).toBe('SUCCESS');
    expect(lenient.result!.reconciled).toBe(false);
    const issues = lenient.result!.issues as { code: string; rows: number[] }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((issue) => issue.rows.length > 0)).toBe(true);
    const statement = await getJson<{ reconciled: boolean; issues: unknown[] }>(
      ctx.app,
      user,
      `/statements/${lenient.result!.session_id as string}`,
    );
    expect(statement.reconciled).toBe(false);
    expect(statement.issues).toEqual(issues);
  });
});

describe('cancelling and choosing the account', () => {
  it('a cancelled import saves nothing', async () => {
    // Large enough (seconds of parsing and saving) that the cancel lands while it runs.
    const csv = renderCsv(generateExport({ seed: 77, rows: 60_000 }), PLAIN_CSV);
    const before = await getJson<{ total: number }>(ctx.app, user, '/statements?limit=1');
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/upload_pdf_async',
      ...multipart({ file: { filename: 'cancel.csv', content: Buffer.from(csv) } }),
    });
    const { task_id } = res.json<{ task_id: string }>();
    await waitForTask(ctx.app, user, task_id, (v) => v.status === 'PROCESSING');
    const cancel = await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${task_id}` });
    expect(cancel.statusCode, cancel.body).toBeLessThan(300);
    const { last } = await waitForTask(ctx.app, user, task_id, isFinished);
    expect(last.status).toBe('CANCELLED');
    expect((await getJson<{ total: number }>(ctx.app, user, '/statements?limit=1')).total).toBe(before.total);
  });

  it('imports into the account chosen, and refuses one in another currency', async () => {
    const first = await generateStatement('eu-money-in-out', { seed: 81, count: 12 });
    const created = await importFile(ctx.app, user, { name: 'eu.pdf', content: first.pdf });
    const account = created.result!.account as { id: string; currency: string };
    const again = await generateStatement('eu-money-in-out', { seed: 82, count: 12 });
    const chosen = await importFile(
      ctx.app,
      user,
      { name: 'eu2.pdf', content: again.pdf },
      { account_id: account.id },
    );
    expect(chosen.last.status, JSON.stringify(chosen.last.error)).toBe('SUCCESS');
    expect((chosen.result!.account as { id: string }).id).toBe(account.id);

    const other = await generateStatement('mdy-debit-credit-usd', { seed: 83, count: 12 });
    expect(other.expected.currency).not.toBe(account.currency);
    const refused = await importFile(
      ctx.app,
      user,
      { name: 'usd.pdf', content: other.pdf },
      { account_id: account.id },
    );
    expect(refused.last.status).toBe('FAILED');
    expect(refused.last.error?.code).toBe('ACCOUNT_CURRENCY_MISMATCH');
    expect(refused.last.attempt).toBe(1);
  });
});

describe('automatic categorization on import', () => {
  it("files new transactions by the organization's rules and leaves manual categories alone", async () => {
    const categories = await getJson<{ items: { id: string; key: string | null }[] }>(
      ctx.app,
      user,
      '/categories',
    );
    const coffee = categories.items.find((c) => c.key !== null && c.key.startsWith('expense.'))!;
    const rule = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/rules',
      payload: {
        name: 'Coffee',
        conditions: {
          match: 'all',
          conditions: [{ field: 'description', op: 'contains', value: 'coffee  bean' }],
        },
        actions: [
          { type: 'set_category', category_id: coffee.id },
          { type: 'add_tags', tags: ['caffeine'] },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const lines = [
      ['01/05/2024', 'Opening balance', '', '500.00'],
      ['02/05/2024', 'THE COFFEE BEAN CO', '-42.00', '458.00'],
      ['03/05/2024', 'RENT MAY', '-300.00', '158.00'],
      ['04/05/2024', 'Coffee Bean Roasters', '-18.00', '140.00'],
    ];
    const pdf = await renderPdf((doc) => {
      doc.font('Helvetica').fontSize(10);
      const xs = [40, 120, 360, 460];
      ['Date', 'Description', 'Amount', 'Balance'].forEach((h, i) =>
        doc.text(h, xs[i], 90, { lineBreak: false }),
      );
      lines.forEach((line, row) =>
        line.forEach((cell, i) => cell && doc.text(cell, xs[i], 110 + row * 16, { lineBreak: false })),
      );
    });
    const outcome = await importFile(ctx.app, user, { name: 'coffee.pdf', content: pdf });
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    // The organization's own rule and its starter rules (rent) together.
    expect(outcome.result).toMatchObject({ transaction_count: 3, categorized_count: 3 });
    const rent = categories.items.find((c) => c.key === 'expense.housing.rent')!;
    const rows = await statementTransactions(ctx.app, user, outcome.result!.session_id as string);
    expect(rows.map((r) => [r.description, r.category_id, r.category_source, r.tags])).toEqual([
      ['THE COFFEE BEAN CO', coffee.id, 'rule', ['caffeine']],
      ['RENT MAY', rent.id, 'rule', []],
      ['Coffee Bean Roasters', coffee.id, 'rule', ['caffeine']],
    ]);
  });
});

describe('bad PDFs', () => {
  const hello = () =>
    renderPdf((doc) => {
      doc.fontSize(12).text('Dear customer, thank you for your letter.', 50, 50);
    });

  it('refuses an empty upload and a file of no supported type at upload time, storing nothing', async () => {
    const empty = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/upload_pdf_async',
      ...multipart({ file: { filename: 'empty.pdf', content: Buffer.alloc(0) } }),
    });
    expectProblem(empty, 422, 'EMPTY_FILE');
    const binary = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/upload_pdf_async',
      ...multipart({
        file: {
          filename: 'photo.jpg',
          content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 1, 2, 3, 0, 0, 0]),
        },
      }),
    });
    expectProblem(binary, 415, 'UNSUPPORTED_FILE_TYPE');
    const missing = await as(
      ctx.app,
      user,
    )({ method: 'POST', url: '/upload_pdf_async', ...multipart({ bank: 'fnb' }) });
    expectProblem(missing, 400, 'VALIDATION_FAILED');
    const badField = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/upload_pdf_async',
      ...multipart({ strict: 'maybe', file: { filename: 'a.pdf', content: Buffer.from(await hello()) } }),
    });
    expectProblem(badField, 400, 'VALIDATION_FAILED');
    const files = await getJson<{ items: { purpose: string }[] }>(
      ctx.app,
      user,
      '/files?purpose=statement&limit=200',
    );
    const before = files.items.length;
    const unknownAccount = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/upload_pdf_async',
      ...multipart({
        account_id: '00000000-0000-4000-8000-000000000000',
        file: { filename: 'a.pdf', content: Buffer.from(await hello()) },
      }),
    });
    expectProblem(unknownAccount, 422, 'VALIDATION_FAILED');
    expect(
      (await getJson<{ items: unknown[] }>(ctx.app, user, '/files?purpose=statement&limit=200')).items,
    ).toHaveLength(before);
  });

  it.each([
    [
      'truncated',
      async () => (await generateStatement('dmy-signed', { count: 30 })).pdf.slice(0, 600),
      'PDF_INVALID',
    ],
    ['corrupt', async () => new TextEncoder().encode(`%PDF-1.7\n${'garbage '.repeat(300)}`), 'PDF_INVALID'],
    [
      'a scanned statement (image-only), OCR_ENABLED=false',
      async () => (await generateScannedStatement('dmy-signed', { seed: 3, count: 8 })).scanned,
      'PDF_NO_TEXT_LAYER',
    ],
    ['a letter, not a statement', hello, 'NOT_A_STATEMENT'],
    ['a cyclic page tree', async () => cyclicPdf(), 'PDF_INVALID'],
  ])('%s → FAILED with its code, without retrying', async (_name, make, code) => {
    const outcome = await importFile(ctx.app, user, { name: 'x.pdf', content: await make() });
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toBe(code);
    expect(outcome.last.error?.message.length).toBeGreaterThan(10);
    expect(outcome.last.attempt).toBe(1);
  });

  it('needs the password of an encrypted statement, tells a wrong one, and imports with the right one', async () => {
    const secret = await renderPdf(
      (doc) => {
        doc.font('Helvetica').fontSize(10);
        doc.text('Date', 40, 90, { lineBreak: false });
        doc.text('Description', 120, 90, { lineBreak: false });
        doc.text('Amount', 360, 90, { lineBreak: false });
        doc.text('Balance', 460, 90, { lineBreak: false });
        doc.text('Opening balance', 120, 110, { lineBreak: false });
        doc.text('100.00', 460, 110, { lineBreak: false });
        doc.text('03/04/2024', 40, 126, { lineBreak: false });
        doc.text('GROCER', 120, 126, { lineBreak: false });
        doc.text('-25.50', 360, 126, { lineBreak: false });
        doc.text('74.50', 460, 126, { lineBreak: false });
      },
      { userPassword: 'open-sesame', ownerPassword: 'owner', pdfVersion: '1.7' },
    );
    const none = await importFile(ctx.app, user, { name: 'secret.pdf', content: secret });
    expect(none.last.error?.code).toBe('PDF_PASSWORD_REQUIRED');
    const wrong = await importFile(
      ctx.app,
      user,
      { name: 'secret.pdf', content: secret },
      { password: 'nope' },
    );
    expect(wrong.last.error?.code).toBe('PDF_PASSWORD_INCORRECT');
    const right = await importFile(
      ctx.app,
      user,
      { name: 'secret.pdf', content: secret },
      { password: 'open-sesame' },
    );
    expect(right.last.status, JSON.stringify(right.last.error)).toBe('SUCCESS');
    expect(right.result!.transaction_count).toBe(1);
    // The password is sealed in the task payload, never stored in clear.
    const stored = await ctx.container.database.db
      .selectFrom('tasks')
      .select('payload')
      .where('id', '=', right.task_id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.payload)).not.toContain('open-sesame');

    // A replay with the same Idempotency-Key, file and password is the same request (the sealed
    // password differs each time): the first task answers, and the second upload is not kept.
    const files = async () =>
      (await getJson<{ total: number }>(ctx.app, user, '/files?purpose=statement&limit=1')).total;
    const body = multipart({
      password: 'open-sesame',
      file: { filename: 'secret.pdf', content: Buffer.from(secret) },
    });
    const send = () =>
      as(
        ctx.app,
        user,
      )({
        method: 'POST',
        url: '/upload_pdf_async',
        payload: body.payload,
        headers: { ...body.headers, 'idempotency-key': 'secret-statement-1' },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(202);
    const stored1 = await files();
    const replay = await send();
    expect(replay.statusCode, replay.body).toBe(202);
    expect(replay.json<{ task_id: string }>().task_id).toBe(first.json<{ task_id: string }>().task_id);
    expect(await files()).toBe(stored1);
  });

  it('refuses a PDF over the page limit', async () => {
    const { pdf } = await generateStatement('dmy-signed', { seed: 2, count: 3000 });
    const outcome = await importFile(ctx.app, user, { name: 'huge.pdf', content: pdf });
    expect(outcome.last.error?.code, JSON.stringify(outcome.last)).toBe('PDF_TOO_MANY_PAGES');
  });

  it('a decompression bomb stops the child process, fails the task without retrying, and nothing else', async () => {
    // 120 KB on disk; 48 MB of text-showing operators once inflated: millions of text items.
    const page = Buffer.alloc(48 * 1024 * 1024, 'BT /F1 9 Tf 10 10 Td (A) Tj ET\n');
    const deflated = deflateSync(page, { level: 9 });
    const bomb = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      Buffer.concat([
        Buffer.from(`<< /Length ${deflated.length} /Filter /FlateDecode >>\nstream\n`),
        deflated,
        Buffer.from('\nendstream'),
      ]),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]);
    expect(bomb.length).toBeLessThan(150_000);
    const outcome = await importFile(ctx.app, user, { name: 'bomb.pdf', content: bomb });
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toBe('FILE_TOO_COMPLEX');
    expect(outcome.last.attempt).toBe(1);
    // Before the memory watchdog, V8 took 50-56 s to give up on this child (its heap cap alone).
  }, 60_000); // a cold child under tsx takes ~9 s to load on a loaded 2-core machine, the bomb ~10 s more

  it('a Flate bomb inflating outside the JavaScript heap stops at the memory cap too', async () => {
    // 1.5 MB on disk, 1.5 GB of zeros once inflated into a buffer: the heap cap alone let a child reach
    // 3.2 GB resident.
    const outcome = await importFile(ctx.app, user, { name: 'zeros.pdf', content: flateBombPdf(1.5e9) });
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toBe('FILE_TOO_COMPLEX');
    expect(outcome.last.attempt).toBe(1);
  }, 60_000);

  it('deep nesting is refused as an invalid PDF', async () => {
    const deep = rawPdf([
      `<< /Type /Catalog /Pages 2 0 R /Deep ${'['.repeat(100_000)}${']'.repeat(100_000)} >>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] >>',
    ]);
    const outcome = await importFile(ctx.app, user, { name: 'deep.pdf', content: deep });
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toBe('PDF_INVALID');
    expect(outcome.last.attempt).toBe(1);
  });

  it('keeps serving after hostile files', async () => {
    const { pdf } = await generateStatement('eu-money-in-out', { seed: 5, count: 10 });
    const outcome = await importFile(ctx.app, user, { name: 'fine.pdf', content: pdf });
    expect(outcome.last.status).toBe('SUCCESS');
  });
});

describe('reading and correcting imported transactions', () => {
  let statementId: string;
  let rows: Awaited<ReturnType<typeof statementTransactions>>;

  beforeAll(async () => {
    const { pdf } = await generateStatement('space-grouped-rand', { seed: 21, count: 40 });
    const outcome = await importFile(ctx.app, user, { name: 'read.pdf', content: pdf });
    statementId = outcome.result!.session_id as string;
    rows = await statementTransactions(ctx.app, user, statementId);
  });

  it('filters by statement, date, amount and text', async () => {
    const pick = rows[5]!;
    const byText = await getJson<{ items: { id: string }[] }>(
      ctx.app,
      user,
      `/transactions?statement_id=${statementId}&q=${encodeURIComponent(pick.description.slice(0, 6).toLowerCase())}&limit=200`,
    );
    expect(byText.items.map((i) => i.id)).toContain(pick.id);
    const byDate = await getJson<{ items: { date: string }[]; total: number }>(
      ctx.app,
      user,
      `/transactions?statement_id=${statementId}&date_from=${pick.date}&date_to=${pick.date}&limit=200`,
    );
    expect(byDate.total).toBe(rows.filter((r) => r.date === pick.date).length);
    const out = await getJson<{ total: number }>(
      ctx.app,
      user,
      `/transactions?statement_id=${statementId}&amount_max=-0.01`,
    );
    expect(out.total).toBe(rows.filter((r) => r.amount_minor < 0).length);
    const bad = await as(ctx.app, user)({ method: 'GET', url: '/transactions?amount_min=abc' });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
  });

  it('applies a person’s corrections and marks the category as manual', async () => {
    const target = rows[0]!;
    const cats = await ctx.container.database.db
      .insertInto('categories')
      .values({ organizationId: user.organizationId, name: 'Test groceries', kind: 'expense' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'PATCH',
      url: `/transactions/${target.id}`,
      payload: {
        category_id: cats.id,
        tags: ['food', ' food ', 'weekly'],
        payee: 'Corner Grocer',
        note: 'checked',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      category_id: cats.id,
      category_source: 'manual',
      tags: ['food', 'weekly'],
      payee: 'Corner Grocer',
      note: 'checked',
      amount_minor: target.amount_minor,
    });
    const unknown = await as(
      ctx.app,
      user,
    )({
      method: 'PATCH',
      url: `/transactions/${target.id}`,
      payload: { category_id: '00000000-0000-4000-8000-000000000000' },
    });
    expectProblem(unknown, 422, 'VALIDATION_FAILED');
    const empty = await as(
      ctx.app,
      user,
    )({ method: 'PATCH', url: `/transactions/${target.id}`, payload: {} });
    expectProblem(empty, 400);
  });

  it('deletes a statement with its transactions; the file can then be imported again', async () => {
    const del = await as(ctx.app, user)({ method: 'DELETE', url: `/statements/${statementId}` });
    expect(del.statusCode, del.body).toBe(204);
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/statements/${statementId}` }),
      404,
      'NOT_FOUND',
    );
    for (const row of [rows[0]!, rows.at(-1)!]) {
      expectProblem(
        await as(ctx.app, user)({ method: 'GET', url: `/transactions/${row.id}` }),
        404,
        'NOT_FOUND',
      );
    }
    expectProblem(
      await as(ctx.app, user)({ method: 'GET', url: `/statements/${statementId}/transactions` }),
      404,
      'NOT_FOUND',
    );
    const audit = await getJson<{ items: { action: string; target_id: string }[] }>(
      ctx.app,
      user,
      '/audit?limit=20',
    );
    expect(audit.items.some((a) => a.action === 'statement.deleted' && a.target_id === statementId)).toBe(
      true,
    );
  });
});

/** A PDF from object bodies, with a correct cross-reference table. */
function rawPdf(objects: (string | Buffer)[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  let length = parts[0]!.length;
  const offsets = objects.map((object, index) => {
    const offset = length;
    const part = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`),
      Buffer.from(object),
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(part);
    length += part.length;
    return offset;
  });
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}` +
        `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

/** A PDF whose page tree contains itself. */
const cyclicPdf = () =>
  rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']);
