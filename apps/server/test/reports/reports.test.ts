import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../src/adapters/reports/index.js';
import { TaskChannel } from '../../src/services/task-queue.port.js';
import type { TaskEvent } from '../../src/services/task-view.js';
import { as, expectProblem, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, isFinished, submitTask, successResult, waitForTask } from '../support/tasks.js';
import { INJECTIONS } from './fixtures.js';
import { seedBulkBooks, seedSampleBooks, type SeededBooks } from './seed.js';

const run = promisify(execFile);
const SAMPLE_ROWS = 60;

interface PyCell {
  ref: string;
  type: string | null;
  value: string | null;
  formula: string | null;
}
interface PyWorkbook {
  sheets: Array<{ name: string; rows: PyCell[][] }>;
  formula_count: number;
}

/** The independent reader: Python's zipfile and xml.etree (read_xlsx.py). */
async function readWithPython(file: string): Promise<PyWorkbook> {
  const { stdout } = await run('python3', [path.join(import.meta.dirname, 'read_xlsx.py'), file], {
    maxBuffer: 64 * 2 ** 20,
  });
  return JSON.parse(stdout) as PyWorkbook;
}

/** The CSV parsed by Python's csv module (after the BOM), as rows of fields. */
async function csvWithPython(file: string): Promise<string[][]> {
  const script =
    'import csv, json, sys\n' +
    'with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n' +
    '    json.dump(list(csv.reader(f)), sys.stdout)\n';
  const { stdout } = await run('python3', ['-c', script, file], { maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout) as string[][];
}

interface ReportResult {
  report_id: string;
  file_name: string;
  format: string;
  size_bytes: number;
  row_count: number;
  download_url: string;
}

let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let books: SeededBooks;

beforeAll(async () => {
  ctx = await createWorkerTestContext(
    backendEnv('postgres', { PROGRESS_THROTTLE_MS: '0', RESULT_TTL: '3600', WORKER_CONCURRENCY: '2' }),
    { queues: ['reports', 'default'] },
  );
  alice = await registerUser(ctx.app, 'alice-reports');
  bob = await registerUser(ctx.app, 'bob-reports');
  books = await seedSampleBooks(ctx.container, alice.organizationId, SAMPLE_ROWS);
});
afterAll(async () => {
  await ctx?.close();
});

const submit = (user: TestUser, body: object) => submitTask(ctx.app, user, '/reports/generate_async', body);
const finished = (user: TestUser, taskId: string) => successResult<ReportResult>(ctx.app, user, taskId);

async function download(user: TestUser, result: ReportResult, extension: string): Promise<string> {
  const res = await as(ctx.app, user)({ method: 'GET', url: result.download_url });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-disposition']).toBe(
    `attachment; filename="${result.file_name}"; filename*=UTF-8''${result.file_name}`,
  );
  expect(res.rawPayload.length).toBe(result.size_bytes);
  const file = path.join(ctx.dataDir, `downloaded-${result.report_id}.${extension}`);
  await writeFile(file, res.rawPayload);
  return file;
}

/** Σ amount_minor in the database for the organization's transactions matching `where`. */
async function dbSum(organizationId: string, where = sql`true`): Promise<{ n: number; sum: number }> {
  const { rows } = await sql<{ n: number; sum: number }>`
    SELECT count(*)::int AS n, coalesce(sum(amount_minor), 0)::bigint AS sum FROM transactions
    WHERE organization_id = ${organizationId} AND ${where}`.execute(ctx.container.database.db);
  return rows[0] ?? { n: 0, sum: 0 };
}

