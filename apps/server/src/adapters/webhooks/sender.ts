import http from 'node:http';
import https from 'node:https';
import { isIP, type BlockList, type LookupFunction } from 'node:net';
import { AddressRefusedError, resolvePublicAddresses } from './address-guard.js';

/** What the receiver answered, or why there was no answer. */
export interface SendResult {
  /** Null when no HTTP answer arrived (refused, unreachable, timed out, address refused). */
  statusCode: number | null;
  /** The first bytes of the answer's body (UTF-8, at most RESPONSE_SNIPPET_BYTES). */
  responseSnippet: string | null;
  error: string | null;
  /** True when the address guard refused the destination (not worth retrying). */
  refused: boolean;
  durationMs: number;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_SNIPPET_BYTES = 1024;

/**
 * POSTs `body` to `url`: resolves the host, refuses it unless every address is public (or allow-listed),
 * then connects to the checked address itself — a lookup pinned for this one connection, so a second
 * DNS answer (rebinding) cannot send the request elsewhere. The Host header and TLS name stay the URL's.
 * Redirects are not followed (a 3xx is the answer). The whole exchange is limited to `timeoutMs`.
 */
export async function sendWebhook(request: {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowed: BlockList;
  timeoutMs?: number;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = request.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const url = new URL(request.url);
  let address: string;
  try {
    [address = ''] = await resolvePublicAddresses(url.hostname, request.allowed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A name that does not resolve now may later; a name resolving to a refused address is refused.
    const refused = error instanceof AddressRefusedError;
    return { statusCode: null, responseSnippet: null, error: message, refused, durationMs: elapsed() };
  }
  const family = isIP(address) === 6 ? 6 : 4;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs' | 'refused'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, refused: false, durationMs: elapsed() });
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'Ledgerflow-Webhooks/1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish({
            statusCode: res.statusCode ?? null,
            responseSnippet: Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8'),
            error: null,
          });
        res.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_SNIPPET_BYTES) chunks.push(chunk);
          size += chunk.length;
          // Enough read: the rest of a large answer is not waited for.
          if (size >= RESPONSE_SNIPPET_BYTES) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    req.on('error', (error) => finish({ statusCode: null, responseSnippet: null, error: error.message }));
    req.end(request.body);
  });
}

/** The sender bound to the operator's allow-list (WEBHOOK_ALLOWED_NETWORKS). */
export class WebhookSender {
  constructor(private readonly allowed: BlockList) {}

  /** Throws AddressRefusedError (or a lookup error) unless `url`'s host may receive webhooks now. */
  async checkDestination(url: string): Promise<void> {
    await resolvePublicAddresses(new URL(url).hostname, this.allowed);
  }

  send(request: { url: string; body: string; headers: Record<string, string> }): Promise<SendResult> {
    return sendWebhook({ ...request, allowed: this.allowed });
  }
}
