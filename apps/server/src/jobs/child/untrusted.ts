import { PermanentJobError } from '../../errors.js';
import type { JobContext } from '../registry.js';
import { ChildCrashedError } from './pool.js';

/**
 * Runs a child function on an uploaded file's bytes. A child that dies reading them (out of memory on a
 * decompression bomb, a pathological document) would die again on every retry, so its crash is a
 * permanent FILE_TOO_COMPLEX rather than a transient failure; cancels and time limits pass through.
 */
export async function runOnUntrustedFile<T>(ctx: JobContext, fn: string, input: unknown): Promise<T> {
  try {
    return await ctx.runInChild<T>(fn, input);
  } catch (error) {
    if (error instanceof ChildCrashedError && !ctx.signal.aborted) {
      throw new PermanentJobError(
        'FILE_TOO_COMPLEX',
        'Reading this file exceeded the memory allowed for one document; it was stopped.',
      );
    }
    throw error;
  }
}
