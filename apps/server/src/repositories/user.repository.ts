import type { Db } from '../db/database.js';
import type { Role, UserRow } from '../db/types.js';

export interface PrincipalRow {
  userId: string;
  organizationId: string;
  role: Role;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async create(user: { email: string; name: string; passwordHash: string }): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({ ...user, disabledAt: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async findById(userId: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  }

  async setDisabled(userId: string, disabled: boolean): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
      .where('id', '=', userId)
      .execute();
  }

  async delete(userId: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', userId).execute();
  }

  /**
   * The live principal behind an access token: the user exists, is enabled and is still a member of the
   * organization the token names. One indexed lookup per authenticated request, so a disabled user,
   * a deleted user or a removed member loses access at once rather than when the token expires.
   */
  async findActivePrincipal(userId: string, organizationId: string): Promise<PrincipalRow | undefined> {
    return this.db
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.userId', 'u.id')
      .select(['u.id as userId', 'm.organizationId', 'm.role'])
      .where('u.id', '=', userId)
      .where('m.organizationId', '=', organizationId)
      .where('u.disabledAt', 'is', null)
      .executeTakeFirst();
  }
}
