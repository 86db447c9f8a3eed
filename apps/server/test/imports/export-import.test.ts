import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExport } from '../../src/domain/statements/exports/index.js';
import { reconcile } from '../../src/domain/statements/index.js';
import {
  generateStatement,
  PLAIN_CSV,
  renderCamt053,
  renderCsv,
  renderMt940,
  renderOfx,
  renderQif,
} from '../generators/exports/statement-generator.js';
import { as, expectProblem, multipart, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv } from '../support/tasks.js';
import { getJson, importFile, statementTransactions } from './support.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/exports');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

let ctx: TestContext;
let user: TestUser;

beforeAll(async () => {
  ctx = await createWorkerTestContext(
    backendEnv('redis', { TASK_RETRY_DELAY: '0.05', WORKER_CONCURRENCY: '2', UPLOAD_MAX_BYTES: '2000000' }),
  );
  user = await registerUser(ctx.app, 'exports');
});
afterAll(async () => {
  await ctx?.close();
});

interface StatementResult {
  session_id: string;
  transaction_count: number;
  duplicate_count: number;
  reconciled: boolean;
  reconciliation_checked: boolean;
}

describe('bank exports through the same parse_statement job', () => {
  // Each fixture's parse is checked by hand in test/fixtures/exports; here the whole import must store
  // exactly that, session by session, and reconcile where the file carries balances.
  it.each([
    ['ofx-sgml-checking.ofx', 'ofx'],
    ['qfx-creditcard.qfx', 'ofx'],
    ['quicken-bank-splits.qif', 'qif'],
    ['quicken-ccard-european.qif', 'qif'],
    ['mt940-two-accounts.sta', 'mt940'],
    ['camt053-three-statements.xml', 'camt053'],
    ['csv-za-newest-first.csv', 'csv'],
    ['csv-de-windows1252.csv', 'csv'],
    ['csv-us-utf16-no-balance.csv', 'csv'],
  ])('%s imports exactly, and a second import adds nothing', async (name, format) => {
    const bytes = fixture(name);
    const parsed = parseExport(bytes, { fileName: name });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const outcome = await importFile(
      ctx.app,
      user,
      { name, content: bytes, type: 'application/octet-stream' },
      {},
      '/statements/import_async',
    );
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    expect(outcome.result!.format).toBe(format);
    const sessions = outcome.result!.statements as StatementResult[];
    expect(sessions).toHaveLength(parsed.value.statements.length);
    // The top-level counts cover every statement in the file.
    const rowsInFile = parsed.value.statements.reduce((n, st) => n + st.transactions.length, 0);
    expect(outcome.result).toMatchObject({ transaction_count: rowsInFile, duplicate_count: 0 });
    for (const [index, statement] of parsed.value.statements.entries()) {
      const session = sessions[index]!;
      const proof = reconcile(statement);
      expect(session).toMatchObject({
        transaction_count: statement.transactions.length,
        duplicate_count: 0,
        reconciled: proof.reconciled,
        reconciliation_checked: proof.checked,
      });
      if (statement.openingBalanceMinor !== undefined && statement.closingBalanceMinor !== undefined) {
        expect(session.reconciled).toBe(true);
      } else {
        expect(session.reconciliation_checked).toBe(false);
      }
      const rows = await statementTransactions(ctx.app, user, session.session_id);
      expect(rows.map((r) => [r.date, r.amount_minor, r.description, r.bank_reference])).toEqual(
        statement.transactions.map((t) => [t.date, t.amountMinor, t.description, t.bankReference ?? null]),
      );
    }

    const again = await importFile(
      ctx.app,
      user,
      { name, content: bytes, type: 'application/octet-stream' },
      {},
      '/upload_pdf_async',
    );
    expect(again.last.status).toBe('SUCCESS');
    expect(again.result).toMatchObject({ transaction_count: 0, duplicate_count: rowsInFile });
    for (const [index, session] of (again.result!.statements as StatementResult[]).entries()) {
      expect(session.transaction_count).toBe(0);
      expect(session.duplicate_count).toBe(parsed.value.statements[index]!.transactions.length);
    }
  });

  it('detects each generated format from the content, whatever the file is called', async () => {
    const statement = generateStatement({ seed: 41, rows: 25, currency: 'EUR' });
    const files: [string, Uint8Array][] = [
      ['ofx', renderOfx(statement, 'xml')],
      ['mt940', renderMt940([statement])],
      ['camt053', renderCamt053([statement])],
      ['qif', renderQif(statement)],
    ];
    for (const [format, bytes] of files) {
      const outcome = await importFile(
        ctx.app,
        user,
        { name: 'download.dat', content: bytes },
        {},
        '/statements/import_async',
      );
      expect(outcome.last.status, `${format}: ${JSON.stringify(outcome.last.error)}`).toBe('SUCCESS');
      expect(outcome.result!.format).toBe(format);
    }
  });

  it('recognizes re-imports by the bank’s ids even when the text differs', async () => {
    const statement = generateStatement({ seed: 42, rows: 12, currency: 'EUR' });
    const first = await importFile(ctx.app, user, { name: 's.ofx', content: renderOfx(statement, 'sgml') });
    expect(first.result).toMatchObject({ transaction_count: 12, duplicate_count: 0 });
    const renamed = {
      ...statement,
      transactions: statement.transactions.map((t) => ({
        ...t,
        description: `${t.description} (corrected)`,
      })),
    };
    const second = await importFile(ctx.app, user, { name: 's2.ofx', content: renderOfx(renamed, 'xml') });
    expect(second.result).toMatchObject({ transaction_count: 0, duplicate_count: 12 });
  });

  it('imports with an explicit CSV mapping when the columns are ambiguous', async () => {
    const csv =
      'When;What;Value\n01/02/2024;Rent;-1500,00\n03/02/2024;Salary;25000,00\n15/02/2024;Shop;-99,95\n';
    const bytes = new TextEncoder().encode(csv);
    const preview = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/preview',
      ...multipart({ header_line: '1', file: { filename: 'odd.csv', content: Buffer.from(bytes) } }),
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const shown = preview.json<{
      delimiter: string;
      columns: string[];
      rows: string[][];
      row_count: number;
    }>();
    expect(shown).toMatchObject({ delimiter: ';', columns: ['When', 'What', 'Value'], row_count: 3 });
    expect(shown.rows[0]).toEqual(['01/02/2024', 'Rent', '-1500,00']);

    const outcome = await importFile(
      ctx.app,
      user,
      { name: 'odd.csv', content: bytes, type: 'text/csv' },
      {
        header_line: '1',
        mapping: JSON.stringify({ date: 'When', description: 'What', amount: 'Value' }),
        date_order: 'DMY',
        decimal_separator: ',',
      },
      '/statements/import_async',
    );
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    const rows = await statementTransactions(ctx.app, user, outcome.result!.session_id as string);
    expect(rows.map((r) => [r.date, r.amount_minor, r.description])).toEqual([
      ['2024-02-01', -150000, 'Rent'],
      ['2024-02-03', 2500000, 'Salary'],
      ['2024-02-15', -9995, 'Shop'],
    ]);
    const badMapping = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/import_async',
      ...multipart({ mapping: '{not json', file: { filename: 'odd.csv', content: Buffer.from(bytes) } }),
    });
    expectProblem(badMapping, 400, 'VALIDATION_FAILED');
  });

  it('preview refuses a file that is not CSV', async () => {
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/preview',
      ...multipart({ file: { filename: 'x.sta', content: Buffer.from(fixture('mt940-two-accounts.sta')) } }),
    });
    expectProblem(res, 422, 'NOT_A_CSV');
  });

  it.each([
    ['camt053-billion-laughs.xml', 'EXPORT_XML_UNSAFE'],
    ['ofx-truncated.ofx', 'EXPORT_MALFORMED'],
  ])('%s → FAILED %s, no retry, nothing stored', async (name, code) => {
    const before = await getJson<{ total: number }>(ctx.app, user, '/statements?limit=1');
    const outcome = await importFile(
      ctx.app,
      user,
      { name, content: fixture(name) },
      {},
      '/statements/import_async',
    );
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toBe(code);
    expect(outcome.last.attempt).toBe(1);
    expect((await getJson<{ total: number }>(ctx.app, user, '/statements?limit=1')).total).toBe(before.total);
  });

  it('an encoding that does not exist fails with EXPORT_ENCODING_UNSUPPORTED, no retry', async () => {
    const bytes = fixture('csv-de-windows1252.csv');
    const outcome = await importFile(
      ctx.app,
      user,
      { name: 'de.csv', content: bytes, type: 'text/csv' },
      { encoding: 'klingon-8' },
      '/statements/import_async',
    );
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toBe('EXPORT_ENCODING_UNSUPPORTED');
    expect(outcome.last.attempt).toBe(1);
  });

  it('refuses a file over UPLOAD_MAX_BYTES at upload with 413, storing nothing', async () => {
    const before = await getJson<{ total: number }>(ctx.app, user, '/files?purpose=statement&limit=1');
    const huge = Buffer.alloc(ctx.config.uploadMaxBytes + 10, 'Date,Description,Amount\n');
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/import_async',
      ...multipart({ file: { filename: 'huge.csv', content: huge } }),
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect((await getJson<{ total: number }>(ctx.app, user, '/files?purpose=statement&limit=1')).total).toBe(
      before.total,
    );
  });

  it('a CSV without any recognizable columns fails with a clear code', async () => {
    const bytes = new TextEncoder().encode('alpha,beta\nfoo,bar\nbaz,qux\n');
    const outcome = await importFile(
      ctx.app,
      user,
      { name: 'notes.csv', content: bytes, type: 'text/csv' },
      {},
      '/statements/import_async',
    );
    expect(outcome.last.status).toBe('FAILED');
    expect(outcome.last.error?.code).toMatch(/^EXPORT_/);
    expect(outcome.last.attempt).toBe(1);
  });

  it('imports a large CSV in one job', async () => {
    const statement = generateStatement({ seed: 5, rows: 20_000 });
    const bytes = renderCsv(statement, PLAIN_CSV);
    const outcome = await importFile(
      ctx.app,
      user,
      { name: 'big.csv', content: bytes, type: 'text/csv' },
      {},
      '/statements/import_async',
    );
    expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
    expect(outcome.result).toMatchObject({ transaction_count: 20_000, reconciled: true });
  });
});
