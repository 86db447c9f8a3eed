import type { TokenPair } from '@ledgerflow/contracts';

/**
 * Where the tokens live. The access token (15 minutes) stays in memory; the refresh token is kept in
 * localStorage so a reload or a new tab stays signed in. The page's CSP (script-src 'self', no inline
 * script) is what keeps other scripts away from it.
 */
const REFRESH_KEY = 'ledgerflow.refresh_token';

interface AccessToken {
  token: string;
  /** Epoch ms after which we refresh before using it (30 s early, for clock skew and latency). */
  refreshAfter: number;
}

let access: AccessToken | null = null;
const listeners = new Set<(signedIn: boolean) => void>();

export function storeTokens(pair: TokenPair): void {
  access = { token: pair.access_token, refreshAfter: Date.now() + (pair.expires_in - 30) * 1000 };
  localStorage.setItem(REFRESH_KEY, pair.refresh_token);
  for (const listener of listeners) listener(true);
}

export function clearTokens(): void {
  access = null;
  localStorage.removeItem(REFRESH_KEY);
  for (const listener of listeners) listener(false);
}

export const refreshToken = (): string | null => localStorage.getItem(REFRESH_KEY);

/** The access token while it is fresh, else null (the caller refreshes). */
export function freshAccessToken(): string | null {
  return access && Date.now() < access.refreshAfter ? access.token : null;
}

export function forgetAccessToken(): void {
  access = null;
}

export function onSessionChange(listener: (signedIn: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Another tab signed out (or in): follow it. */
window.addEventListener('storage', (event) => {
  if (event.key !== REFRESH_KEY) return;
  access = null;
  for (const listener of listeners) listener(event.newValue !== null);
});
