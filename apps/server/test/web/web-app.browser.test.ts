import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, PASSWORD } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv } from '../support/tasks.js';
import { checkPage, launchBrowser, type Browser } from './browser.js';

/**
 * The web app as a bookkeeper uses it, end to end: the built app served by the real API process (with
 * its workers, on PostgreSQL), driven in Debian's Chromium. Each step starts where the previous one
 * left off, as one person's session would; every main page is screenshotted and checked with axe-core.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/statements');
const STATEMENT = path.join(FIXTURES, 'standard-bank', 'family-a-current.pdf');
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

describe('the web app in Chromium', { timeout: 180_000 }, () => {
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
    await run.getByText(/3 transactions looked at: 1 changed/).waitFor({ timeout: 60_000 });
    expect((await fee()).category_source).toBe('rule');

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
});
