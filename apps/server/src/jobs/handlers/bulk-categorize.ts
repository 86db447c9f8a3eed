import { BulkCategorizeBody } from '@ledgerflow/contracts';
import { AppError, PermanentJobError } from '../../errors.js';
import type { CategorizationService } from '../../services/categorization.service.js';
import { defineTask } from '../registry.js';

/**
 * Applies the organization's rules to a statement, a list of transactions or a filter, in one database
 * transaction (cancel or crash: nothing changed). Progress is current / total × 100, reported every 10
 * transactions and written at most once per PROGRESS_THROTTLE_MS.
 */
export const bulkCategorizeTask = (categorization: CategorizationService) =>
  defineTask({
    type: 'bulk_categorize',
    payload: BulkCategorizeBody,
    async handler(payload, ctx) {
      await ctx.progress(0, 'Reading the rules');
      try {
        return await categorization.runBulk(ctx.taskId, ctx.organizationId, payload, {
          signal: ctx.signal,
          progress: (current, total) =>
            ctx.progress(
              total ? (current / total) * 100 : 0,
              `Categorized ${current} of ${total} transactions`,
            ),
        });
      } catch (error) {
        // Bad input found only now (a filter a newer version reads differently) will not get better.
        if (error instanceof AppError && error.status < 500)
          throw new PermanentJobError(error.code, error.message);
        throw error;
      }
    },
  });
