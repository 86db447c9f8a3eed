import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOfCommas, csvOfRows, csvWithUnterminatedQuote } from '../generators/hostile.js';
import { as, expectProblem, multipart, registerUser, type TestUser } from '../support/api.js';
import { createTestContext, type TestContext } from '../support/context.js';

// Issue #22, item 1: POST /statements/preview parsed the whole upload synchronously in the API process.
let ctx: TestContext;
let user: TestUser;
beforeAll(async () => {
  ctx = await createTestContext({ UPLOAD_MAX_BYTES: String(16 * 1024 * 1024) });
  user = await registerUser(ctx.app, 'previewer');
});
afterAll(() => ctx?.close());

/** Runs the preview of `content` and reports the longest event-loop stall of this process meanwhile. */
async function preview(content: Buffer) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const res = await as(
    ctx.app,
    user,
  )({
    method: 'POST',
    url: '/statements/preview',
    ...multipart({ file: { filename: 'statement.csv', content, type: 'text/csv' } }),
  });
  lag.disable();
  return { res, stallMs: lag.max / 1e6 };
}

describe('statement preview reads a bounded head, out of the API process', () => {
  // The limit is generous for a loaded 2-core machine; before the fix an 8 MiB row of commas stalled
  // the event loop for tens of seconds (1 MiB: 5.9 s) and 50 MiB took the process down.
  const STALL_LIMIT_MS = 1000;

  it('an 8 MiB row of commas does not stall the API', async () => {
    const { res, stallMs } = await preview(csvOfCommas(8 * 1024 * 1024));
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(stallMs).toBeLessThan(STALL_LIMIT_MS);
  });

  it('8 MiB of rows of 100,000 empty cells are refused as no bank export', async () => {
    const { res, stallMs } = await preview(csvOfCommas(8 * 1024 * 1024, 100_000));
    expectProblem(res, 422, 'EXPORT_MALFORMED');
    expect(stallMs).toBeLessThan(STALL_LIMIT_MS);
  });

  it('an 8 MiB unterminated quote does not stall the API', async () => {
    const { res, stallMs } = await preview(csvWithUnterminatedQuote(8 * 1024 * 1024));
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(stallMs).toBeLessThan(STALL_LIMIT_MS);
  });

  it('a long CSV is previewed from its head and says so', async () => {
    const { res } = await preview(csvOfRows(100_000));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ complete: boolean; row_count: number; rows: string[][]; columns: string[] }>();
    expect(body.complete).toBe(false);
    expect(body.columns).toEqual(['Date', 'Description', 'Amount', 'Balance']);
    expect(body.row_count).toBeGreaterThan(1000);
    expect(body.row_count).toBeLessThan(100_000);
    expect(body.rows).toHaveLength(20);
    expect(body.rows[0]).toEqual(['2024-01-01', 'Coffee shop 0', '-12.50', '9987.50']);
  });

  it('a short CSV is previewed whole', async () => {
    const { res } = await preview(csvOfRows(30));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ complete: true, row_count: 30 });
  });

  it('an empty file is refused before any child runs', async () => {
    const { res } = await preview(Buffer.alloc(0));
    expectProblem(res, 422, 'EMPTY_FILE');
  });
});
