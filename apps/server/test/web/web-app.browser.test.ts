import path from 'node:path';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../generators/statements/render-pdf.js';
import { as, PASSWORD } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv } from '../support/tasks.js';
import { checkPage, launchBrowser, SCREENSHOTS, type Browser } from './browser.js';

/**
 * The web app as a bookkeeper uses it, end to end: the built app served by the real API process (with
 * its workers, on PostgreSQL), driven in Debian's Chromium. Each step starts where the previous one
 * left off, as one person's session would; every main page is screenshotted and checked with axe-core.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/statements');
const STATEMENT = path.join(FIXTURES, 'standard-bank', 'family-a-current.pdf');
const INVOICE = path.resolve(
  import.meta.dirname,
  '../fixtures/invoices/horstoeko-zugferd/print-layout-R-2024-00001.pdf',
);
const EMAIL = `bookkeeper-${Date.now()}@example.com`;

let ctx: TestContext;
let browser: Browser;
let page: Page;
let origin: string;

beforeAll(async () => {
  ctx = await createWorkerTestContext(backendEnv('postgres'));
  origin = (await ctx.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(30_000);
}, 120_000);

// What the browser showed when a step failed, beside the other screenshots.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    await page.screenshot({ path: path.join(SCREENSHOTS, `failed-${task.name.slice(0, 40)}.png`) });
  }
});

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** The API as the same person, for checks the page cannot show and for setting up a long task. */
async function api() {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email: EMAIL, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  return as(ctx.app, res.json<{ access_token: string }>().access_token);
}

const heading = (name: string) => page.getByRole('heading', { level: 1, name });
const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
/** The label of the option a <select> shows. */
const chosen = (select: ReturnType<Page['getByLabel']>) => select.locator('option:checked').textContent();

