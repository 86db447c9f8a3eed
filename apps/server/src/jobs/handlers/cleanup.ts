import { Type } from 'typebox';
import type { ReportService } from '../../services/report.service.js';
import type { TaskLifecycleService } from '../../services/task-lifecycle.service.js';
import type { WebhookService } from '../../services/webhook.service.js';
import { defineTask } from '../registry.js';

/**
 * Daily (CLEANUP_CRON): removes task results past RESULT_TTL, reports (files and rows) not kept, and
 * finished webhook deliveries older than 30 days.
 */
export const cleanupTask = (
  lifecycle: TaskLifecycleService,
  reports: ReportService,
  webhooks: WebhookService,
) =>
  defineTask({
    type: 'cleanup_expired_results',
    payload: Type.Object({}),
    async handler(_payload, ctx) {
      await ctx.progress(0, 'Removing expired results');
      return {
        ...(await lifecycle.expireResults()),
        ...(await reports.expire()),
        ...(await webhooks.expireDeliveries()),
      };
    },
  });
