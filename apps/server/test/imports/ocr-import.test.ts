import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskChannel } from '../../src/services/task-queue.port.js';
import type { TaskEvent } from '../../src/services/task-view.js';
import { generateScannedStatement } from '../generators/statements/index.js';
import { registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv } from '../support/tasks.js';
import { importFile, statementTransactions } from './support.js';

/**
 * Scanned statements end to end: an image-only PDF (the generator's statement rasterized at 200 dpi,
 * skewed, speckled, stamped and JPEG-compressed) through POST /upload_pdf_async, OCR in the worker's
 * child process, and the same parser and reconciliation as a text PDF. OCR costs seconds per page, so
 * this file reads two one-page scans; accuracy over every layout is `scripts/statement-accuracy.ts
 * --scanned`, speed `bench/ocr.ts`.
 */
/** OCR takes ~8 CPU s a page; a busy CI machine (two cores, the suite in parallel) may take several times that. */
const OCR_TEST_TIMEOUT_MS = 120_000;

const SCAN = { dpi: 200, skewDegrees: 0.6, noise: 0.0003, watermark: true, jpegQuality: 70 } as const;

let ctx: TestContext;
let user: TestUser;

beforeAll(async () => {
  ctx = await createWorkerTestContext(
    backendEnv('postgres', {
      WORKER_CONCURRENCY: '2',
      PROGRESS_THROTTLE_MS: '0',
      // OCR of a page peaks ~350 MB over the child's start (measured, issue 17); the cap still holds it.
      CHILD_MEMORY_MB: '600',
    }),
  );
  user = await registerUser(ctx.app, 'ocr-import');
});
afterAll(async () => {
  await ctx?.close();
});

describe('scanned statements through OCR', () => {
  it(
    'imports a scanned statement with every transaction exact, reconciled, and says which pages OCR read',
    async () => {
      const { scanned, expected } = await generateScannedStatement('dmy-signed', {
        seed: 7,
        count: 15,
        scan: SCAN,
      });
      const messages: string[] = [];
      let probed = false;
      const unsubscribe = ctx.container.taskQueue.subscribe(TaskChannel.updated, (event) => {
        if ((event as { probe?: boolean }).probe) probed = true;
        else
          messages.push(
            `${(event as TaskEvent).task.progress_percent} ${(event as TaskEvent).task.progress_message}`,
          );
      });
      // A new subscription sees only what is published after it starts reading: wait until it hears us.
      while (!probed) {
        await ctx.container.taskQueue.publish(TaskChannel.updated, { probe: true });
        await new Promise((r) => setTimeout(r, 50));
      }
      const outcome = await importFile(ctx.app, user, { name: 'scan.pdf', content: scanned });
      unsubscribe();
      expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
      expect(messages).toContain('0 Recognizing page 1 of 1...');
      expect(messages).toContain('100 Completed');
      const result = outcome.result!;
      expect(result).toMatchObject({
        transaction_count: expected.transactions.length,
        reconciled: true,
        reconciliation_checked: true,
        issues: [],
        opening_balance: (expected.openingMinor / 100).toFixed(2),
        closing_balance: (expected.closingMinor / 100).toFixed(2),
      });
      const ocr = result.ocr as { pages: number[]; mean_confidence: number; low_confidence_rows: number[] };
      expect(ocr.pages).toEqual([1]);
      expect(ocr.mean_confidence).toBeGreaterThan(80);
      expect(ocr.mean_confidence).toBeLessThanOrEqual(100);
      const saved = await statementTransactions(ctx.app, user, result.session_id as string);
      expect(
        saved.map((tx) => ({ date: tx.date, description: tx.description, amountMinor: tx.amount_minor })),
      ).toEqual(
        expected.transactions.map((tx) => ({
          date: tx.date,
          description: tx.description,
          amountMinor: tx.amountMinor,
        })),
      );
    },
    OCR_TEST_TIMEOUT_MS,
  );

  it(
    'does not reconcile a scan whose amount has one digit changed: the balances catch it',
    async () => {
      const tampered = 4;
      const { scanned, expected } = await generateScannedStatement('dmy-signed', {
        seed: 11,
        count: 12,
        tamperRow: tampered,
        scan: SCAN,
      });
      const outcome = await importFile(ctx.app, user, { name: 'tampered.pdf', content: scanned });
      expect(outcome.last.status, JSON.stringify(outcome.last.error)).toBe('SUCCESS');
      const result = outcome.result!;
      expect(result.reconciled).toBe(false);
      expect((result.ocr as { pages: number[] }).pages).toEqual([1]);
      const issues = result.issues as Array<{ code: string; rows: number[] }>;
      expect(issues.map((issue) => issue.code)).toContain('RUNNING_BALANCE_MISMATCH');
      expect(issues.flatMap((issue) => issue.rows)).toContain(tampered);
      // The row itself was read as printed: the proof, not the OCR, found it.
      const saved = await statementTransactions(ctx.app, user, result.session_id as string);
      expect(saved[tampered]?.amount_minor).toBe(expected.transactions[tampered]?.amountMinor);
    },
    OCR_TEST_TIMEOUT_MS,
  );
});
