import type { Db } from '../db/database.js';
import type { MembershipRow, OrganizationRow, Role } from '../db/types.js';

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

/** Organizations and memberships. Methods that read an organization's data take its id first. */
export class OrganizationRepository {
  constructor(private readonly db: Db) {}

  async create(name: string): Promise<OrganizationRow> {
    return this.db.insertInto('organizations').values({ name }).returningAll().executeTakeFirstOrThrow();
  }

  async findById(organizationId: string): Promise<OrganizationRow | undefined> {
    return this.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .executeTakeFirst();
  }

  async addMember(organizationId: string, userId: string, role: Role): Promise<MembershipRow> {
    return this.db
      .insertInto('memberships')
      .values({ organizationId, userId, role })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findMembership(organizationId: string, userId: string): Promise<MembershipRow | undefined> {
    return this.db
      .selectFrom('memberships')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('userId', '=', userId)
      .executeTakeFirst();
  }

  /** The user's organizations, oldest membership first (the default one to sign in to). */
  async listForUser(userId: string): Promise<Array<{ id: string; name: string; role: Role }>> {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organizationId')
      .select(['o.id', 'o.name', 'm.role'])
      .where('m.userId', '=', userId)
      .orderBy('m.createdAt')
      .orderBy('o.id')
      .execute();
  }

  async listMembers(organizationId: string): Promise<MemberView[]> {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.id as userId', 'u.email', 'u.name', 'm.role', 'm.createdAt as joinedAt'])
      .where('m.organizationId', '=', organizationId)
      .orderBy('m.createdAt')
      .orderBy('u.id')
      .execute();
  }

  async findMember(organizationId: string, userId: string): Promise<MemberView | undefined> {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.id as userId', 'u.email', 'u.name', 'm.role', 'm.createdAt as joinedAt'])
      .where('m.organizationId', '=', organizationId)
      .where('m.userId', '=', userId)
      .executeTakeFirst();
  }

  /** Whether a member of the organization has this (normalized) email. */
  async hasMemberWithEmail(organizationId: string, email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select('m.userId')
      .where('m.organizationId', '=', organizationId)
      .where('u.email', '=', email)
      .executeTakeFirst();
    return row !== undefined;
  }

  async setRole(organizationId: string, userId: string, role: Role): Promise<boolean> {
    const result = await this.db
      .updateTable('memberships')
      .set({ role })
      .where('organizationId', '=', organizationId)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async removeMember(organizationId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('memberships')
      .where('organizationId', '=', organizationId)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async countOwners(organizationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organizationId', '=', organizationId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
