import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals short secrets that a task needs later (a PDF's password) so they are never stored in clear in
 * the tasks table: AES-256-GCM with a key derived (HKDF-SHA256) from the deployment's JWT secret, which
 * every API and worker process shares. Sealed text is `v1.<base64url(iv ‖ tag ‖ ciphertext)>`.
 */
export class SecretBox {
  private readonly key: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'ledgerflow', 'task payload secrets v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', secret, 'ledgerflow', 'task payload fingerprints v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Undefined when the text was not sealed with this deployment's secret (or was tampered with). */
  open(sealed: string): string | undefined {
    if (!sealed.startsWith('v1.')) return undefined;
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    if (raw.length < 28) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** A keyed hash: equal secrets compare equal without the secret being guessable from the hash. */
  fingerprint(plain: string): string {
    return createHmac('sha256', this.macKey).update(plain).digest('base64url');
  }
}
