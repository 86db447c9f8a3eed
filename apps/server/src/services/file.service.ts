import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { spoolToTempFile, type FileStorage, type SpooledFile } from '../adapters/storage/index.js';
import type { FileRow } from '../db/types.js';
import { notFound } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import type { Principal, RequestMeta } from './principal.js';

export interface FileServiceDeps {
  repos: Pick<Repositories, 'files' | 'audit'>;
  storage: FileStorage;
  tempDir: string;
  maxUploadBytes: number;
}

export interface UploadInput {
  stream: Readable;
  fileName: string;
  contentType: string;
  purpose: string;
}

/** Keeps names printable and bounded; the name is metadata only and never part of a storage key. */
export function cleanFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable.slice(0, 255) || 'unnamed';
}

/** Stored files (uploads and generated files) of an organization, with every access audited. */
export class FileService {
  constructor(private readonly deps: FileServiceDeps) {}

  async upload(principal: Principal, input: UploadInput, meta: RequestMeta): Promise<FileRow> {
    const spooled = await this.spool(input.stream);
    return this.store(principal, { ...input, spooled }, meta);
  }

  /** Streams an upload to a temporary file (size limit enforced while reading, hashed on the way). */
  spool(stream: Readable): Promise<SpooledFile> {
    return spoolToTempFile(stream, this.deps.tempDir, this.deps.maxUploadBytes);
  }

  /** Moves a spooled upload into storage and records it; the temporary file is gone afterwards. */
  async store(
    principal: Principal,
    input: Omit<UploadInput, 'stream'> & { spooled: SpooledFile },
    meta: RequestMeta,
  ): Promise<FileRow> {
    const { spooled } = input;
    const key = `${principal.organizationId}/${input.purpose}/${randomUUID()}`;
    try {
      await this.deps.storage.put(key, spooled.path, input.contentType);
    } finally {
      await spooled.discard();
    }
    let row: FileRow;
    try {
      row = await this.deps.repos.files.create({
        organizationId: principal.organizationId,
        createdBy: principal.userId,
        storageKey: key,
        originalName: cleanFileName(input.fileName),
        contentType: input.contentType,
        sizeBytes: spooled.sizeBytes,
        sha256: spooled.sha256,
        purpose: input.purpose,
      });
    } catch (error) {
      await this.deps.storage.delete(key).catch(() => undefined);
      throw error;
    }
    await this.audit(principal, 'file.uploaded', row, meta);
    return row;
  }

  /** Copies a stored file to a temporary file (for a job to read); the caller discards it. */
  async fetchToTemp(file: FileRow): Promise<SpooledFile> {
    return spoolToTempFile(
      await this.deps.storage.get(file.storageKey),
      this.deps.tempDir,
      Number.MAX_SAFE_INTEGER,
    );
  }

  async list(principal: Principal, filter: { purpose?: string | undefined; limit: number; offset: number }) {
    return this.deps.repos.files.list(principal.organizationId, filter);
  }

  async get(principal: Principal, fileId: string): Promise<FileRow> {
    const row = await this.deps.repos.files.findById(principal.organizationId, fileId);
    if (!row) throw notFound('File');
    return row;
  }

  /** For jobs, which act for an organization rather than a signed-in user. */
  findForOrganization(organizationId: string, fileId: string): Promise<FileRow | undefined> {
    return this.deps.repos.files.findById(organizationId, fileId);
  }

  /** Opens the file for download and records who downloaded it. */
  async download(
    principal: Principal,
    fileId: string,
    meta: RequestMeta,
  ): Promise<{ file: FileRow; body: Readable }> {
    const file = await this.get(principal, fileId);
    const body = await this.deps.storage.get(file.storageKey);
    await this.audit(principal, 'file.downloaded', file, meta);
    return { file, body };
  }

  /**
   * Deletes the record first, then the stored object: if the object delete fails the file is already
   * invisible to users, and the daily cleanup removes objects without a record.
   */
  async delete(principal: Principal, fileId: string, meta: RequestMeta): Promise<void> {
    const row = await this.deps.repos.files.delete(principal.organizationId, fileId);
    if (!row) throw notFound('File');
    await this.audit(principal, 'file.deleted', row, meta);
    await this.deps.storage.delete(row.storageKey);
  }

  private audit(principal: Principal, action: string, file: FileRow, meta: RequestMeta) {
    return this.deps.repos.audit.append({
      organizationId: principal.organizationId,
      userId: principal.userId,
      action,
      targetType: 'file',
      targetId: file.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { name: file.originalName, size_bytes: file.sizeBytes, sha256: file.sha256 },
    });
  }
}
