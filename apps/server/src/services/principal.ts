import type { Role } from '../db/types.js';

/** Who is acting: resolved from a verified access token and a live membership lookup. */
export interface Principal {
  userId: string;
  organizationId: string;
  role: Role;
}

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const isAdmin = (p: Principal): boolean => p.role === 'owner' || p.role === 'admin';

export type { Role };
