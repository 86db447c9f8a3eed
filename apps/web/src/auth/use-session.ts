import type { Me } from '@ledgerflow/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { auth } from '../api/endpoints';
import { clearTokens, onSessionChange, refreshToken } from '../api/session';

export type Session =
  | { state: 'loading' }
  | { state: 'signed-out'; error?: unknown }
  | { state: 'signed-in'; me: Me; isAdmin: boolean };

/** Who is signed in: `/me` while a refresh token exists; follows sign-in and sign-out in any tab. */
export function useSession(): Session {
  const client = useQueryClient();
  const [hasToken, setHasToken] = useState(() => refreshToken() !== null);
  useEffect(
    () =>
      onSessionChange((signedIn) => {
        setHasToken(signedIn);
        if (!signedIn) client.clear();
      }),
    [client],
  );
  const me = useQuery({
    queryKey: ['me'],
    queryFn: auth.me,
    enabled: hasToken,
    retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 2,
    staleTime: 5 * 60_000,
  });
  if (!hasToken) return { state: 'signed-out' };
  if (me.data) {
    return { state: 'signed-in', me: me.data, isAdmin: me.data.role === 'owner' || me.data.role === 'admin' };
  }
  if (me.error) return { state: 'signed-out', error: me.error };
  return { state: 'loading' };
}

export async function signOut(): Promise<void> {
  const token = refreshToken();
  clearTokens();
  if (token) await auth.logout(token).catch(() => undefined);
}
