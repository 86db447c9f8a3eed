import type { Db } from '../db/database.js';
import type { InvitationRow, Role } from '../db/types.js';

export class InvitationRepository {
  constructor(private readonly db: Db) {}

  async create(
    organizationId: string,
    invitation: { email: string; role: Role; tokenHash: string; invitedBy: string; expiresAt: Date },
  ): Promise<InvitationRow> {
    return this.db
      .insertInto('invitations')
      .values({ organizationId, ...invitation, acceptedAt: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Accepts an open, unexpired invitation atomically; undefined when there is none. */
  async accept(tokenHash: string, now: Date): Promise<InvitationRow | undefined> {
    return this.db
      .updateTable('invitations')
      .set({ acceptedAt: now })
      .where('tokenHash', '=', tokenHash)
      .where('acceptedAt', 'is', null)
      .where('expiresAt', '>', now)
      .returningAll()
      .executeTakeFirst();
  }
}
