import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INJECTIONS,
  sampleStatements,
  sampleTransactions,
  sumMinor,
} from '../../../test/reports/fixtures.js';
import { numberFormat, readZipParts, sheetCells, sheetParts } from '../../../test/reports/xlsx-parts.js';
import { MAX_PENDING_SHEET_BYTES, pendingSheetBytes, waitForCompressor } from './exceljs-internals.js';
import { BATCH_ROWS, SHEET_NAMES, writeXlsxReport } from './index.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledgerflow-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rows = sampleTransactions(BATCH_ROWS + 500);
const input = { title: 'Q1 2024', transactions: rows, statements: sampleStatements };
const ORDER = [SHEET_NAMES.summary, SHEET_NAMES.transactions, SHEET_NAMES.byCategory, SHEET_NAMES.monthly];

async function readWithExcelJs(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

describe('writeXlsxReport, read back with exceljs', () => {
  let path = '';
  let output: Awaited<ReturnType<typeof writeXlsxReport>>;
  beforeAll(async () => {
    path = join(dir, 'report.xlsx');
    output = await writeXlsxReport(path, input);
  });

  it('has the four sheets in order and reports its own size', async () => {
    const workbook = await readWithExcelJs(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(ORDER);
    expect(output.rowCount).toBe(rows.length);
    expect(output.bytesWritten).toBe((await stat(path)).size);
  });

  it('writes transactions as real dates and numbers whose total matches the input', async () => {
    const sheet = (await readWithExcelJs(path)).getWorksheet(SHEET_NAMES.transactions);
    expect(sheet?.getRow(1).getCell(1).value).toBe('Date');
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.autoFilter).toBe(`A1:L${rows.length + 1}`);
    let totalMinor = 0;
    sheet?.eachRow((row, number) => {
      if (number === 1) return;
      const source = rows[number - 2];
      const [date, amount] = [row.getCell(1).value, row.getCell(3).value];
      expect(date).toBeInstanceOf(Date);
      expect((date as Date).toISOString().slice(0, 10)).toBe(source?.date);
      expect(typeof amount).toBe('number');
      totalMinor += Math.round((amount as number) * 100);
    });
    expect(totalMinor).toBe(sumMinor(rows));
    expect(sheet?.getRow(2).getCell(3).numFmt).toBe('#,##0.00 "ZAR";-#,##0.00 "ZAR"');
  });

  it('summarizes totals, balances and reconciliation', async () => {
    const sheet = (await readWithExcelJs(path)).getWorksheet(SHEET_NAMES.summary);
    const values = new Map<string, ExcelJS.CellValue[]>();
    sheet?.eachRow((row) => values.set(row.getCell(1).text, (row.values as ExcelJS.CellValue[]).slice(2)));
    const inMinor = sumMinor(rows.filter((r) => r.amountMinor > 0));
    const outMinor = sumMinor(rows.filter((r) => r.amountMinor < 0));
    expect(values.get('ZAR')).toEqual([
      inMinor / 100,
      outMinor / 100,
      (inMinor + outMinor) / 100,
      rows.length,
    ]);
    expect(values.get('Reconciliation')).toEqual(['Reconciled']);
    expect(values.get('Period')).toEqual([new Date('2024-01-01'), new Date('2024-03-31')]);
    expect(values.get('Cheque')?.slice(0, 3)).toEqual(['ZAR', 10_000, 12_345.67]);
  });

  it('lists categories with shares and a months × categories table that add up', async () => {
    const workbook = await readWithExcelJs(path);
    const byCategory = workbook.getWorksheet(SHEET_NAMES.byCategory);
    const rent = rows.filter((r) => r.category?.name === 'Rent');
    const rentRow = byCategory
      ?.getRows(2, output.figures.categories.length)
      ?.find((r) => r.getCell(2).value === 'Rent');
    expect(rentRow?.getCell(4).value).toBe(rent.length);
    expect(Math.round((rentRow?.getCell(9).value as number) * 100)).toBe(sumMinor(rent));
    const monthly = workbook.getWorksheet(SHEET_NAMES.monthly);
    const netColumn = output.figures.monthly[0]!.categories.length + 4;
    let monthlyNet = 0;
    monthly?.eachRow((row, number) => {
      if (number > 1) monthlyNet += Math.round((row.getCell(netColumn).value as number) * 100);
    });
    expect(monthly?.rowCount).toBe(4);
    expect(monthlyNet).toBe(sumMinor(rows));
  });
});

describe('writeXlsxReport, read back with a second reader (unzip + XML parser)', () => {
  it('stores every text as a string cell, never a formula, and amounts as numbers', async () => {
    const path = join(dir, 'inert.xlsx');
    await writeXlsxReport(path, input);
    const parts = await readZipParts(path);
    const sheets = sheetParts(parts);
    expect(sheets.map((sheet) => sheet.name)).toEqual(ORDER);
    const [summary, cells = [], ...rest] = sheets.map((sheet) => sheetCells(parts, sheet.part));
    for (const sheet of sheets) expect(parts.get(sheet.part)).not.toMatch(/<f[ >]/);
    const formulas = [summary, cells, ...rest].flatMap((rows) => rows?.flat() ?? []).filter((c) => c.formula);
    expect(formulas).toEqual([]);
    INJECTIONS.forEach((text, i) => {
      const [date, description, amount] = cells[i + 1] ?? [];
      expect(description).toMatchObject({ type: 'str', value: text.replace('\r', '\n') });
      expect(amount?.type).toBeUndefined();
      expect(Number(amount?.value)).toBe(rows[i]!.amountMinor / 100);
      expect(numberFormat(parts, date?.styleId ?? -1)).toBe('yyyy-mm-dd');
      const texts = cells[i + 1]?.filter((cell) => cell.type === 'str').map((cell) => cell.value) ?? [];
      expect(texts.filter((value) => value === text.replace('\r', '\n'))).toHaveLength(4);
    });
    const total = cells.slice(1).reduce((sum, row) => sum + Math.round(Number(row[2]?.value) * 100), 0);
    expect(total).toBe(sumMinor(rows));
  });

  it('formats each currency with its own number of decimals', async () => {
    const path = join(dir, 'currencies.xlsx');
    const base = { description: 'x', account: 'A', date: '2024-01-01' };
    const transactions = [
      { ...base, id: 'jpy', amountMinor: 1_500, currency: 'JPY' },
      { ...base, id: 'kwd', amountMinor: -1_234, currency: 'KWD' },
    ];
    await writeXlsxReport(path, { title: 'FX', transactions });
    const parts = await readZipParts(path);
    const [, jpy, kwd] = sheetCells(parts, 'xl/worksheets/sheet1.xml');
    expect([jpy?.[2]?.value, numberFormat(parts, jpy?.[2]?.styleId ?? -1)]).toEqual([
      '1500',
      '#,##0 "JPY";-#,##0 "JPY"',
    ]);
    expect(numberFormat(parts, kwd?.[2]?.styleId ?? -1)).toBe('#,##0.000 "KWD";-#,##0.000 "KWD"');
    expect(Number(kwd?.[2]?.value)).toBe(-1.234);
  });
});

describe('writeXlsxReport, streaming behaviour', () => {
  it('sees the XML exceljs queued for the compressor, and waits until it is small', async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough().resume() });
    const sheet = workbook.addWorksheet('probe');
    // About 7 MB of XML written synchronously, so the compressor cannot have taken it yet.
    for (let i = 0; i < 30_000; i += 1) sheet.addRow([`row ${i} ${'x'.repeat(200)}`]).commit();
    expect(pendingSheetBytes(sheet)).toBeGreaterThan(MAX_PENDING_SHEET_BYTES);
    await waitForCompressor(sheet);
    expect(pendingSheetBytes(sheet)).toBeLessThanOrEqual(MAX_PENDING_SHEET_BYTES);
    sheet.commit();
    await workbook.commit();
  });

  it('reports progress per batch and writes to any Writable', async () => {
    const chunks: Buffer[] = [];
    const target = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
    const progress: number[] = [];
    const output = await writeXlsxReport(target, { ...input, onProgress: (n) => progress.push(n) });
    expect(progress).toEqual([BATCH_ROWS, rows.length]);
    expect(output.bytesWritten).toBe(Buffer.concat(chunks).length);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK');
  });

  it('stops on abort, removes the partial file and rethrows', async () => {
    const path = join(dir, 'aborted.xlsx');
    const controller = new AbortController();
    const writing = writeXlsxReport(path, {
      ...input,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(path)).toBe(false);
  });

  it('leaves invalid rows out and lists them as problems', async () => {
    const path = join(dir, 'problems.xlsx');
    const bad = { ...rows[1]!, id: 'bad', date: '2024-02-30' };
    const output = await writeXlsxReport(path, { title: 'x', transactions: [rows[1]!, bad, rows[2]!] });
    expect(output.rowCount).toBe(2);
    expect(output.figures.problems).toEqual([
      expect.objectContaining({ code: 'INVALID_DATE', transactionId: 'bad' }),
    ]);
    const sheet = (await readWithExcelJs(path)).getWorksheet(SHEET_NAMES.transactions);
    expect(sheet?.rowCount).toBe(3);
  });

  it('fails when the target cannot be written', async () => {
    await expect(writeXlsxReport(join(dir, 'missing', 'r.xlsx'), input)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
