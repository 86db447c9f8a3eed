import type { Db } from '../db/database.js';
import { newestFirstPage } from './newest-first-page.js';
import type { AccountKind, AccountRow, NewStatement, StatementRow } from '../db/types.js';

export interface AccountIdentity {
  bankSource: string;
  accountNumber: string;
  currency: string;
  kind: AccountKind;
  name: string;
}

/** Bank accounts and statement import sessions. */
export class StatementRepository {
  constructor(private readonly db: Db) {}

  async findAccount(organizationId: string, accountId: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('accounts')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', accountId)
      .executeTakeFirst();
  }

  /** Which of `ids` are the organization's accounts. */
  async existingAccounts(organizationId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('accounts')
      .select('id')
      .where('organizationId', '=', organizationId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /** The account a statement belongs to, by bank, number and currency; created on first sight. */
  async findOrCreateAccount(organizationId: string, identity: AccountIdentity): Promise<AccountRow> {
    const inserted = await this.db
      .insertInto('accounts')
      .values({ organizationId, ...identity })
      .onConflict((oc) =>
        oc.columns(['organizationId', 'bankSource', 'accountNumber', 'currency']).doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (inserted) return inserted;
    return this.db
      .selectFrom('accounts')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('bankSource', '=', identity.bankSource)
      .where('accountNumber', '=', identity.accountNumber)
      .where('currency', '=', identity.currency)
      .executeTakeFirstOrThrow();
  }

  async listAccounts(organizationId: string): Promise<AccountRow[]> {
    return this.db
      .selectFrom('accounts')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }

  async create(statement: NewStatement): Promise<StatementRow> {
    return this.db.insertInto('statements').values(statement).returningAll().executeTakeFirstOrThrow();
  }

  async setCounts(id: string, counts: { transactionCount: number; duplicateCount: number }): Promise<void> {
    await this.db.updateTable('statements').set(counts).where('id', '=', id).execute();
  }

  /** The sessions a task saved, with their accounts (empty until it has saved). */
  async listByTask(
    organizationId: string,
    taskId: string,
  ): Promise<Array<{ statement: StatementRow; account: AccountRow }>> {
    const statements = await this.db
      .selectFrom('statements')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('taskId', '=', taskId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    const result = [];
    for (const statement of statements) {
      const account = await this.findAccount(organizationId, statement.accountId);
      if (account) result.push({ statement, account });
    }
    return result;
  }

  async findById(organizationId: string, id: string): Promise<StatementRow | undefined> {
    return this.db
      .selectFrom('statements')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async list(
    organizationId: string,
    filter: { accountId?: string | undefined; limit: number; offset: number },
  ): Promise<{ items: StatementRow[]; total: number }> {
    let query = this.db.selectFrom('statements').where('organizationId', '=', organizationId);
    if (filter.accountId) query = query.where('accountId', '=', filter.accountId);
    return newestFirstPage(query, filter);
  }

  /** Deletes the session; its transactions go with it (ON DELETE CASCADE). */
  async delete(organizationId: string, id: string): Promise<StatementRow | undefined> {
    return this.db
      .deleteFrom('statements')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
}
