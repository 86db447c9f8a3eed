import { Type } from 'typebox';
import { PermanentJobError } from '../../errors.js';
import { defineTask } from '../registry.js';

export const SleepDemoPayload = Type.Object(
  {
    seconds: Type.Number({ minimum: 0, maximum: 3600, description: 'Total time to sleep' }),
    steps: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'Progress reports' }),
    fail_times: Type.Integer({
      minimum: 0,
      maximum: 20,
      default: 0,
      description: 'Fail this many attempts first',
    }),
    permanent_failure: Type.Boolean({ default: false, description: 'Fail without retrying' }),
    cpu_bound: Type.Boolean({ default: false, description: 'Busy-wait in a child process, ignoring cancel' }),
  },
  { additionalProperties: false },
);

/**
 * A demonstration task: sleeps in steps, reporting progress each step, and fails on purpose, so anyone
 * can watch progress, retries, time limits and cancellation through the public API.
 */
export const sleepDemoTask = defineTask({
  type: 'sleep_demo',
  payload: SleepDemoPayload,
  async handler(payload, ctx) {
    if (payload.permanent_failure)
      throw new PermanentJobError('DEMO_PERMANENT_FAILURE', 'Failed on purpose (permanent_failure)');
    if (ctx.attempt <= payload.fail_times) {
      throw Object.assign(
        new Error(`Failed on purpose, attempt ${ctx.attempt} of fail_times ${payload.fail_times}`),
        { code: 'DEMO_TRANSIENT_FAILURE' },
      );
    }
    const stepMs = (payload.seconds * 1000) / payload.steps;
    await ctx.progress(0, `Sleeping ${payload.seconds} s in ${payload.steps} steps`);
    if (payload.cpu_bound) {
      await ctx.runInChild('busy_steps', { steps: payload.steps, stepMs });
    } else {
      for (let step = 1; step <= payload.steps; step++) {
        await sleep(stepMs, ctx.signal);
        await ctx.progress(Math.round((step / payload.steps) * 100), `Step ${step} of ${payload.steps}`);
      }
    }
    return { slept_seconds: payload.seconds, steps: payload.steps, attempt: ctx.attempt };
  },
});

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
