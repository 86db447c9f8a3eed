import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfWithFlateBomb } from '../generators/hostile.js';
import { as, multipart, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { isFinished, waitForTask } from '../support/tasks.js';

// Issue #22, item 4: the child's heap cap (--max-old-space-size) does not cover ArrayBuffers, so a PDF
// whose Flate stream inflates to gigabytes grew a child to 4.1 GB and held a worker slot for minutes.
// The child's memory watchdog (memory-watchdog.ts) now stops it once its resident memory passes
// CHILD_MEMORY_MB.
let ctx: TestContext;
let user: TestUser;
let bomb: Buffer;
beforeAll(async () => {
  ctx = await createWorkerTestContext({
    CHILD_MEMORY_MB: '400',
    TASK_MAX_RETRIES: '0',
    RATE_LIMIT_MAX: '1000000',
  });
  user = await registerUser(ctx.app, 'bomber');
  bomb = await pdfWithFlateBomb(1024 * 1024 * 1024); // 1 GiB inflated
}, 60_000);
afterAll(() => ctx?.close());

describe('a decompression bomb in a PDF', () => {
  it('fails its import as FILE_TOO_COMPLEX, the child killed for its memory; the next import works', async () => {
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/upload_pdf_async',
      ...multipart({ file: { filename: 'bomb.pdf', content: bomb, type: 'application/pdf' } }),
    });
    expect(res.statusCode, res.body).toBe(202);
    const taskId = res.json<{ task_id: string }>().task_id;
    const { last } = await waitForTask(ctx.app, user, taskId, isFinished, 90_000);
    expect(last.status).toBe('FAILED');
    expect(last.error).toMatchObject({ code: 'FILE_TOO_COMPLEX' });

    // The slot is free again: an ordinary CSV import succeeds.
    const csv = Buffer.from('Date,Description,Amount,Balance\n2024-01-02,Coffee,-30.00,970.00\n');
    const next = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: '/statements/import_async',
      ...multipart({ file: { filename: 's.csv', content: csv, type: 'text/csv' } }),
    });
    expect(next.statusCode, next.body).toBe(202);
    const after = await waitForTask(
      ctx.app,
      user,
      next.json<{ task_id: string }>().task_id,
      isFinished,
      60_000,
    );
    expect(after.last.status, JSON.stringify(after.last.error)).toBe('SUCCESS');
  }, 180_000);
});
