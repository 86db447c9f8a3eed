import type { AuditEntry, Member, Me, StoredFile, TokenPair } from '@ledgerflow/contracts';
import type { AuditLogRow, FileRow } from '../db/types.js';
import type { MemberView } from '../repositories/index.js';
import type { IssuedTokens } from '../services/auth.service.js';
import type { MeView } from '../services/organization.service.js';

/** Maps service results (camelCase, Dates) to the API's wire shapes (snake_case, ISO strings). */
export const present = {
  tokens: (t: IssuedTokens): TokenPair => ({
    access_token: t.accessToken,
    token_type: 'Bearer',
    expires_in: t.expiresIn,
    refresh_token: t.refreshToken,
    refresh_expires_in: t.refreshExpiresIn,
  }),
  me: (m: MeView): Me => ({
    user: {
      id: m.user.id,
      email: m.user.email,
      name: m.user.name,
      created_at: m.user.createdAt.toISOString(),
    },
    organization: {
      id: m.organization.id,
      name: m.organization.name,
      created_at: m.organization.createdAt.toISOString(),
    },
    role: m.role,
    organizations: m.organizations,
  }),
  member: (m: MemberView): Member => ({
    user_id: m.userId,
    email: m.email,
    name: m.name,
    role: m.role,
    joined_at: m.joinedAt.toISOString(),
  }),
  file: (f: FileRow): StoredFile => ({
    id: f.id,
    original_name: f.originalName,
    content_type: f.contentType,
    size_bytes: f.sizeBytes,
    sha256: f.sha256,
    purpose: f.purpose,
    created_by: f.createdBy,
    created_at: f.createdAt.toISOString(),
  }),
  audit: (a: AuditLogRow): AuditEntry => ({
    id: String(a.id),
    action: a.action,
    user_id: a.userId,
    target_type: a.targetType,
    target_id: a.targetId,
    ip: a.ip,
    user_agent: a.userAgent,
    details: (a.details ?? {}) as Record<string, unknown>,
    created_at: a.createdAt.toISOString(),
  }),
};
