import type { Readable } from 'node:stream';

/**
 * Where uploaded and generated files live. Keys are chosen by us (never from user-supplied names):
 * `<organization id>/<purpose>/<uuid>`.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Stores the local file at `sourcePath` under `key` (the source may be moved, not copied). */
  put(key: string, sourcePath: string, contentType: string): Promise<void>;
  /** Reads the file; rejects with a `StorageObjectMissingError` when it is gone. */
  get(key: string): Promise<Readable>;
  /** Removes the file; removing a missing file is not an error (deletes must be retryable). */
  delete(key: string): Promise<void>;
  /** Checks the backend is reachable, for readiness. */
  check(): Promise<void>;
}

export class StorageObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`Stored object ${key} is missing`);
    this.name = 'StorageObjectMissingError';
  }
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;

export function assertSafeKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.includes('..'))
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
}