describe('the web app in Chromium', { timeout: 240_000 }, () => {
  it('signs up and lands on an overview that says what to do first', async () => {
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: /create an account/i }).click();
    await page.getByLabel('Your name').fill('Bea Bookkeeper');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Organization').fill('Bea & Co');
    await page.getByRole('button', { name: /create account/i }).click();
    await heading('Overview').waitFor();
    await page.getByText('Welcome to Ledgerflow').waitFor();
    await checkPage(page, '01-overview-empty');
    // The new organization has its starter rules (categorization.test.ts checks what they file). This
    // walkthrough files by hand and writes its own rule, so it starts without them.
    const client = await api();
    const rules = (await client({ method: 'GET', url: '/rules' })).json<{ items: { id: string }[] }>().items;
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules)
      expect((await client({ method: 'DELETE', url: `/rules/${rule.id}` })).statusCode).toBe(204);
  });

  it('uploads a PDF statement, follows it to 100 %, and lists its transactions as reconciled', async () => {
    await nav('Upload');
    await heading('Upload').waitFor();
    await page.getByLabel('Files to upload').setInputFiles(STATEMENT);
    const row = page.getByRole('listitem', { name: 'family-a-current.pdf' });
    await row.getByText('Done').waitFor({ timeout: 90_000 });
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await row.getByText('100 % · Completed').waitFor();
    await row.getByText('3 transactions saved').waitFor();
    await checkPage(page, '02-upload-done');

    await row.getByRole('link', { name: 'Review transactions' }).click();
    await heading('family-a-current.pdf').waitFor();
    const summary = page.getByRole('region', { name: 'Statement summary' });
    await summary.getByText('✓ Reconciled').waitFor();
    const table = page.getByRole('table', { name: 'Transactions of this statement' });
    for (const text of ['FAKE SHOP PURCHASE', 'FAKE SALARY DEPOSIT', 'FEE: MONTHLY ##']) {
      await table.getByText(text, { exact: true }).first().waitFor();
    }
    await checkPage(page, '03-statement');
    const listed = await (await api())({ method: 'GET', url: '/statements' });
    expect(listed.json<{ total: number }>().total).toBe(1);
  });

  it('fixes transactions: a category inline, payee and note in the edit dialog, two rows at once', async () => {
    const table = page.getByRole('table', { name: 'Transactions of this statement' });
    await table.getByLabel('Select FAKE SHOP PURCHASE').check();
    await table.getByLabel('Select FAKE SALARY DEPOSIT').check();
    const bulk = page.getByRole('region', { name: 'Bulk edit' });
    await bulk.getByText('2 selected').waitFor();
    await bulk.getByLabel('Set category').selectOption({ label: 'Groceries' });
    await bulk.getByRole('button', { name: 'Apply to selected' }).click();
    await bulk.waitFor({ state: 'detached' });
    expect(await chosen(table.getByLabel('Category for FAKE SHOP PURCHASE'))).toBe('Groceries');

    await table.getByLabel('Category for FAKE SALARY DEPOSIT').selectOption({ label: 'Salary and wages' });
    await table.getByRole('button', { name: 'Edit FAKE SHOP PURCHASE' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit transaction' });
    await dialog.getByLabel('Payee').fill('Corner Café');
    await dialog.getByLabel('Note').fill('Milk and bread for the office');
    await dialog.getByLabel('Tags').fill('office, kitchen');
    await checkPage(page, '04-edit-transaction');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await table.getByText('Corner Café').waitFor();

    // Saved on the server: a reload shows the same.
    await page.reload();
    const reloaded = page.getByRole('table', { name: 'Transactions of this statement' });
    await reloaded.getByText('Corner Café').waitFor();
    expect(await chosen(reloaded.getByLabel('Category for FAKE SALARY DEPOSIT'))).toBe('Salary and wages');
    expect(await chosen(reloaded.getByLabel('Category for FAKE SHOP PURCHASE'))).toBe('Groceries');
    expect(await chosen(reloaded.getByLabel('Category for FEE: MONTHLY ##'))).toBe('Uncategorized');
    const found = await (await api())({ method: 'GET', url: '/transactions?q=corner' });
    expect(
      found.json<{ items: { note: string; tags: string[]; category_source: string }[] }>().items,
    ).toEqual([
      expect.objectContaining({
        note: 'Milk and bread for the office',
        tags: ['office', 'kitchen'],
        category_source: 'manual',
      }),
    ]);
  });

  it('searches every statement on the Transactions page', async () => {
    await nav('Transactions');
    await heading('Transactions').waitFor();
    const table = page.getByRole('table', { name: 'Matching transactions' });
    await table.getByText('FEE: MONTHLY ##', { exact: true }).first().waitFor();
    const form = page.getByRole('search', { name: 'Find transactions' });
    await form.getByLabel('Category').selectOption({ label: 'Uncategorized' });
    await form.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 of 1 shown').waitFor();
    await checkPage(page, '05-transactions');
  });

  it('writes a rule with a live preview, dry-runs it, applies it, undoes it, and reorders rules', async () => {
    await nav('Rules');
    await heading('Rules').waitFor();
    await page.getByText('No rules yet').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.getByRole('form', { name: 'New rule' });
    await editor.getByLabel('Name').fill('Bank fees');
    await editor.getByLabel('Condition 1: value').fill('fee:');
    await editor.getByLabel('Set the category').selectOption({ label: 'Bank fees' });
    await editor.getByText('Matches 1 transaction of 3.').waitFor();
    await editor
      .getByRole('table', { name: 'Transactions the rule matches' })
      .getByText('FEE: MONTHLY ##')
      .waitFor();
    await checkPage(page, '06-rule-editor');
    await editor.getByRole('button', { name: 'Save rule' }).click();
    const rulesList = page.getByRole('list', { name: 'Rules in order' });
    await rulesList
      .getByText('When Description contains “fee:”: file under Financial costs › Bank fees')
      .waitFor();

    const run = page.getByRole('region', { name: 'Categorize existing transactions' });
    await run.getByRole('button', { name: 'Run rules' }).click();
    await run.getByText('Dry run — nothing was changed.').waitFor({ timeout: 60_000 });
    await run.getByText(/3 transactions looked at: 1 would change/).waitFor();
    await run.getByRole('table', { name: 'Proposed changes' }).getByText('FEE: MONTHLY ##').waitFor();
    await run.getByRole('button', { name: 'Apply these changes' }).click();
    await run.getByText(/3 transactions looked at: 1 changed/).waitFor({ timeout: 60_000 });
    expect(await run.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await checkPage(page, '07-rules-run');
    const client = await api();
    const fee = async () =>
      (await client({ method: 'GET', url: '/transactions?q=monthly' })).json<{
        items: { category_id: string | null; category_source: string | null }[];
      }>().items[0]!;
    expect((await fee()).category_source).toBe('rule');

    await run.getByRole('button', { name: 'Undo' }).click();
    await run.getByText('Restored 1 transaction.').waitFor();
    expect((await fee()).category_id).toBeNull();
    await run.getByLabel('Dry run: show the changes first, change nothing').uncheck();
    await run.getByRole('button', { name: 'Run rules' }).click();
    // The first run's summary ("1 changed") may still show until the new task's view replaces it: wait
    // for what the new run did, not for text already on the page.
    await expect.poll(async () => (await fee()).category_source, { timeout: 60_000 }).toBe('rule');
    await run.getByText(/3 transactions looked at: 1 changed/).waitFor({ timeout: 60_000 });

    // A second rule, then moved above the first from the keyboard-reachable buttons.
    const created = await client({
      method: 'POST',
      url: '/rules',
      payload: {
        name: 'Salary',
        conditions: { match: 'all', conditions: [{ field: 'amount', op: 'sign', value: 'money_in' }] },
        actions: [{ type: 'add_tags', tags: ['income'] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    await page.reload();
    await page
      .getByRole('listitem', { name: 'Salary' })
      .getByRole('button', { name: 'Move up Salary' })
      .click();
    await page.getByRole('status').getByText('“Salary” moved to position 1 of 2.').waitFor();
    await expect
      .poll(async () =>
        (await client({ method: 'GET', url: '/rules' }))
          .json<{ items: { name: string }[] }>()
          .items.map((r) => r.name),
      )
      .toEqual(['Salary', 'Bank fees']);
  });

  it('generates an Excel report with live progress and downloads it', async () => {
    await nav('Reports');
    await heading('Reports').waitFor();
    await page.getByText('No reports yet').waitFor();
    const form = page.getByRole('form', { name: 'New report' });
    await form.getByLabel('Title (optional)').fill('May books');
    await form.getByRole('button', { name: 'Generate report' }).click();
    const progress = page.getByRole('region', { name: 'Report in progress' });
    await progress.getByText(/is ready: 3 transactions/).waitFor({ timeout: 60_000 });
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      progress.getByRole('button', { name: 'Download Excel workbook' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('May-books_2026-05-01_2026-05-31.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await file.path());
    const cells: string[] = [];
    workbook.worksheets[1]?.eachRow((row) => cells.push(row.getCell(2).text));
    expect(cells).toEqual(
      expect.arrayContaining(['FAKE SHOP PURCHASE', 'FAKE SALARY DEPOSIT', 'FEE: MONTHLY ##']),
    );
    // The list shows it, and offers it again.
    const table = page.getByRole('table', { name: 'Generated reports, newest first' });
    await table.getByRole('button', { name: 'Download May books' }).waitFor();
    await checkPage(page, '08-reports');
  });

  it('follows a long task live on the Tasks page and cancels it', async () => {
    const client = await api();
    const submitted = await client({
      method: 'POST',
      url: '/tasks/sleep_demo_async',
      payload: { seconds: 600, steps: 600 },
    });
    expect(submitted.statusCode, submitted.body).toBe(202);
    const id = submitted.json<{ task_id: string }>().task_id;
    await nav('Tasks');
    await heading('Tasks').waitFor();
    const row = page.getByRole('row', { name: new RegExp(`Demo task ${id.slice(0, 8)}`) });
    await row.getByText('Running', { exact: true }).waitFor({ timeout: 60_000 });
    await checkPage(page, '09-tasks');
    await row.getByRole('button', { name: `Cancel Demo task ${id.slice(0, 8)}` }).click();
    await row.getByText('Cancelled', { exact: true }).waitFor({ timeout: 30_000 });
    const status = await client({ method: 'GET', url: `/tasks/${id}/status` });
    expect(status.json<{ status: string }>().status).toBe('CANCELLED');
  });

  it('asks for the password of an encrypted PDF, says when it is wrong, and imports with the right one', async () => {
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
    await nav('Upload');
    await page.getByLabel('Files to upload').setInputFiles({
      name: 'locked.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(secret),
    });
    const row = page.getByRole('listitem', { name: 'locked.pdf' });
    await row.getByText('This PDF is protected by a password.').waitFor({ timeout: 60_000 });
    const password = row.getByLabel('Password for locked.pdf');
    await password.fill('wrong');
    await row.getByRole('button', { name: 'Open and import' }).click();
    await row.getByText('That password does not open the PDF.').first().waitFor({ timeout: 90_000 });
    await checkPage(page, '10-upload-password');
    await password.fill('open-sesame');
    await row.getByRole('button', { name: 'Open and import' }).click();
    await row.getByText('1 transaction saved').waitFor({ timeout: 90_000 });
  });

  it('reads an invoice, shows its fields beside the PDF, and saves a correction', async () => {
    await nav('Upload');
    await page.getByLabel('Invoices (PDF)').check();
    await page.getByLabel('Files to upload').setInputFiles(INVOICE);
    const row = page.getByRole('listitem', { name: 'print-layout-R-2024-00001.pdf' });
    await row.getByRole('link', { name: 'Review the invoice' }).click({ timeout: 90_000 });
    const fields = page.getByRole('form', { name: 'Fields' });
    expect(await fields.getByLabel('Invoice number').inputValue()).toBe('R-2024/00001');
    expect(await fields.getByLabel('Total', { exact: true }).inputValue()).toBe('529.87');
    await page.getByRole('region', { name: 'The invoice document' }).locator('iframe').waitFor();
    await fields.getByLabel('Vendor', { exact: true }).fill('Lieferant GmbH');
    await fields.getByRole('button', { name: 'Save corrections' }).click();
    await fields.getByText('Corrections saved.').waitFor();
    await checkPage(page, '11-invoice');
    const client = await api();
    const list = await client({ method: 'GET', url: '/invoices' });
    expect(list.json<{ items: { vendor_name: string; corrected_fields: string[] }[] }>().items).toEqual([
      expect.objectContaining({ vendor_name: 'Lieferant GmbH', corrected_fields: ['vendor_name'] }),
    ]);
    await nav('Invoices');
    await page.getByRole('link', { name: 'Lieferant GmbH' }).waitFor();
    await checkPage(page, '12-invoices');
  });
});
