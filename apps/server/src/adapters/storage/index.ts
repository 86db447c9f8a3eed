import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileStorage } from './file-storage.js';
import { LocalFileStorage } from './local-file-storage.js';
import { parseS3Url, S3FileStorage } from './s3-file-storage.js';

export type { FileStorage } from './file-storage.js';
export { StorageObjectMissingError } from './file-storage.js';
export { spoolToTempFile, FileTooLargeError, type SpooledFile } from './spool.js';
export { contentDisposition } from './content-disposition.js';

/** Chooses the storage backend from STORAGE_URL (`file:///abs/dir` or `s3://bucket/prefix?...`). */
export function createFileStorage(storageUrl: string): FileStorage {
  if (storageUrl.startsWith('s3://')) return new S3FileStorage(parseS3Url(storageUrl));
  const dir = storageUrl.startsWith('file:///')
    ? fileURLToPath(storageUrl)
    : storageUrl.slice('file://'.length);
  return new LocalFileStorage(path.resolve(dir));
}
