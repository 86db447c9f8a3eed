import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../db/types.js';
import type { TaskLifecycleService } from '../services/task-lifecycle.service.js';
import type { ChildPool } from './child/pool.js';
import { createJobContext } from './context.js';

describe('createJobContext progress', () => {
  it('writes reports in the order they were made, even when an earlier write is slower', async () => {
    const written: number[] = [];
    // The first write takes longer than the second, as a busy database can make it.
    const lifecycle = {
      progress: async (_row: TaskRow, percent: number) => {
        await new Promise((resolve) => setTimeout(resolve, percent === 50 ? 40 : 0));
        written.push(percent);
        return { cancelRequested: false };
      },
    } as unknown as TaskLifecycleService;
    const ctx = createJobContext({
      row: { id: 't', organizationId: 'o', userId: 'u', maxAttempts: 1 } as TaskRow,
      attempt: 1,
      controller: new AbortController(),
      lifecycle,
      children: {} as ChildPool,
      throttleMs: 0,
      finished: new AbortController().signal,
      logger: pino({ enabled: false }),
      onChildRun: () => undefined,
    });
    const first = ctx.progress(50, 'Normalizing transactions...'); // a child's report, not awaited
    await ctx.progress(75, 'Saving...');
    await first;
    expect(written).toEqual([50, 75]);
  });
});
