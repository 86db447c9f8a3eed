import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledFile {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes (up to HEAD_BYTES), to recognize the file type without reading it again. */
  head: Buffer;
  /** Removes the temporary file if it is still there (after a move it is already gone). */
  discard(): Promise<void>;
}

/** Enough to recognize a PDF (its header may sit anywhere in the first KiB). */
export const HEAD_BYTES = 1024;

export class FileTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`File exceeds the ${limitBytes} byte limit`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Streams an upload to a temporary file while hashing and counting it, so memory stays flat whatever
 * the size, the limit is enforced while reading (not after), and the content hash is known before the
 * file is stored anywhere.
 */
export async function spoolToTempFile(
  source: Readable,
  tempDir: string,
  maxBytes: number,
): Promise<SpooledFile> {
  await mkdir(tempDir, { recursive: true });
  const file = path.join(tempDir, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  let size = 0;
  const head: Buffer[] = [];
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new FileTooLargeError(maxBytes));
      hash.update(chunk);
      if (size - chunk.length < HEAD_BYTES) head.push(chunk.subarray(0, HEAD_BYTES - (size - chunk.length)));
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return {
    path: file,
    sizeBytes: size,
    sha256: hash.digest('hex'),
    head: Buffer.concat(head),
    discard: () => rm(file, { force: true }),
  };
}
