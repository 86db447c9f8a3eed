import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nextWebhookAttempt, signWebhook, verifyWebhookSignature, WEBHOOK_RETRY } from './webhooks.js';

/** A reference verifier written from the documented format only, as a receiver would. */
function referenceVerify(secret: string, header: string, body: string): boolean {
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
  return v1 === createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"type":"task.succeeded","data":{"task_id":"x"}}';

  it('signs the timestamp and body so that the reference verifier and ours accept it', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(referenceVerify(secret, header, body)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, 1_700_000_100)).toBe(true);
  });

  it('refuses a changed body, another secret, and a stale timestamp', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhookSignature(secret, header, `${body} `, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 1_700_000_000 + 301)).toBe(false);
    expect(referenceVerify('whsec_other', header, body)).toBe(false);
  });
});

describe('webhook retry schedule', () => {
  it('backs off exponentially from 30 s, caps at 4 h, and gives up after a day', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    const delays: number[] = [];
    let now = created;
    for (let failed = 1; ; failed++) {
      const next = nextWebhookAttempt(created, failed, now);
      if (!next) break;
      delays.push(next.getTime() - now.getTime());
      now = next;
    }
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(Math.max(...delays)).toBe(WEBHOOK_RETRY.capMs);
    expect(now.getTime() - created.getTime()).toBeLessThanOrEqual(WEBHOOK_RETRY.windowMs);
    // 9 doubling delays reach 4.3 h, then 4 capped ones: 13 retries after the first try, 20.3 h in all.
    expect(delays.length).toBe(13);
  });
});
