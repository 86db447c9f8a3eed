import { AppError, PermanentJobError, serviceUnavailable } from '../../errors.js';
import type { CsvPreviewer, PreviewedCsv } from '../../services/csv-previewer.port.js';
import { ChildCrashedError, ChildPool } from './pool.js';
import type { PreviewCsvFileInput } from './preview-csv-file.js';

export interface CsvPreviewerOptions {
  /** Leading bytes previewed: detection profiles 200 rows and shows 20, so 256 KiB is ample. */
  headBytes: number;
  /** Previews running at once (each in its own child process). */
  concurrency: number;
  /** Previews waiting for a child; more are refused with 503 and Retry-After. */
  maxWaiting: number;
  /** A preview still running after this is killed and refused as FILE_TOO_COMPLEX. */
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_PREVIEW_OPTIONS: CsvPreviewerOptions = {
  headBytes: 256 * 1024,
  concurrency: 2,
  maxWaiting: 8,
  // The worst 256 KiB head measured (a single row of 262,144 empty cells) takes 1.3 s.
  timeoutMs: 10_000,
  memoryMb: 256,
};

/**
 * CSV previews in child processes, so no upload can stall the API's event loop: a 1 MiB row of commas
 * cost 5.9 s of synchronous parsing, a 50 MiB one exhausted the heap and took the process down (#22).
 * Only the head of the file is read, at most `concurrency` run at once, each is killed after
 * `timeoutMs`, and children carry the pool's memory cap.
 */
export function createCsvPreviewer(options: CsvPreviewerOptions = DEFAULT_PREVIEW_OPTIONS): CsvPreviewer {
  const pool = new ChildPool({ maxTasksPerChild: 200, memoryMb: options.memoryMb });
  let running = 0;
  const waiting: Array<() => void> = [];

  const acquire = async () => {
    if (running < options.concurrency) {
      running += 1;
      return;
    }
    if (waiting.length >= options.maxWaiting) {
      throw serviceUnavailable('Too many previews are running; try again in a few seconds', 5);
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A finished preview hands its slot straight to the next waiting one.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  const run = async (input: PreviewCsvFileInput): Promise<PreviewedCsv> => {
    const controller = new AbortController();
    const child = pool.run<PreviewedCsv>('preview_csv_file', input, { signal: controller.signal });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, options.timeoutMs);
    try {
      return await child.result;
    } catch (error) {
      if (error instanceof PermanentJobError) throw new AppError(error.code, 422, error.message);
      if (!(error instanceof ChildCrashedError)) throw error;
      throw new AppError(
        'FILE_TOO_COMPLEX',
        422,
        timedOut
          ? `Previewing this file took longer than ${options.timeoutMs / 1000} s; it was stopped`
          : 'Previewing this file exceeded the memory allowed for one document; it was stopped',
        undefined,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async preview(request) {
      await acquire();
      try {
        return await run({ ...request, headBytes: options.headBytes });
      } finally {
        release();
      }
    },
    close: () => pool.close(),
  };
}
