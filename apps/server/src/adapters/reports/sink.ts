import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where a report goes: a file path (created or truncated) or any Writable (an upload, a response). */
export type ReportTarget = string | Writable;

/**
 * The byte stream a writer produces into, piped to the target. It counts bytes, lets the writer wait
 * while the target is behind (so a slow disk or upload holds the producer back instead of filling
 * memory), and on failure removes a partly written file.
 */
export class ReportSink {
  readonly stream: Transform;
  private bytes = 0;
  private readonly outcome: Promise<Error | undefined>;
  private failure: Error | undefined;

  constructor(private readonly target: ReportTarget) {
    this.stream = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    const destination = typeof target === 'string' ? createWriteStream(target) : target;
    // Settles to the error instead of rejecting, so a failure before anyone awaits is not "unhandled".
    this.outcome = pipeline(this.stream, destination).then(
      () => undefined,
      (error: unknown) => (this.failure = error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Resolves once the target can take more; throws if the target failed. */
  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Writes text, waiting for the target when its buffer is full. */
  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await this.ready();
  }

  /** Waits until every byte reached the target (ending the stream first when `end`); returns the size. */
  async finished(end: boolean): Promise<number> {
    if (end) this.stream.end();
    const error = await this.outcome;
    if (error) throw error;
    return this.bytes;
  }

  /** Stops writing and removes the partial file, if the target is a path. */
  async discard(): Promise<void> {
    this.stream.destroy();
    await this.outcome;
    if (typeof this.target === 'string') await rm(this.target, { force: true });
  }
}
