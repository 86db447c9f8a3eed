import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export const PASSWORD = 'correct horse battery staple';

export interface TestUser {
  email: string;
  userId: string;
  organizationId: string;
  accessToken: string;
  refreshToken: string;
}

export async function registerUser(app: FastifyInstance, name = 'user'): Promise<TestUser> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email, password: PASSWORD, name, organization_name: `${name}'s books` },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<{
    access_token: string;
    refresh_token: string;
    user_id: string;
    organization_id: string;
  }>();
  return {
    email,
    userId: body.user_id,
    organizationId: body.organization_id,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
  };
}

/** `app.inject` with the user's bearer token. */
export function as(app: FastifyInstance, user: { accessToken: string } | string) {
  const token = typeof user === 'string' ? user : user.accessToken;
  return (options: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
}

/** Asserts a problem+json response with the given status and code. */
export function expectProblem(res: LightMyRequestResponse, status: number, code?: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<{ status: number; code: string; request_id: string }>();
  expect(body.status).toBe(status);
  expect(body.request_id).toBe(res.headers['x-request-id']);
  if (code) expect(body.code).toBe(code);
}

/** A multipart/form-data body for `app.inject`. */
export function multipart(
  fields: Record<string, string | { filename: string; content: Buffer; type?: string }>,
) {
  const boundary = `----ledgerflow${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    } else {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        value.content,
        Buffer.from('\r\n'),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * Makes an existing account a member of `inviter`'s organization the only way there is: an invitation,
 * accepted with the account's password. Returns an access token for that organization.
 */
export async function joinOrganization(
  app: FastifyInstance,
  inviter: { accessToken: string },
  invitee: { email: string },
  role: 'admin' | 'member' = 'member',
): Promise<string> {
  const invited = await as(
    app,
    inviter,
  )({ method: 'POST', url: '/organization/members', payload: { email: invitee.email, role } });
  expect(invited.statusCode, invited.body).toBe(201);
  const token = invited.json<{ invitation: { token: string } }>().invitation.token;
  const accepted = await app.inject({
    method: 'POST',
    url: '/auth/accept-invite',
    payload: { token, password: PASSWORD },
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return accepted.json<{ access_token: string }>().access_token;
}
