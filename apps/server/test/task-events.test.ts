import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, type TestUser } from './support/api.js';
import { createWorkerTestContext, type TestContext } from './support/context.js';
import { backendEnv, BACKENDS, submitSleep } from './support/tasks.js';

describe.each(BACKENDS)('Server-Sent Events on the %s backend', (backend) => {
  let ctx: TestContext;
  let user: TestUser;
  let base: string;

  beforeAll(async () => {
    ctx = await createWorkerTestContext(backendEnv(backend, { PROGRESS_THROTTLE_MS: '0' }));
    user = await registerUser(ctx.app, `sse-${backend}`);
    base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  async function collect(url: string): Promise<Array<{ status: string; progress_percent: number }>> {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text(); // the server ends the stream when the task ends
    return text
      .split('\n\n')
      .filter((block) => block.startsWith('event: task'))
      .map(
        (block) =>
          JSON.parse(block.split('\ndata: ')[1] ?? '{}') as { status: string; progress_percent: number },
      );
  }

  it('streams the progress sequence until the task ends', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 1, steps: 4 });
    const events = await collect(`${base}/tasks/${id}/events?access_token=${user.accessToken}`);
    expect(events.at(-1)).toMatchObject({ status: 'SUCCESS', progress_percent: 100 });
    const percents = events.filter((e) => e.status === 'PROCESSING').map((e) => e.progress_percent);
    expect(percents).toEqual(expect.arrayContaining([25, 50, 75]));
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('ends at once for a finished task, and refuses strangers', async () => {
    const id = await submitSleep(ctx.app, user, { seconds: 0, steps: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    const events = await collect(`${base}/tasks/${id}/events?access_token=${user.accessToken}`);
    expect(events).toHaveLength(1);
    expect(events[0]?.status).toBe('SUCCESS');
    const stranger = await registerUser(ctx.app, 'sse-stranger');
    const res = await fetch(`${base}/tasks/${id}/events`, {
      headers: { authorization: `Bearer ${stranger.accessToken}` },
    });
    expect(res.status).toBe(404);
  });

  it('streams task changes over a WebSocket, only for tasks the caller may see', async () => {
    const stranger = await registerUser(ctx.app, 'ws-stranger');
    const received: Array<{ type: string; task?: { task_id: string; status: string } }> = [];
    const strangerReceived: unknown[] = [];
    const socket = await ctx.app.injectWS(`/ws/tasks?access_token=${user.accessToken}`);
    const strangerSocket = await ctx.app.injectWS('/ws/tasks', {
      headers: { authorization: `Bearer ${stranger.accessToken}` },
    });
    socket.on('message', (data: Buffer) =>
      received.push(JSON.parse(data.toString()) as (typeof received)[number]),
    );
    strangerSocket.on('message', (data: Buffer) => strangerReceived.push(JSON.parse(data.toString())));
    await new Promise((r) => setTimeout(r, 300));
    const id = await submitSleep(ctx.app, user, { seconds: 0.2, steps: 2 });
    const deadline = Date.now() + 15_000;
    while (
      !received.some((m) => m.task?.task_id === id && m.task.status === 'SUCCESS') &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    socket.terminate();
    strangerSocket.terminate();
    const statuses = received.filter((m) => m.task?.task_id === id).map((m) => m.task?.status);
    expect(statuses).toContain('PROCESSING');
    expect(statuses.at(-1)).toBe('SUCCESS');
    expect(strangerReceived.filter((m) => (m as { type: string }).type === 'task')).toEqual([]);
  });

  it('refuses a WebSocket without a valid token', async () => {
    await expect(ctx.app.injectWS('/ws/tasks?access_token=nope')).rejects.toThrow();
  });
});
