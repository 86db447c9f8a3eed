import type { Problem, TokenPair } from '@ledgerflow/contracts';
import { clearTokens, forgetAccessToken, freshAccessToken, refreshToken, storeTokens } from './session';

/** An API failure: the problem document's `code` and `detail`, or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly problem: Problem | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Send the bearer token (default true). */
  auth?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

let refreshing: Promise<string | null> | null = null;

/**
 * Exchanges the refresh token for a new pair, once at a time in this tab and, through the Web Locks
 * API, across tabs: refresh tokens rotate and a replayed one revokes the whole sign-in, so two tabs
 * must never spend the same one. Inside the lock we re-read the token another tab may have rotated.
 */
export function refreshAccess(): Promise<string | null> {
  refreshing ??= (async () => {
    const run = async (): Promise<string | null> => {
      const already = freshAccessToken();
      if (already) return already;
      const token = refreshToken();
      if (!token) return null;
      let res: Response;
      try {
        res = await fetch('/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: token }),
        });
      } catch {
        return null; // offline: keep the refresh token for the next try
      }
      if (!res.ok) {
        // Only a refused token signs out; a 5xx or 429 leaves the session for the next try.
        if (res.status === 401 && refreshToken() === token) clearTokens();
        return null;
      }
      storeTokens((await res.json()) as TokenPair);
      return freshAccessToken();
    };
    return typeof navigator !== 'undefined' && 'locks' in navigator
      ? navigator.locks.request('ledgerflow-refresh', run)
      : run();
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function accessToken(): Promise<string | null> {
  return freshAccessToken() ?? refreshAccess();
}

/** The bearer token for a URL that cannot carry headers (EventSource, WebSocket). */
export const tokenForStream = accessToken;

async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      if (typeof body.code === 'string') {
        return new ApiError(res.status, body.code, body.detail ?? body.title ?? '', body as Problem);
      }
    } catch {
      // fall through to the generic error
    }
  }
  return new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
}

/** Sends a request; on an expired access token refreshes once and retries. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const wantsAuth = options.auth !== false;
  const attempt = async (token: string | null): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await fetch(buildUrl(path, options.query), { method, headers, body, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached');
    }
  };
  let token = wantsAuth ? await accessToken() : null;
  let res = await attempt(token);
  if (res.status === 401 && wantsAuth && token) {
    forgetAccessToken();
    token = await refreshAccess();
    if (token) res = await attempt(token);
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Downloads an authenticated file (a report, a statement) through a blob URL. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await send('GET', path, { headers: { accept: '*/*' } });
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : (plain ?? fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches a file as a blob (for showing a PDF page). */
export async function fetchBlob(path: string): Promise<Blob> {
  const res = await send('GET', path, { headers: { accept: '*/*' } });
  return res.blob();
}
