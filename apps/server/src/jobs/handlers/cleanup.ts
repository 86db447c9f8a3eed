import { Type } from 'typebox';
import type { TaskLifecycleService } from '../../services/task-lifecycle.service.js';
import { defineTask } from '../registry.js';

/** Daily (CLEANUP_CRON): removes task results past RESULT_TTL. */
export const cleanupTask = (lifecycle: TaskLifecycleService) =>
  defineTask({
    type: 'cleanup_expired_results',
    payload: Type.Object({}),
    async handler(_payload, ctx) {
      await ctx.progress(0, 'Removing expired results');
      return lifecycle.expireResults();
    },
  });
