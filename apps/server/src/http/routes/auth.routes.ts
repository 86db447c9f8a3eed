import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AcceptInviteBody, LoginBody, RefreshBody, RegisterBody, TokenPair } from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { requestMeta } from '../plugins/auth.js';
import { rateLimited } from '../plugins/security.js';
import { present } from '../presenters.js';
import { problemResponses } from '../schemas.js';

export const authRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { auth, organizations } = container.services;
  const { max, windowMs } = container.config.loginRateLimit;
  // Password guessing is stopped per (IP, account) and, ten times looser, per IP across accounts;
  // registration and invitations share the per-IP budget.
  const perAccount = app.createRateLimit({
    max,
    timeWindow: windowMs,
    keyGenerator: (request: FastifyRequest) =>
      `login:${request.ip}:${String((request.body as { email?: unknown }).email).toLowerCase()}`,
  });
  const perIp = app.createRateLimit({
    max: max * 10,
    timeWindow: windowMs,
    keyGenerator: (r: FastifyRequest) => `sign-in-ip:${r.ip}`,
  });
  const limitWith =
    (...limiters: Array<typeof perIp>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      for (const limiter of limiters) {
        const state = await limiter(request);
        if (!state.isAllowed && state.isExceeded) {
          reply.header('retry-after', state.ttlInSeconds);
          throw rateLimited(state.ttlInSeconds);
        }
      }
    };
  const loginLimit = limitWith(perAccount, perIp);
  const signUpLimit = limitWith(perIp);

  app.post(
    '/auth/register',
    {
      preHandler: signUpLimit,
      schema: {
        tags: ['auth'],
        summary: 'Create an account and its organization',
        body: RegisterBody,
        response: {
          201: Type.Intersect([
            TokenPair,
            Type.Object({ user_id: Type.String(), organization_id: Type.String() }),
          ]),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await auth.register({
        email: b.email,
        password: b.password,
        name: b.name,
        organizationName: b.organization_name,
      });
      return reply
        .code(201)
        .send({ ...present.tokens(result), user_id: result.userId, organization_id: result.organizationId });
    },
  );

  app.post(
    '/auth/login',
    {
      preHandler: loginLimit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        body: LoginBody,
        response: { 200: TokenPair, ...problemResponses },
      },
    },
    async (request) => {
      const b = request.body;
      return present.tokens(
        await auth.login(
          { email: b.email, password: b.password, organizationId: b.organization_id },
          requestMeta(request),
        ),
      );
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new token pair (the old refresh token is spent)',
        body: RefreshBody,
        response: { 200: TokenPair, ...problemResponses },
      },
    },
    async (request) => present.tokens(await auth.refresh(request.body.refresh_token)),
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the session the refresh token belongs to',
        body: RefreshBody,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await auth.logout(request.body.refresh_token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/accept-invite',
    {
      preHandler: signUpLimit,
      schema: {
        tags: ['auth'],
        summary: 'Join an organization with an invitation token',
        body: AcceptInviteBody,
        response: { 200: TokenPair, ...problemResponses },
      },
    },
    async (request) => present.tokens(await organizations.acceptInvitation(request.body)),
  );
};
