import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddMemberBody,
  AddMemberResult,
  Me,
  Member,
  MemberParams,
  UpdateMemberBody,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { principalOf, requestMeta } from '../plugins/auth.js';
import { present } from '../presenters.js';
import { bearer, problemResponses } from '../schemas.js';

export const organizationRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { organizations } = container.services;
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/me',
    {
      schema: {
        tags: ['organization'],
        summary: 'The caller, their organization and role',
        security: bearer,
        response: { 200: Me, ...problemResponses },
      },
    },
    async (request) => present.me(await organizations.me(principalOf(request))),
  );

  app.get(
    '/organization/members',
    {
      schema: {
        tags: ['organization'],
        summary: "The organization's members",
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(Member) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: (await organizations.listMembers(principalOf(request))).map(present.member),
    }),
  );

  app.post(
    '/organization/members',
    {
      schema: {
        tags: ['organization'],
        summary: 'Invite an email to the organization; they join by accepting (admins)',
        security: bearer,
        body: AddMemberBody,
        response: { 201: AddMemberResult, ...problemResponses },
      },
    },
    async (request, reply) => {
      const outcome = await organizations.addMember(principalOf(request), request.body, requestMeta(request));
      return reply.code(201).send({
        status: outcome.status,
        invitation: { ...outcome.invitation, expires_at: outcome.invitation.expiresAt.toISOString() },
      });
    },
  );

  app.patch(
    '/organization/members/:userId',
    {
      schema: {
        tags: ['organization'],
        summary: "Change a member's role (admins)",
        security: bearer,
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: Member, ...problemResponses },
      },
    },
    async (request) =>
      present.member(
        await organizations.changeRole(
          principalOf(request),
          request.params.userId,
          request.body.role,
          requestMeta(request),
        ),
      ),
  );

  app.delete(
    '/organization/members/:userId',
    {
      schema: {
        tags: ['organization'],
        summary: 'Remove a member (admins), or leave the organization (yourself)',
        security: bearer,
        params: MemberParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await organizations.removeMember(principalOf(request), request.params.userId, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