describe('an xlsx report over a date range', () => {
  let result: ReportResult;
  let file: string;
  const messages: Array<[number, string]> = [];

  beforeAll(async () => {
    let taskId = '';
    const unsubscribe = ctx.container.taskQueue.subscribe(TaskChannel.updated, (data) => {
      const { task } = data as TaskEvent;
      if (task.task_id === taskId) messages.push([task.progress_percent, task.progress_message ?? '']);
    });
    taskId = await submit(alice, { date_from: '2024-01-01', date_to: '2024-03-31', title: 'Q1 books' });
    result = await finished(alice, taskId);
    unsubscribe();
    file = await download(alice, result, 'xlsx');
  });

  it('reports progress in the original steps and returns the original result shape', () => {
    expect(Object.keys(result).sort()).toEqual([
      'download_url',
      'file_name',
      'format',
      'report_id',
      'row_count',
      'size_bytes',
    ]);
    expect(result).toMatchObject({
      file_name: 'Q1-books_2024-01-01_2024-03-31.xlsx',
      format: 'xlsx',
      row_count: SAMPLE_ROWS,
      download_url: `/reports/${result.report_id}/download`,
    });
    expect(result.size_bytes).toBeGreaterThan(1000);
    const texts = messages.map(([, text]) => text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Fetching transactions...',
        'Generating report...',
        `Generating report... ${SAMPLE_ROWS} of ${SAMPLE_ROWS} transactions`,
        'Uploading to cloud storage...',
        'Completed',
      ]),
    );
    const percents = messages.map(([percent]) => percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(messages.find(([, text]) => text === 'Uploading to cloud storage...')?.[0]).toBe(75);
  });

  it('reads back with exceljs: real dates, numeric amounts, totals equal to the database', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      SHEET_NAMES.summary,
      SHEET_NAMES.transactions,
      SHEET_NAMES.byCategory,
      SHEET_NAMES.monthly,
    ]);
    const sheet = workbook.getWorksheet(SHEET_NAMES.transactions);
    expect(sheet?.rowCount).toBe(SAMPLE_ROWS + 1);
    let totalMinor = 0;
    let previous = '';
    sheet?.eachRow((row, number) => {
      if (number === 1) return;
      const [date, amount] = [row.getCell(1).value, row.getCell(3).value];
      expect(date).toBeInstanceOf(Date);
      const day = (date as Date).toISOString().slice(0, 10);
      expect(day >= previous).toBe(true); // listed by date
      previous = day;
      expect(typeof amount).toBe('number');
      totalMinor += Math.round((amount as number) * 100);
    });
    const db = await dbSum(alice.organizationId);
    expect(totalMinor).toBe(db.sum);
    const summary = workbook.getWorksheet(SHEET_NAMES.summary);
    const zar = new Map<string, ExcelJS.CellValue[]>();
    summary?.eachRow((row) => zar.set(row.getCell(1).text, (row.values as ExcelJS.CellValue[]).slice(2)));
    const moneyIn = await dbSum(alice.organizationId, sql`amount_minor > 0`);
    const moneyOut = await dbSum(alice.organizationId, sql`amount_minor < 0`);
    expect(zar.get('ZAR')).toEqual([moneyIn.sum / 100, moneyOut.sum / 100, db.sum / 100, db.n]);
    expect(zar.get('Reconciliation')).toEqual(['Reconciled']);
    // The injection texts come back as plain strings, not formulas.
    const descriptions = new Map<string, ExcelJS.Cell>();
    sheet?.eachRow((row) => descriptions.set(row.getCell(2).text, row.getCell(2)));
    for (const text of INJECTIONS.filter((t) => !t.startsWith('\r'))) {
      const cell = descriptions.get(text);
      expect(cell?.type, text).toBe(ExcelJS.ValueType.String);
      expect(cell?.formula).toBeUndefined();
    }
  });

  it('reads back with an independent reader (Python zipfile + XML): no formula anywhere', async () => {
    const workbook = await readWithPython(file);
    expect(workbook.formula_count).toBe(0);
    const transactions = workbook.sheets.find((s) => s.name === SHEET_NAMES.transactions);
    const rows = transactions?.rows.slice(1) ?? [];
    expect(rows).toHaveLength(SAMPLE_ROWS);
    const totalMinor = rows.reduce((sum, row) => sum + Math.round(Number(row[2]?.value) * 100), 0);
    expect(totalMinor).toBe((await dbSum(alice.organizationId)).sum);
    for (const row of rows) {
      expect(row[2]?.type).toBeNull(); // a number cell
      expect(Number(row[0]?.value)).toBeGreaterThan(45_000); // an Excel serial day in 2024
    }
    const stored = rows.map((row) => row[1]);
    for (const text of INJECTIONS) {
      const cell = stored.find((c) => c?.value === text.replace('\r', '\n'));
      expect(cell, JSON.stringify(text)).toMatchObject({ type: 'str', formula: null });
    }
    const byCategory = workbook.sheets.find((s) => s.name === SHEET_NAMES.byCategory);
    const rent = byCategory?.rows.find((row) => row[1]?.value === 'Rent');
    const rentDb = await dbSum(
      alice.organizationId,
      sql`category_id = ${books.categories.get('Rent') ?? ''}::uuid`,
    );
    expect(Number(rent?.[3]?.value)).toBe(rentDb.n);
    expect(Math.round(Number(rent?.[8]?.value) * 100)).toBe(rentDb.sum);
  });

  it('is listed, can be read, and every download is audited', async () => {
    const list = await as(ctx.app, alice)({ method: 'GET', url: '/reports' });
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((r) => r.id)).toContain(result.report_id);
    const one = await as(ctx.app, alice)({ method: 'GET', url: `/reports/${result.report_id}` });
    expect(one.json()).toMatchObject({
      id: result.report_id,
      title: 'Q1 books',
      format: 'xlsx',
      period_start: '2024-01-01',
      period_end: '2024-03-31',
      row_count: SAMPLE_ROWS,
      kept: false,
      scope: { date_from: '2024-01-01', date_to: '2024-03-31' },
    });
    const audit = await as(ctx.app, alice)({ method: 'GET', url: '/audit' });
    const entries = audit.json<{ items: Array<{ action: string; target_id: string; user_id: string }> }>();
    expect(entries.items).toContainEqual(
      expect.objectContaining({
        action: 'report.download',
        target_id: result.report_id,
        user_id: alice.userId,
      }),
    );
  });

  it('is invisible to another organization: 404 for metadata, download, keep and delete', async () => {
    for (const [method, url] of [
      ['GET', `/reports/${result.report_id}`],
      ['GET', `/reports/${result.report_id}/download`],
      ['POST', `/reports/${result.report_id}/keep`],
      ['DELETE', `/reports/${result.report_id}`],
    ] as const) {
      expectProblem(await as(ctx.app, bob)({ method, url }), 404, 'NOT_FOUND');
    }
    const list = await as(ctx.app, bob)({ method: 'GET', url: '/reports' });
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    const audit = await as(ctx.app, alice)({ method: 'GET', url: '/audit' });
    const downloads = audit
      .json<{ items: Array<{ action: string; user_id: string }> }>()
      .items.filter((e) => e.action === 'report.download');
    expect(downloads.every((e) => e.user_id === alice.userId)).toBe(true);
  });
});

