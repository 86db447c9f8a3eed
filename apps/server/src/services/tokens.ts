import { createHash, randomBytes } from 'node:crypto';

/** An opaque, unguessable token (256 bits) and the SHA-256 we store in its place. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
