import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from './support/api.js';
import { createTestContext, type TestContext } from './support/context.js';

/**
 * /docs as a person on another machine sees it: Debian's Chromium (never a downloaded browser; `.ci/run`
 * installs the package when missing), over plain HTTP, under a host name that is not localhost (mapped to
 * loopback inside the browser, so no traffic leaves this machine). Flags keep Chromium off the network.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOST = 'books.lan';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Written by every run (gitignored), so a person can look at what the test saw. */
const SCREENSHOT = path.join(ROOT, 'test-results', 'docs', 'docs-upload-file-picker.png');

const UPLOADS = [
  '/upload_pdf_async',
  '/statements/import_async',
  '/statements/preview',
  '/invoices/extract_async',
  '/files',
];

let ctx: TestContext;
let origin: string;
let profile: string;
let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  const address = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://${HOST}:${new URL(address).port}`;
  profile = await mkdtemp(path.join(tmpdir(), 'ledgerflow-docs-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
    ],
    viewport: { width: 1280, height: 1000 },
  });
  await browser.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => " +
      "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('/docs in Chromium, from another host name over plain HTTP', { timeout: 120_000 }, () => {
  it('renders, is titled Ledgerflow, and offers a file picker on every upload', async () => {
    await page.goto(`${origin}/docs/`, { waitUntil: 'load' });
    // A blank page (scripts upgraded to https and refused) never gets here.
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 60_000 });
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('Ledgerflow');
    expect(await page.title()).toBe('Ledgerflow — API docs');
    expect(await page.locator('.topbar img').count()).toBe(1);

    for (const upload of UPLOADS) {
      const block = page.locator('.opblock-post', {
        has: page.locator(`.opblock-summary-path[data-path="${upload}"]`),
      });
      await block.locator('.opblock-summary').click();
      // "Try it out" is on from the start (uiConfig.tryItOutEnabled): the form shows at once.
      await expect.poll(() => block.locator('input[type="file"]').count(), { timeout: 10_000 }).toBe(1);
      expect(await block.locator('.opblock-section-request-body').innerText()).toContain(
        'multipart/form-data',
      );
      if (upload === '/upload_pdf_async') {
        await block.scrollIntoViewIfNeeded();
        await mkdir(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: false });
        console.log(`screenshot: ${SCREENSHOT}`);
      }
      await block.locator('.opblock-summary').click(); // collapse again
    }
    expect(problems).toEqual([]);
  });

  it('uploads a statement from the docs page: authorize, choose a file, execute, 202', async () => {
    const user = await registerUser(ctx.app, 'docs');
    await page.locator('button.authorize').first().click();
    await page.locator('.auth-container input').first().fill(user.accessToken);
    await page.locator('.auth-btn-wrapper button.authorize').click();
    await page.locator('.auth-btn-wrapper button.btn-done').click();

    const block = page.locator('.opblock-post', {
      has: page.locator('.opblock-summary-path[data-path="/upload_pdf_async"]'),
    });
    await block.locator('.opblock-summary').click();
    await block.locator('input[type="file"]').setInputFiles({
      name: 'statement.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Date,Description,Amount\n2024-01-05,COFFEE SHOP,-3.50\n2024-01-06,SALARY,1000.00\n',
      ),
    });
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 30_000 });
    const body = await block
      .locator('.live-responses-table .response-col_description pre')
      .first()
      .innerText();
    expect((await status.innerText()).trim(), body).toBe('202');
    expect(body).toContain('"status": "submitted"');
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT.replace('file-picker', 'accepted') });
    expect(problems).toEqual([]);
  });
});
