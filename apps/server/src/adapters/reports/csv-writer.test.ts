import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTIONS, sampleTransactions, sumMinor } from '../../../test/reports/fixtures.js';
import { BATCH_ROWS, TRANSACTION_HEADERS, writeCsvReport } from './index.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledgerflow-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rows = sampleTransactions(BATCH_ROWS + 300);

/** Parsed by csv-parse, an RFC 4180 reader independent of the writer. */
async function readCsv(path: string): Promise<{ bytes: Buffer; records: string[][] }> {
  const bytes = await readFile(path);
  return { bytes, records: parse(bytes, { bom: true }) };
}

describe('writeCsvReport', () => {
  let path = '';
  let output: Awaited<ReturnType<typeof writeCsvReport>>;
  beforeAll(async () => {
    path = join(dir, 'report.csv');
    output = await writeCsvReport(path, { title: 'Q1', transactions: rows });
  });

  it('starts with a UTF-8 BOM and a header row, and ends lines with CRLF', async () => {
    const { bytes, records } = await readCsv(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(records[0]).toEqual([...TRANSACTION_HEADERS]);
    expect(records).toHaveLength(rows.length + 1);
    expect(bytes.toString('utf8').split('\r\n')).toHaveLength(rows.length + 2);
    expect(output).toMatchObject({ rowCount: rows.length, bytesWritten: bytes.length });
  });

  it('round-trips ordinary text exactly and keeps amounts as plain numbers that add up', async () => {
    const { records } = await readCsv(path);
    const plain = records[INJECTIONS.length + 1];
    const source = rows[INJECTIONS.length]!;
    expect(plain?.slice(0, 4)).toEqual([source.date, source.description, '-13.36', 'ZAR']);
    const amounts = records.slice(1).map((record) => record[2] ?? '');
    expect(amounts.every((amount) => /^-?\d+\.\d{2}$/.test(amount))).toBe(true);
    expect(amounts.reduce((total, amount) => total + Math.round(Number(amount) * 100), 0)).toBe(
      sumMinor(rows),
    );
    expect(output.figures.currencies[0]?.netMinor).toBe(sumMinor(rows));
  });

  it('escapes every formula-like field with an apostrophe inside quotes', async () => {
    const { bytes, records } = await readCsv(path);
    const raw = bytes.toString('utf8');
    INJECTIONS.forEach((text, i) => {
      const record = records[i + 1] ?? [];
      // Description, category, payee, note: the apostrophe makes Excel and LibreOffice show text.
      for (const column of [1, 4, 7, 8]) expect(record[column]).toBe(`'${text}`);
      expect(record[6]).toBe(`'${text}, plain`);
      expect(raw).toContain(`"'${text.replaceAll('"', '""')}"`);
    });
    for (const record of records.slice(1)) {
      const risky = record.filter((field, column) => column !== 2 && /^[=+\-@\t\r]/.test(field));
      expect(risky).toEqual([]);
    }
  });

  it('writes to any Writable, and leaves invalid rows out as problems', async () => {
    const chunks: Buffer[] = [];
    const target = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
    const bad = { ...rows[9]!, id: 'bad', amountMinor: 1.5 };
    const result = await writeCsvReport(target, { title: 'x', transactions: [rows[9]!, bad] });
    const records = parse(Buffer.concat(chunks), { bom: true });
    expect(records.map((record) => record[11])).toEqual(['Transaction id', rows[9]!.id]);
    expect(result.figures.problems).toEqual([
      expect.objectContaining({ code: 'INVALID_AMOUNT', transactionId: 'bad' }),
    ]);
    expect(result.bytesWritten).toBe(Buffer.concat(chunks).length);
  });

  it('stops on abort, removes the partial file and rethrows', async () => {
    const aborted = join(dir, 'aborted.csv');
    const controller = new AbortController();
    const writing = writeCsvReport(aborted, {
      title: 'x',
      transactions: rows,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(aborted)).toBe(false);
  });
});
