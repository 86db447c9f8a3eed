import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { as, expectProblem, joinOrganization, registerUser, type TestUser } from './support/api.js';
import { createWorkerTestContext, type TestContext } from './support/context.js';
import { backendEnv, submitSleep, waitForTask } from './support/tasks.js';

/**
 * Webhooks end to end: endpoints through the API, tasks run by a real worker, deliveries sent by the
 * worker's sender to a real HTTP receiver on 127.0.0.2 (the only address the operator allow-list holds
 * here), signatures checked by a verifier written from the documented format alone.
 */

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let ctx: TestContext;
let alice: TestUser;
let receiver: http.Server;
let base: string;
let port: number;
const received: Received[] = [];
/** Answers per path, in order; once used up, 200 "thanks". */
const answers = new Map<string, Array<[number, string]>>();

/** The receiver's side: `t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, 5 minutes' tolerance. */
function referenceVerify(secret: string, header: string | undefined, body: string): boolean {
  const fields: Record<string, string | undefined> = Object.fromEntries(
    (header ?? '').split(',').map((kv) => kv.split('=') as [string, string]),
  );
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !fields.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(fields.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const at = (path: string) => received.filter((r) => r.path === path);

async function createEndpoint(
  user: TestUser,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string; path: string }> {
  const path = `/hooks/${randomUUID()}`;
  const res = await as(
    ctx.app,
    user,
  )({ method: 'POST', url: '/webhooks', payload: { url: `${base}${path}`, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  const json = res.json<{ id: string; secret: string }>();
  return { ...json, path };
}

interface DeliveryView {
  id: string;
  event_id: string;
  event_type: string;
  task_id: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response_snippet: string | null;
  last_attempt_at: string | null;
  replay_of: string | null;
  attempt_log: Array<{ attempt: number; status_code: number | null; response_snippet: string | null }>;
}

async function deliveries(user: TestUser, endpointId: string): Promise<DeliveryView[]> {
  const res = await as(ctx.app, user)({ method: 'GET', url: `/webhooks/${endpointId}/deliveries` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: DeliveryView[] }>().items;
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const [status, text] = answers.get(path)?.shift() ?? [200, 'thanks'];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.2', resolve));
  port = (receiver.address() as AddressInfo).port;
  base = `http://127.0.0.2:${port}`;
  ctx = await createWorkerTestContext(backendEnv('postgres', { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.2' }), {
    queues: ['default'],
    webhookPollMs: 100,
  });
  alice = await registerUser(ctx.app, 'alice');
});

afterAll(async () => {
  await ctx?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('webhook endpoints', () => {
  it('are created with a secret shown once, read, changed and deleted; members cannot change them', async () => {
    const created = await createEndpoint(alice, {
      description: 'Books',
      event_types: ['task.succeeded', 'task.failed'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const got = await as(ctx.app, alice)({ method: 'GET', url: `/webhooks/${created.id}` });
    expect(got.json()).toMatchObject({
      id: created.id,
      url: `${base}${created.path}`,
      description: 'Books',
      event_types: ['task.succeeded', 'task.failed'],
      active: true,
      created_by: alice.userId,
    });
    expect(got.body).not.toContain(created.secret);
    const list = await as(ctx.app, alice)({ method: 'GET', url: '/webhooks' });
    expect(list.body).not.toContain(created.secret);
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toContain(created.id);
    // Sealed at rest.
    const stored = await ctx.container.database.db
      .selectFrom('webhookEndpoints')
      .select('secretSealed')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.secretSealed).not.toContain(created.secret);
    expect(ctx.container.sealer.open(stored.secretSealed)).toBe(created.secret);

    const patched = await as(
      ctx.app,
      alice,
    )({
      method: 'PATCH',
      url: `/webhooks/${created.id}`,
      payload: { active: false, event_types: ['task.cancelled'], description: null },
    });
    expect(patched.json()).toMatchObject({
      active: false,
      event_types: ['task.cancelled'],
      description: null,
    });

    const rotated = await as(
      ctx.app,
      alice,
    )({ method: 'POST', url: `/webhooks/${created.id}/rotate_secret` });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = rotated.json<{ secret: string }>().secret;
    expect(secret).not.toBe(created.secret);

    const memberToken = await joinOrganization(ctx.app, alice, await registerUser(ctx.app, 'member'));
    const member = as(ctx.app, memberToken);
    expect((await member({ method: 'GET', url: `/webhooks/${created.id}` })).statusCode).toBe(200);
    expectProblem(
      await member({
        method: 'POST',
        url: '/webhooks',
        payload: { url: `${base}/x`, event_types: ['task.failed'] },
      }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await member({ method: 'PATCH', url: `/webhooks/${created.id}`, payload: { active: true } }),
      403,
    );
    expectProblem(await member({ method: 'DELETE', url: `/webhooks/${created.id}` }), 403);
    expectProblem(await member({ method: 'POST', url: `/webhooks/${created.id}/rotate_secret` }), 403);

    expectProblem(
      await as(
        ctx.app,
        alice,
      )({
        method: 'POST',
        url: '/webhooks',
        payload: { url: `${base}/x`, event_types: ['task.exploded'] },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await as(ctx.app, alice)({ method: 'DELETE', url: `/webhooks/${created.id}` })).statusCode).toBe(
      204,
    );
    expectProblem(
      await as(ctx.app, alice)({ method: 'GET', url: `/webhooks/${created.id}` }),
      404,
      'NOT_FOUND',
    );
  });

  it.each([
    ['a loopback address', () => `http://127.0.0.1:${port}/x`, 'WEBHOOK_URL_NOT_ALLOWED'],
    ['a hostname resolving to 127.0.0.1', () => `http://localhost:${port}/x`, 'WEBHOOK_URL_NOT_ALLOWED'],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/', 'WEBHOOK_URL_NOT_ALLOWED'],
    ['a private address', () => 'https://10.0.0.7/hook', 'WEBHOOK_URL_NOT_ALLOWED'],
    ['IPv6 loopback', () => `http://[::1]:${port}/x`, 'WEBHOOK_URL_NOT_ALLOWED'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port}/x`, 'WEBHOOK_URL_NOT_ALLOWED'],
    ['a decimal-encoded loopback', () => `http://2130706433:${port}/x`, 'WEBHOOK_URL_NOT_ALLOWED'],
    ['credentials in the URL', () => `http://user:pw@127.0.0.2:${port}/x`, 'WEBHOOK_URL_INVALID'],
    ['a name that does not resolve', () => 'https://no-such-host.invalid/x', 'WEBHOOK_URL_UNRESOLVABLE'],
  ])('refuses %s at save', async (_what, url, code) => {
    const res = await as(
      ctx.app,
      alice,
    )({
      method: 'POST',
      url: '/webhooks',
      payload: { url: url(), event_types: ['task.succeeded'] },
    });
    expectProblem(res, 422, code);
  });

  it('refuses a disallowed URL on change too', async () => {
    const { id } = await createEndpoint(alice, { event_types: ['task.succeeded'] });
    const res = await as(
      ctx.app,
      alice,
    )({
      method: 'PATCH',
      url: `/webhooks/${id}`,
      payload: { url: `http://localhost:${port}/x` },
    });
    expectProblem(res, 422, 'WEBHOOK_URL_NOT_ALLOWED');
  });
});

describe('webhook deliveries', () => {
  it('delivers a signed task.succeeded event that the reference verifier accepts, and logs it', async () => {
    const user = await registerUser(ctx.app, 'deliver');
    const endpoint = await createEndpoint(user, { event_types: ['task.succeeded'] });
    const taskId = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await vi.waitFor(() => expect(at(endpoint.path)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    const [request] = at(endpoint.path);
    expect(
      referenceVerify(endpoint.secret, request!.headers['ledgerflow-signature'] as string, request!.body),
    ).toBe(true);
    expect(
      referenceVerify('whsec_other', request!.headers['ledgerflow-signature'] as string, request!.body),
    ).toBe(false);
    expect(request!.headers['content-type']).toBe('application/json');
    const event = JSON.parse(request!.body) as { id: string; type: string; data: Record<string, unknown> };
    expect(event).toMatchObject({
      type: 'task.succeeded',
      data: {
        task_id: taskId,
        task_type: 'sleep_demo',
        status: 'SUCCESS',
        result: { slept_seconds: 0, steps: 1, attempt: 1 },
        error: null,
      },
    });
    expect(request!.headers['ledgerflow-event-id']).toBe(event.id);
    await vi.waitFor(async () => expect((await deliveries(user, endpoint.id))[0]?.status).toBe('succeeded'), {
      timeout: 5000,
      interval: 50,
    });
    const [delivery] = await deliveries(user, endpoint.id);
    expect(delivery).toMatchObject({
      event_id: event.id,
      event_type: 'task.succeeded',
      task_id: taskId,
      attempts: 1,
      last_status_code: 200,
      last_response_snippet: 'thanks',
      last_error: null,
      next_attempt_at: null,
    });
    expect(request!.headers['ledgerflow-delivery-id']).toBe(delivery!.id);
    expect(delivery!.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 200, response_snippet: 'thanks' }),
    ]);
  });

  it('retries after a 500 on the backoff schedule, then succeeds with the same event', async () => {
    const user = await registerUser(ctx.app, 'retry');
    const endpoint = await createEndpoint(user, { event_types: ['task.failed'] });
    answers.set(endpoint.path, [[500, 'database on fire']]);
    const taskId = await submitSleep(ctx.app, user, { seconds: 0, permanent_failure: true });
    await vi.waitFor(() => expect(at(endpoint.path)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    await vi.waitFor(async () => expect((await deliveries(user, endpoint.id))[0]?.attempts).toBe(1), {
      timeout: 5000,
      interval: 50,
    });
    const [first] = await deliveries(user, endpoint.id);
    expect(first).toMatchObject({
      status: 'pending',
      last_status_code: 500,
      last_response_snippet: 'database on fire',
    });
    // The first retry is due 30 s after the failed attempt.
    const wait = Date.parse(first!.next_attempt_at!) - Date.parse(first!.last_attempt_at!);
    expect(wait).toBeGreaterThanOrEqual(29_000);
    expect(wait).toBeLessThanOrEqual(31_000);
    expect(at(endpoint.path)).toHaveLength(1);
    // Let the 30 s pass.
    await sql`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ${first!.id}`.execute(
      ctx.container.database.db,
    );
    await vi.waitFor(() => expect(at(endpoint.path)).toHaveLength(2), { timeout: 10_000, interval: 50 });
    await vi.waitFor(async () => expect((await deliveries(user, endpoint.id))[0]?.status).toBe('succeeded'), {
      timeout: 5000,
      interval: 50,
    });
    const [done] = await deliveries(user, endpoint.id);
    expect(done).toMatchObject({ attempts: 2, last_status_code: 200, next_attempt_at: null });
    expect(done!.attempt_log.map((a) => [a.attempt, a.status_code, a.response_snippet])).toEqual([
      [1, 500, 'database on fire'],
      [2, 200, 'thanks'],
    ]);
    const [a, b] = at(endpoint.path);
    expect(b!.body).toBe(a!.body);
    for (const r of [a!, b!])
      expect(referenceVerify(endpoint.secret, r.headers['ledgerflow-signature'] as string, r.body)).toBe(
        true,
      );
    expect(JSON.parse(b!.body)).toMatchObject({
      type: 'task.failed',
      data: { task_id: taskId, status: 'FAILED', error: { code: 'DEMO_PERMANENT_FAILURE' } },
    });
  });

  it('does not retry a 4xx answer other than 429', async () => {
    const user = await registerUser(ctx.app, 'gone');
    const endpoint = await createEndpoint(user, { event_types: ['task.succeeded'] });
    answers.set(endpoint.path, [[410, 'no such hook']]);
    await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await vi.waitFor(async () => expect((await deliveries(user, endpoint.id))[0]?.status).toBe('failed'), {
      timeout: 15_000,
      interval: 50,
    });
    const [delivery] = await deliveries(user, endpoint.id);
    expect(delivery).toMatchObject({ attempts: 1, last_status_code: 410, next_attempt_at: null });
  });

  it('refuses at send time a hostname that now resolves to 127.0.0.1 (DNS rebinding), and sends nothing', async () => {
    const user = await registerUser(ctx.app, 'rebind');
    const endpoint = await createEndpoint(user, { event_types: ['task.succeeded'] });
    // The name passed at save; it now points at loopback (as a rebinding DNS server would make it).
    const rebound = `http://localhost:${port}${endpoint.path}`;
    await ctx.container.database.db
      .updateTable('webhookEndpoints')
      .set({ url: rebound })
      .where('id', '=', endpoint.id)
      .execute();
    await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await vi.waitFor(async () => expect((await deliveries(user, endpoint.id))[0]?.status).toBe('failed'), {
      timeout: 15_000,
      interval: 50,
    });
    const [delivery] = await deliveries(user, endpoint.id);
    expect(delivery).toMatchObject({ attempts: 1, last_status_code: null, next_attempt_at: null });
    expect(delivery!.last_error).toMatch(/localhost resolves to a non-public address \(127\.0\.0\.1\)/);
    expect(at(endpoint.path)).toHaveLength(0);
  });

  it('sends task.cancelled and, when subscribed, task.progress', async () => {
    const user = await registerUser(ctx.app, 'cancel');
    const endpoint = await createEndpoint(user, { event_types: ['task.cancelled', 'task.progress'] });
    const taskId = await submitSleep(ctx.app, user, { seconds: 30, steps: 30 });
    await vi.waitFor(() => expect(at(endpoint.path).length).toBeGreaterThanOrEqual(1), {
      timeout: 15_000,
      interval: 50,
    });
    const cancel = await as(ctx.app, user)({ method: 'DELETE', url: `/tasks/${taskId}` });
    expect(cancel.statusCode, cancel.body).toBeLessThan(300);
    await waitForTask(ctx.app, user, taskId, (t) => t.status === 'CANCELLED', 15_000);
    await vi.waitFor(
      () =>
        expect(at(endpoint.path).map((r) => (JSON.parse(r.body) as { type: string }).type)).toContain(
          'task.cancelled',
        ),
      { timeout: 15_000, interval: 50 },
    );
    const events = at(endpoint.path).map(
      (r) =>
        JSON.parse(r.body) as {
          type: string;
          data: { task_id: string; progress: { percent: number; message: string } };
        },
    );
    expect(events[0]).toMatchObject({
      type: 'task.progress',
      data: { task_id: taskId, progress: { percent: 0, message: 'Sleeping 30 s in 30 steps' } },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'task.cancelled',
      data: { task_id: taskId, status: 'CANCELLED' },
    });
  });

  it('replays a delivery as a new one with the same event, signed with the current secret', async () => {
    const user = await registerUser(ctx.app, 'replay');
    const endpoint = await createEndpoint(user, { event_types: ['task.succeeded'] });
    await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await vi.waitFor(async () => expect((await deliveries(user, endpoint.id))[0]?.status).toBe('succeeded'), {
      timeout: 15_000,
      interval: 50,
    });
    const [original] = await deliveries(user, endpoint.id);
    const rotated = await as(
      ctx.app,
      user,
    )({ method: 'POST', url: `/webhooks/${endpoint.id}/rotate_secret` });
    const secret = rotated.json<{ secret: string }>().secret;
    const res = await as(
      ctx.app,
      user,
    )({
      method: 'POST',
      url: `/webhooks/${endpoint.id}/deliveries/${original!.id}/replay`,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      status: 'pending',
      event_id: original!.event_id,
      replay_of: original!.id,
    });
    await vi.waitFor(() => expect(at(endpoint.path)).toHaveLength(2), { timeout: 10_000, interval: 50 });
    const [first, again] = at(endpoint.path);
    expect(again!.body).toBe(first!.body);
    expect(referenceVerify(secret, again!.headers['ledgerflow-signature'] as string, again!.body)).toBe(true);
    expect(
      referenceVerify(endpoint.secret, again!.headers['ledgerflow-signature'] as string, again!.body),
    ).toBe(false);
  });

  it("keeps organizations apart: another organization's endpoint is a 404 and never gets its events", async () => {
    const owner = await registerUser(ctx.app, 'owner');
    const other = await registerUser(ctx.app, 'other');
    const endpoint = await createEndpoint(owner, { event_types: ['task.succeeded'] });
    const otherTask = await submitSleep(ctx.app, other, { seconds: 0, steps: 1 });
    await waitForTask(ctx.app, other, otherTask, (t) => t.status === 'SUCCESS', 15_000);
    const ownTask = await submitSleep(ctx.app, owner, { seconds: 0, steps: 1 });
    await vi.waitFor(() => expect(at(endpoint.path)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    expect(JSON.parse(at(endpoint.path)[0]!.body)).toMatchObject({ data: { task_id: ownTask } });
    const [delivery] = await deliveries(owner, endpoint.id);
    const intruder = as(ctx.app, other);
    for (const [method, url, payload] of [
      ['GET', `/webhooks/${endpoint.id}`],
      ['PATCH', `/webhooks/${endpoint.id}`, { active: false }],
      ['DELETE', `/webhooks/${endpoint.id}`],
      ['POST', `/webhooks/${endpoint.id}/rotate_secret`],
      ['GET', `/webhooks/${endpoint.id}/deliveries`],
      ['POST', `/webhooks/${endpoint.id}/deliveries/${delivery!.id}/replay`],
    ] as const) {
      expectProblem(await intruder({ method, url, ...(payload ? { payload } : {}) }), 404, 'NOT_FOUND');
    }
    expect((await intruder({ method: 'GET', url: '/webhooks' })).json<{ total: number }>().total).toBe(0);
    expect((await deliveries(owner, endpoint.id)).length).toBe(1);
  });
});