describe('a CSV report of one statement', () => {
  it('has the statement’s transactions, UTF-8 with BOM, totals equal to the database, formulas escaped', async () => {
    const statementId = books.statements.get('Cheque') ?? '';
    const taskId = await submit(alice, { statement_id: statementId, format: 'csv' });
    const result = await finished(alice, taskId);
    expect(result.file_name).toBe('Statement-cheque-q1-pdf_2024-01-01_2024-03-31.csv');
    const file = await download(alice, result, 'csv');
    const raw = (await import('node:fs/promises')).readFile(file);
    expect((await raw).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = await csvWithPython(file);
    expect(header?.slice(0, 3)).toEqual(['Date', 'Description', 'Amount']);
    const db = await dbSum(alice.organizationId, sql`statement_id = ${statementId}::uuid`);
    expect(rows).toHaveLength(db.n);
    expect(result.row_count).toBe(db.n);
    const totalMinor = rows.reduce((sum, row) => sum + Math.round(Number(row[2]) * 100), 0);
    expect(totalMinor).toBe(db.sum);
    const cheque = books.rows.filter((r) => r.account === 'Cheque');
    for (const text of INJECTIONS) {
      if (!cheque.some((r) => r.description === text)) continue;
      const row = rows.find((r) => r[1] === `'${text}`);
      expect(row, JSON.stringify(text)).toBeDefined();
      expect(row?.slice(7, 9)).toEqual([`'${text}`, `'${text}`]); // payee and note too
    }
    expect(rows.every((row) => !/^[=+\-@\t\r]/.test(row[1] ?? ''))).toBe(true);
  });
});

describe('submitting', () => {
  it('refuses a scope without a statement or a complete date range, and a reversed range', async () => {
    const post = (payload: object) =>
      as(ctx.app, alice)({ method: 'POST', url: '/reports/generate_async', payload });
    expectProblem(await post({}), 422, 'VALIDATION_FAILED');
    expectProblem(await post({ date_from: '2024-01-01' }), 422, 'VALIDATION_FAILED');
    expectProblem(await post({ date_from: '2024-02-01', date_to: '2024-01-01' }), 422, 'VALIDATION_FAILED');
    expectProblem(await post({ date_from: '2024-01-01', date_to: '2024-01-31', format: 'pdf' }), 400);
    expectProblem(
      await post({ date_from: '2024-01-01', date_to: '2024-01-31', amount_min: '1e9' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it("gives 404 for another organization's statement and submits nothing", async () => {
    const res = await as(
      ctx.app,
      bob,
    )({
      method: 'POST',
      url: '/reports/generate_async',
      payload: { statement_id: books.statements.get('Cheque') },
    });
    expectProblem(res, 404, 'NOT_FOUND');
    const tasks = await as(ctx.app, bob)({ method: 'GET', url: '/tasks' });
    expect(tasks.json()).toMatchObject({ total: 0 });
  });
});

describe('cancelling a large report', () => {
  it('stops it, leaves no file behind and records no report', async () => {
    const carol = await registerUser(ctx.app, 'carol-reports');
    await seedBulkBooks(ctx.container.database.db, carol.organizationId, 100_000);
    const taskId = await submit(carol, { date_from: '2023-01-01', date_to: '2024-12-31' });
    await waitForTask(ctx.app, carol, taskId, (v) => v.progress_percent > 25 || isFinished(v), 60_000);
    const cancel = await as(ctx.app, carol)({ method: 'DELETE', url: `/tasks/${taskId}` });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const { last } = await waitForTask(ctx.app, carol, taskId, isFinished, 30_000);
    expect(last.status).toBe('CANCELLED');
    expect(await ctx.container.repos.reports.findByTask(taskId)).toBeUndefined();
    const temp = path.join(ctx.dataDir, 'tmp');
    const leftovers = existsSync(temp) ? await readdir(temp) : [];
    expect(leftovers.filter((name) => name.includes(taskId))).toEqual([]);
    const stored = path.join(ctx.dataDir, 'files', carol.organizationId, 'reports');
    expect(existsSync(stored) ? await readdir(stored) : []).toEqual([]);
  });
});

describe('expiry', () => {
  it('the daily cleanup deletes expired reports and their files, and keeps kept ones', async () => {
    const first = await finished(
      alice,
      await submit(alice, { date_from: '2024-01-01', date_to: '2024-01-31' }),
    );
    const second = await finished(
      alice,
      await submit(alice, { date_from: '2024-02-01', date_to: '2024-02-29' }),
    );
    const keep = await as(ctx.app, alice)({ method: 'POST', url: `/reports/${second.report_id}/keep` });
    expect(keep.json()).toMatchObject({ kept: true, expires_at: null });
    const db = ctx.container.database.db;
    await db
      .updateTable('reports')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', 'in', [first.report_id, second.report_id])
      .execute();
    const expired = await as(ctx.app, alice)({ method: 'GET', url: first.download_url });
    expectProblem(expired, 410, 'REPORT_EXPIRED');
    const firstRow = await ctx.container.repos.reports.findById(alice.organizationId, first.report_id);
    const firstFile = path.join(ctx.dataDir, 'files', ...(firstRow?.storageKey.split('/') ?? []));
    expect(existsSync(firstFile)).toBe(true);

    // The cleanup runs as the scheduler runs it: a system job on the default queue.
    await ctx.container.taskQueue.queue('default').add('cleanup_expired_results', { system: true });
    const deadline = Date.now() + 20_000;
    while (
      (await ctx.container.repos.reports.findById(alice.organizationId, first.report_id)) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 100));
    expect(await ctx.container.repos.reports.findById(alice.organizationId, first.report_id)).toBeUndefined();
    expect(existsSync(firstFile)).toBe(false);
    const kept = await as(ctx.app, alice)({ method: 'GET', url: second.download_url });
    expect(kept.statusCode).toBe(200);
  });

  it('DELETE /reports/{id} removes the report and its file', async () => {
    const result = await finished(
      alice,
      await submit(alice, { date_from: '2024-03-01', date_to: '2024-03-31' }),
    );
    const row = await ctx.container.repos.reports.findById(alice.organizationId, result.report_id);
    const file = path.join(ctx.dataDir, 'files', ...(row?.storageKey.split('/') ?? []));
    expect(existsSync(file)).toBe(true);
    const res = await as(ctx.app, alice)({ method: 'DELETE', url: `/reports/${result.report_id}` });
    expect(res.statusCode).toBe(204);
    expect(existsSync(file)).toBe(false);
    expectProblem(await as(ctx.app, alice)({ method: 'GET', url: `/reports/${result.report_id}` }), 404);
  });
});
