import type { Db } from '../db/database.js';
import type { RefreshTokenRow } from '../db/types.js';

export class RefreshTokenRepository {
  constructor(private readonly db: Db) {}

  async create(token: {
    userId: string;
    organizationId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<RefreshTokenRow> {
    return this.db
      .insertInto('refreshTokens')
      .values({ ...token, usedAt: null, revokedAt: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Marks the token used if it is still unused, and returns it; returns the row with `claimed: false`
   * when it was used before (reuse) so the caller can revoke the family. Atomic, so two concurrent
   * refreshes with one token cannot both succeed.
   */
  async claim(tokenHash: string): Promise<{ row: RefreshTokenRow; claimed: boolean } | undefined> {
    const claimed = await this.db
      .updateTable('refreshTokens')
      .set({ usedAt: new Date() })
      .where('tokenHash', '=', tokenHash)
      .where('usedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (claimed) return { row: claimed, claimed: true };
    const existing = await this.db
      .selectFrom('refreshTokens')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
    return existing ? { row: existing, claimed: false } : undefined;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .updateTable('refreshTokens')
      .set({ revokedAt: new Date() })
      .where('familyId', '=', familyId)
      .where('revokedAt', 'is', null)
      .execute();
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return this.db
      .selectFrom('refreshTokens')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }
}
