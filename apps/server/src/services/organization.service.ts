import { AppError, ErrorCode, conflict, forbidden, invalid, notFound } from '../errors.js';
import { type MemberView, type Repositories, type Transactor } from '../repositories/index.js';
import type { OrganizationRow, UserRow } from '../db/types.js';
import type { AuthService, IssuedTokens } from './auth.service.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';
import { isAdmin, type Principal, type RequestMeta, type Role } from './principal.js';
import { hashOpaqueToken, newOpaqueToken, normalizeEmail } from './tokens.js';
import { randomUUID } from 'node:crypto';

export interface MeView {
  user: UserRow;
  organization: OrganizationRow;
  role: Role;
  organizations: Array<{ id: string; name: string; role: Role }>;
}

export interface AddMemberOutcome {
  status: 'invited';
  invitation: { id: string; email: string; role: Role; expiresAt: Date; token: string };
}

export interface OrganizationServiceDeps {
  repos: Pick<Repositories, 'users' | 'organizations' | 'invitations' | 'audit'>;
  transaction: Transactor;
  auth: AuthService;
  invitationTtlSeconds: number;
}

const invalidInvitation = () =>
  new AppError(ErrorCode.INVITATION_INVALID, 400, 'Invitation is invalid, expired or already used');

/** Who the caller is, and the organization's members and invitations. */
export class OrganizationService {
  constructor(private readonly deps: OrganizationServiceDeps) {}

  async me(principal: Principal): Promise<MeView> {
    const [user, organization, organizations] = await Promise.all([
      this.deps.repos.users.findById(principal.userId),
      this.deps.repos.organizations.findById(principal.organizationId),
      this.deps.repos.organizations.listForUser(principal.userId),
    ]);
    if (!user || !organization) throw notFound('User');
    return { user, organization, role: principal.role, organizations };
  }

  async listMembers(principal: Principal): Promise<MemberView[]> {
    return this.deps.repos.organizations.listMembers(principal.organizationId);
  }

  /**
   * Invites an email to the organization: a one-time token for the admin to pass on. The answer is the
   * same whether or not the email has an account, and nobody joins without accepting (an account that
   * exists proves itself with its password at `/auth/accept-invite`), so this neither enumerates
   * accounts nor adds anyone without their consent.
   */
  async addMember(
    principal: Principal,
    input: { email: string; role: 'admin' | 'member' },
    meta: RequestMeta,
  ): Promise<AddMemberOutcome> {
    this.requireAdmin(principal);
    const email = normalizeEmail(input.email);
    const { organizationId } = principal;
    if (await this.deps.repos.organizations.hasMemberWithEmail(organizationId, email))
      throw conflict(ErrorCode.ALREADY_MEMBER, 'This user is already a member');
    const { token, hash } = newOpaqueToken();
    const invitation = await this.deps.repos.invitations.create(organizationId, {
      email,
      role: input.role,
      tokenHash: hash,
      invitedBy: principal.userId,
      expiresAt: new Date(Date.now() + this.deps.invitationTtlSeconds * 1000),
    });
    await this.audit(principal, 'member.invited', invitation.id, meta, { email, role: input.role });
    return {
      status: 'invited',
      invitation: { id: invitation.id, email, role: invitation.role, expiresAt: invitation.expiresAt, token },
    };
  }

  /**
   * Redeems an invitation. A new account is created with the given name and password; if the email got
   * an account in the meantime, its password must be given to prove the invitee owns it.
   */
  async acceptInvitation(input: {
    token: string;
    name?: string | undefined;
    password?: string | undefined;
  }): Promise<IssuedTokens> {
    const joined = await this.deps.transaction(async (repos) => {
      const invitation = await repos.invitations.accept(hashOpaqueToken(input.token), new Date());
      if (!invitation) throw invalidInvitation();
      let user = await repos.users.findByEmail(invitation.email);
      if (user) {
        if (!input.password || !(await verifyPassword(user.passwordHash, input.password))) {
          throw new AppError(
            ErrorCode.INVALID_CREDENTIALS,
            401,
            'An account with this email exists; give its password to accept',
          );
        }
      } else {
        if (!input.name || !input.password) {
          throw invalid('name and password are required to create the invited account', [
            ...(input.name ? [] : [{ path: '/name', message: 'required' }]),
            ...(input.password ? [] : [{ path: '/password', message: 'required' }]),
          ]);
        }
        assertPasswordAcceptable(input.password);
        const passwordHash = await hashPassword(input.password);
        user = await repos.users.create({ email: invitation.email, name: input.name.trim(), passwordHash });
      }
      if (!(await repos.organizations.findMembership(invitation.organizationId, user.id))) {
        await repos.organizations.addMember(invitation.organizationId, user.id, invitation.role);
      }
      return { userId: user.id, organizationId: invitation.organizationId };
    });
    return this.deps.auth.issue(joined.userId, joined.organizationId, randomUUID());
  }

  async changeRole(
    principal: Principal,
    userId: string,
    role: 'admin' | 'member',
    meta: RequestMeta,
  ): Promise<MemberView> {
    this.requireAdmin(principal);
    const member = await this.deps.repos.organizations.findMember(principal.organizationId, userId);
    if (!member) throw notFound('Member');
    if (member.role === 'owner') throw forbidden("The owner's role cannot be changed");
    await this.deps.repos.organizations.setRole(principal.organizationId, userId, role);
    await this.deps.auth.revokeAccess(userId, principal.organizationId);
    await this.audit(principal, 'member.role_changed', userId, meta, { from: member.role, to: role });
    return { ...member, role };
  }

  async removeMember(principal: Principal, userId: string, meta: RequestMeta): Promise<void> {
    const self = principal.userId === userId;
    if (!self) this.requireAdmin(principal);
    const member = await this.deps.repos.organizations.findMember(principal.organizationId, userId);
    if (!member) throw notFound('Member');
    if (
      member.role === 'owner' &&
      (await this.deps.repos.organizations.countOwners(principal.organizationId)) <= 1
    ) {
      throw conflict(ErrorCode.LAST_OWNER, 'The last owner cannot leave or be removed');
    }
    if (member.role === 'owner' && principal.role !== 'owner')
      throw forbidden('Only an owner can remove an owner');
    await this.deps.repos.organizations.removeMember(principal.organizationId, userId);
    await this.deps.auth.revokeAccess(userId, principal.organizationId);
    await this.audit(principal, 'member.removed', userId, meta, {});
  }

  private requireAdmin(principal: Principal): void {
    if (!isAdmin(principal)) throw forbidden('Only organization owners and admins can manage members');
  }

  private audit(
    principal: Principal,
    action: string,
    targetId: string,
    meta: RequestMeta,
    details: Record<string, unknown>,
  ) {
    return this.deps.repos.audit.append({
      organizationId: principal.organizationId,
      userId: principal.userId,
      action,
      targetType: action.startsWith('member.invited') ? 'invitation' : 'user',
      targetId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details,
    });
  }
}
