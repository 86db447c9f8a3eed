import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode, conflict, unauthenticated } from '../errors.js';
import { isUniqueViolation, type Repositories, type Transactor } from '../repositories/index.js';
import type { AccessCache } from './access-cache.js';
import type { AccessTokens } from './access-tokens.js';
import { assertPasswordAcceptable, decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { Principal, RequestMeta } from './principal.js';
import { hashOpaqueToken, newOpaqueToken, normalizeEmail } from './tokens.js';

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface AuthServiceDeps {
  repos: Pick<Repositories, 'users' | 'organizations' | 'refreshTokens' | 'audit' | 'categories' | 'rules'>;
  transaction: Transactor;
  accessTokens: AccessTokens;
  refreshTokenTtlSeconds: number;
  /** Live principals kept for a few seconds; revoked by every change that takes access away. */
  accessCache: AccessCache;
}

const invalidCredentials = () =>
  new AppError(ErrorCode.INVALID_CREDENTIALS, 401, 'Email or password is incorrect');
const invalidRefresh = () =>
  new AppError(ErrorCode.REFRESH_TOKEN_INVALID, 401, 'Refresh token is invalid or expired');

export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  /** Creates a user, their organization and their owner membership, and signs them in. */
  async register(input: {
    email: string;
    password: string;
    name: string;
    organizationName: string;
  }): Promise<IssuedTokens & { userId: string; organizationId: string }> {
    const email = normalizeEmail(input.email);
    assertPasswordAcceptable(input.password);
    const passwordHash = await hashPassword(input.password);
    const { user, organization } = await this.deps.transaction(async (repos) => {
      try {
        const user = await repos.users.create({ email, name: input.name.trim(), passwordHash });
        const organization = await repos.organizations.create(input.organizationName.trim());
        await repos.organizations.addMember(organization.id, user.id, 'owner');
        await repos.categories.seedStarter(organization.id);
        await repos.rules.addStarter(organization.id);
        return { user, organization };
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_key')) {
          throw conflict(ErrorCode.EMAIL_TAKEN, 'An account with this email already exists');
        }
        throw error;
      }
    });
    const tokens = await this.issue(user.id, organization.id, randomUUID());
    return { ...tokens, userId: user.id, organizationId: organization.id };
  }

  async login(
    input: { email: string; password: string; organizationId?: string | undefined },
    meta: RequestMeta,
  ): Promise<IssuedTokens> {
    const email = normalizeEmail(input.email);
    const user = await this.deps.repos.users.findByEmail(email);
    const passwordOk = await verifyPassword(
      user?.passwordHash ?? (await decoyPasswordHash()),
      input.password,
    );
    const organizations = user ? await this.deps.repos.organizations.listForUser(user.id) : [];
    const organization = input.organizationId
      ? organizations.find((o) => o.id === input.organizationId)
      : organizations[0];

    if (!user || !passwordOk || user.disabledAt !== null || !organization) {
      const reason = !user
        ? 'unknown_email'
        : !passwordOk
          ? 'wrong_password'
          : user.disabledAt
            ? 'disabled'
            : 'no_membership';
      await this.deps.repos.audit.append({
        organizationId: organizations[0]?.id ?? null,
        userId: user?.id ?? null,
        action: 'auth.login.failed',
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { email, reason },
      });
      throw invalidCredentials();
    }
    await this.deps.repos.audit.append({
      organizationId: organization.id,
      userId: user.id,
      action: 'auth.login.succeeded',
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    return this.issue(user.id, organization.id, randomUUID());
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one in the same family is issued.
   * Presenting a spent token means it was stolen or replayed, so the whole family (every session
   * descended from that login) is revoked.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const found = await this.deps.repos.refreshTokens.claim(hashOpaqueToken(refreshToken));
    if (!found) throw invalidRefresh();
    const { row, claimed } = found;
    if (!claimed) {
      await this.deps.repos.refreshTokens.revokeFamily(row.familyId);
      throw new AppError(
        ErrorCode.REFRESH_TOKEN_REUSED,
        401,
        'Refresh token was already used; every session from that sign-in has been revoked',
      );
    }
    if (row.revokedAt !== null || row.expiresAt.getTime() <= Date.now()) throw invalidRefresh();
    const principal = await this.deps.repos.users.findActivePrincipal(row.userId, row.organizationId);
    if (!principal) {
      await this.deps.repos.refreshTokens.revokeFamily(row.familyId);
      throw invalidRefresh();
    }
    return this.issue(row.userId, row.organizationId, row.familyId);
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const row = await this.deps.repos.refreshTokens.findByHash(hashOpaqueToken(refreshToken));
    if (row) await this.deps.repos.refreshTokens.revokeFamily(row.familyId);
  }

  /** Resolves a bearer token to a live principal, or throws 401. */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = await this.deps.accessTokens.verify(accessToken);
    const principal = await this.deps.accessCache.resolve(claims.userId, claims.organizationId, () =>
      this.deps.repos.users.findActivePrincipal(claims.userId, claims.organizationId),
    );
    if (!principal) throw unauthenticated(ErrorCode.TOKEN_INVALID, 'Access token no longer grants access');
    return principal;
  }

  /** Disables (or re-enables) a user: every session of theirs stops working at once. */
  async setUserDisabled(userId: string, disabled: boolean): Promise<void> {
    await this.deps.repos.users.setDisabled(userId, disabled);
    await this.revokeAccess(userId);
  }

  /** Deletes a user (memberships and sessions go with the row): their tokens stop working at once. */
  async deleteUser(userId: string): Promise<void> {
    await this.deps.repos.users.delete(userId);
    await this.revokeAccess(userId);
  }

  /**
   * Call after any change that can take access away (membership removed, role changed, user disabled or
   * deleted). A broadcast that fails is logged by the caller's error path; the TTL still bounds it.
   */
  revokeAccess(userId: string, organizationId?: string): Promise<void> {
    return this.deps.accessCache.revoke(userId, organizationId);
  }

  async issue(userId: string, organizationId: string, familyId: string): Promise<IssuedTokens> {
    const refresh = newOpaqueToken();
    await this.deps.repos.refreshTokens.create({
      userId,
      organizationId,
      familyId,
      tokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + this.deps.refreshTokenTtlSeconds * 1000),
    });
    return {
      accessToken: await this.deps.accessTokens.sign({ userId, organizationId }),
      expiresIn: this.deps.accessTokens.ttlSeconds,
      refreshToken: refresh.token,
      refreshExpiresIn: this.deps.refreshTokenTtlSeconds,
    };
  }
}
