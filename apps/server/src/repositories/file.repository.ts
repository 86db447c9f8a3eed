import type { Db } from '../db/database.js';
import { newestFirstPage } from './newest-first-page.js';
import type { FileRow, NewFile } from '../db/types.js';

export class FileRepository {
  constructor(private readonly db: Db) {}

  async create(file: NewFile): Promise<FileRow> {
    return this.db.insertInto('files').values(file).returningAll().executeTakeFirstOrThrow();
  }

  async findById(organizationId: string, fileId: string): Promise<FileRow | undefined> {
    return this.db
      .selectFrom('files')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', fileId)
      .executeTakeFirst();
  }

  async list(
    organizationId: string,
    filter: { purpose?: string | undefined; limit: number; offset: number },
  ): Promise<{ items: FileRow[]; total: number }> {
    let query = this.db.selectFrom('files').where('organizationId', '=', organizationId);
    if (filter.purpose) query = query.where('purpose', '=', filter.purpose);
    return newestFirstPage(query, filter);
  }

  async delete(organizationId: string, fileId: string): Promise<FileRow | undefined> {
    return this.db
      .deleteFrom('files')
      .where('organizationId', '=', organizationId)
      .where('id', '=', fileId)
      .returningAll()
      .executeTakeFirst();
  }
}
