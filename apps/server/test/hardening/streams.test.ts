import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/services/access-tokens.js';
import { as, registerUser, type TestUser } from '../support/api.js';
import { createWorkerTestContext, type TestContext } from '../support/context.js';
import { backendEnv, submitSleep } from '../support/tasks.js';

// Issue #22, item 3: open SSE and WebSocket streams were never re-checked after they opened.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RECHECK_MS = 200;

let ctx: TestContext;
let owner: TestUser;
let base: string;
beforeAll(async () => {
  ctx = await createWorkerTestContext(
    backendEnv('redis', {
      PROGRESS_THROTTLE_MS: '0',
      STREAM_ACCESS_RECHECK_SECONDS: String(RECHECK_MS / 1000),
    }),
  );
  owner = await registerUser(ctx.app, 'stream-owner');
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx?.close());

/** An admin of the owner's organization, joined by invitation; returns their user id and token. */
async function joinAsAdmin(name: string): Promise<{ userId: string; accessToken: string }> {
  const email = `${name}-${Date.now()}@example.com`;
  const invited = await as(
    ctx.app,
    owner,
  )({
    method: 'POST',
    url: '/organization/members',
    payload: { email, role: 'admin' },
  });
  expect(invited.statusCode, invited.body).toBe(201);
  const token = invited.json<{ invitation: { token: string } }>().invitation.token;
  const accepted = await ctx.app.inject({
    method: 'POST',
    url: '/auth/accept-invite',
    payload: { token, name, password: 'a long passphrase for the test' },
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const accessToken = accepted.json<{ access_token: string }>().access_token;
  const me = await as(ctx.app, accessToken)({ method: 'GET', url: '/me' });
  return { userId: me.json<{ user: { id: string } }>().user.id, accessToken };
}

async function removeMember(userId: string) {
  const res = await as(ctx.app, owner)({ method: 'DELETE', url: `/organization/members/${userId}` });
  expect(res.statusCode, res.body).toBe(204);
}

/** Reads an SSE stream to its end (or `limitMs`), returning its events by name. */
async function readEvents(url: string, limitMs: number) {
  const res = await fetch(url, { signal: AbortSignal.timeout(limitMs) });
  expect(res.status).toBe(200);
  const text = await res.text().catch(() => '(cut off by the test)');
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => ({
      event: block.slice('event: '.length, block.indexOf('\n')),
      data: JSON.parse(block.split('\ndata: ')[1] ?? '{}') as Record<string, unknown>,
    }));
}

describe('open streams lose access when access ends', () => {
  it('a removed member’s WebSocket is closed and carries no later task', async () => {
    const member = await joinAsAdmin('ws-member');
    const messages: Array<{ type: string; code?: string; task?: { task_id: string } }> = [];
    const socket = await ctx.app.injectWS(`/ws/tasks?access_token=${member.accessToken}`);
    socket.on('message', (data: Buffer) =>
      messages.push(JSON.parse(data.toString()) as (typeof messages)[0]),
    );
    const closed = new Promise<number>((resolve) => socket.on('close', (code: number) => resolve(code)));

    const before = await submitSleep(ctx.app, owner, { seconds: 0.2, steps: 2 });
    await sleep(1000);
    expect(messages.some((m) => m.task?.task_id === before)).toBe(true); // an admin sees the owner's task

    await removeMember(member.userId);
    await sleep(RECHECK_MS * 5);
    const after = await submitSleep(ctx.app, owner, { seconds: 0.2, steps: 2 });
    await sleep(1000);
    socket.terminate();
    expect(messages.filter((m) => m.task?.task_id === after)).toEqual([]);
    expect(messages.at(-1)).toMatchObject({ type: 'access_ended', code: 'TOKEN_INVALID' });
    expect(await closed).toBe(4401);
  });

  it('a removed member’s event stream ends with access_ended', async () => {
    const member = await joinAsAdmin('sse-member');
    const id = await submitSleep(ctx.app, owner, { seconds: 6, steps: 30 });
    const reading = readEvents(`${base}/tasks/${id}/events?access_token=${member.accessToken}`, 15_000);
    await sleep(500);
    await removeMember(member.userId);
    const startedAt = Date.now();
    const events = await reading;
    expect(Date.now() - startedAt).toBeLessThan(4000); // the task itself runs 6 s
    expect(events.at(-1)).toMatchObject({ event: 'access_ended', data: { code: 'TOKEN_INVALID' } });
  });

  it('an event stream ends when its token expires, while the task still runs', async () => {
    const shortLived = await new AccessTokens(ctx.config.jwtSecret, 2).sign({
      userId: owner.userId,
      organizationId: owner.organizationId,
    });
    const id = await submitSleep(ctx.app, owner, { seconds: 8, steps: 40 });
    const startedAt = Date.now();
    const events = await readEvents(`${base}/tasks/${id}/events?access_token=${shortLived}`, 15_000);
    expect(Date.now() - startedAt).toBeLessThan(6000);
    expect(events.at(-1)).toMatchObject({ event: 'access_ended', data: { code: 'TOKEN_EXPIRED' } });
    expect(events.filter((e) => e.event === 'task').length).toBeGreaterThan(0);
  });

  it('a WebSocket closes when its token expires', async () => {
    const shortLived = await new AccessTokens(ctx.config.jwtSecret, 2).sign({
      userId: owner.userId,
      organizationId: owner.organizationId,
    });
    const socket = await ctx.app.injectWS(`/ws/tasks?access_token=${shortLived}`);
    const messages: Array<{ type: string; code?: string }> = [];
    socket.on('message', (data: Buffer) =>
      messages.push(JSON.parse(data.toString()) as (typeof messages)[0]),
    );
    const code = await Promise.race([
      new Promise<number>((resolve) => socket.on('close', (c: number) => resolve(c))),
      sleep(6000).then(() => 'still open'),
    ]);
    socket.terminate();
    expect(code).toBe(4401);
    expect(messages.at(-1)).toMatchObject({ type: 'access_ended', code: 'TOKEN_EXPIRED' });
  });
});
