import { hash, verify } from '@node-rs/argon2';
import { AppError, ErrorCode } from '../errors.js';

/** `Algorithm.Argon2id`; the package exports it as an ambient const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

/**
 * argon2id with OWASP's recommended minimum (19 MiB memory, 2 iterations, 1 lane): about 25 ms per
 * hash on this class of machine, slow for an attacker with a stolen table, cheap for one login.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

/**
 * A real hash of a random password, verified against when the email is unknown so that a failed
 * login takes as long for a missing account as for a wrong password (no account enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hash(crypto.randomUUID(), OPTIONS);
  return decoyHash;
}

/**
 * Passwords of twelve characters or more that are still guessed first: the well-known ones, keyboard
 * rows and counting. Compared case-insensitively without spaces. Kept small on purpose: length does the
 * real work; this refuses the choices an attacker's first thousand guesses would find.
 */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password1234!',
  'password123!',
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456123456',
  '123123123123',
  '000000000000',
  '111111111111',
  'qwertyuiop12',
  'qwertyuiopas',
  'qwerty123456',
  'qwertyqwerty',
  '1q2w3e4r5t6y',
  'asdfghjkl123',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'administrator',
  'changeme1234',
  'abcdefghijkl',
  'abc123abc123',
  'trustno11234',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'monkey123456',
  'dragon123456',
  'princess1234',
  'superman1234',
]);

/** Why a new password is refused, or undefined when it is acceptable (length is the schema's). */
function weakPasswordReason(password: string): string | undefined {
  const compact = password.replace(/\s+/g, '').toLowerCase();
  if (compact.length === 0) return 'must not be only spaces';
  if (new Set(compact).size <= 2) return 'must not repeat one or two characters';
  if (COMMON.has(compact)) return 'is one of the most common passwords';
  return undefined;
}

/** Refuses a weak new password with 422 `PASSWORD_TOO_WEAK`, naming the field. */
export function assertPasswordAcceptable(password: string): void {
  const reason = weakPasswordReason(password);
  if (reason)
    throw new AppError(ErrorCode.PASSWORD_TOO_WEAK, 422, `The password ${reason}`, [
      { path: '/body/password', message: reason },
    ]);
}
