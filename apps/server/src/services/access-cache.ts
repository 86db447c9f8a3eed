import type { Principal } from './principal.js';

/** Broadcast name of access changes: data `{ userId, organizationId? }` (no organization: every one). */
export const ACCESS_CHANGED = 'access.changed';

export interface AccessBroadcast {
  publish(name: string, data: unknown): Promise<void>;
  subscribe(name: string, listener: (data: unknown) => void): () => void;
}

/** At most this many principals are kept; the oldest entry goes first (Map keeps insertion order). */
const MAX_ENTRIES = 10_000;

/**
 * Live principals by (user, organization), kept for `ttlMs` so that most requests skip the membership
 * query. Every change that can take access away (a member removed, a role changed, a user disabled or
 * deleted) goes through `revoke`: the entry is dropped here at once, and in every other process when the
 * broadcast arrives; the TTL bounds what a change made outside the service (SQL by hand) can miss.
 * A lookup that started before a revoke does not store its (possibly stale) answer: the generation
 * counter moved.
 */
export class AccessCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();
  private generation = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly broadcast?: AccessBroadcast,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The cached principal, else `load()`'s answer (cached when it grants access). */
  async resolve(
    userId: string,
    organizationId: string,
    load: () => Promise<Principal | undefined>,
  ): Promise<Principal | undefined> {
    if (!this.enabled) return load();
    this.listen();
    const key = `${userId}:${organizationId}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.principal;
    const started = this.generation;
    const principal = await load();
    if (principal && started === this.generation) {
      this.entries.delete(key);
      this.entries.set(key, { principal, expiresAt: Date.now() + this.ttlMs });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    } else if (!principal) {
      this.entries.delete(key);
    }
    return principal;
  }

  /** Drops the user's entries (in one organization, or all) here and, by broadcast, everywhere. */
  async revoke(userId: string, organizationId?: string): Promise<void> {
    this.drop({ userId, organizationId });
    await this.broadcast?.publish(ACCESS_CHANGED, { userId, organizationId });
  }

  private drop(change: { userId: string; organizationId?: string | undefined }): void {
    this.generation++;
    if (change.organizationId) this.entries.delete(`${change.userId}:${change.organizationId}`);
    else
      for (const key of this.entries.keys())
        if (key.startsWith(`${change.userId}:`)) this.entries.delete(key);
  }

  private listen(): void {
    if (this.unsubscribe || !this.broadcast) return;
    this.unsubscribe = this.broadcast.subscribe(ACCESS_CHANGED, (data) => {
      const change = data as { userId?: unknown; organizationId?: unknown };
      if (typeof change.userId !== 'string') return;
      this.drop({
        userId: change.userId,
        organizationId: typeof change.organizationId === 'string' ? change.organizationId : undefined,
      });
    });
  }

  close(): void {
    this.unsubscribe?.();
    this.entries.clear();
  }
}
