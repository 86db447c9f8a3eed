import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  Page,
  WebhookDelivery,
  WebhookDeliveryParams,
  WebhookDeliveryQuery,
  WebhookEndpoint,
  WebhookEndpointBody,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
  WebhookListQuery,
} from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { webhookDeliveryView, webhookEndpointView } from '../../services/webhook-view.js';
import { principalOf } from '../plugins/auth.js';
import { bearer, problemResponses } from '../schemas.js';

/** Webhook endpoints of the caller's organization (owners and admins change them) and their deliveries. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (
  app,
  { container },
) => {
  const { webhooks } = container.services;
  app.addHook('onRequest', app.authenticate);
  const tags = ['webhooks'];

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Register a webhook endpoint (owners and admins); its signing secret is shown only now',
        security: bearer,
        body: WebhookEndpointBody,
        response: { 201: WebhookEndpointWithSecret, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { row, secret } = await webhooks.create(principalOf(request), request.body);
      return reply.code(201).send({ ...webhookEndpointView(row), secret });
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: "Your organization's webhook endpoints, newest first",
        security: bearer,
        querystring: WebhookListQuery,
        response: { 200: Page(WebhookEndpoint), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const { items, total } = await webhooks.list(principalOf(request), { limit, offset });
      return { items: items.map(webhookEndpointView), total, limit, offset };
    },
  );

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One webhook endpoint',
        security: bearer,
        params: IdParams,
        response: { 200: WebhookEndpoint, ...problemResponses },
      },
    },
    async (request) => webhookEndpointView(await webhooks.get(principalOf(request), request.params.id)),
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook endpoint: URL, description, event types, active (owners and admins)',
        security: bearer,
        params: IdParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpoint, ...problemResponses },
      },
    },
    async (request) =>
      webhookEndpointView(await webhooks.update(principalOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log (owners and admins)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await webhooks.delete(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate_secret',
    {
      schema: {
        tags,
        summary: 'Replace the signing secret (owners and admins); the new one is shown only now',
        security: bearer,
        params: IdParams,
        response: { 200: WebhookEndpointWithSecret, ...problemResponses },
      },
    },
    async (request) => {
      const { row, secret } = await webhooks.rotateSecret(principalOf(request), request.params.id);
      return { ...webhookEndpointView(row), secret };
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: "An endpoint's deliveries, newest first, with every attempt's status code and answer",
        security: bearer,
        params: IdParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: Page(WebhookDelivery), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const { items, total } = await webhooks.listDeliveries(principalOf(request), request.params.id, {
        status: request.query.status,
        limit,
        offset,
      });
      return { items: items.map(webhookDeliveryView), total, limit, offset };
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:delivery_id/replay',
    {
      schema: {
        tags,
        summary: 'Send a delivered (or failed) event again, as a new delivery (owners and admins)',
        security: bearer,
        params: WebhookDeliveryParams,
        response: { 202: WebhookDelivery, ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = await webhooks.replay(principalOf(request), request.params.id, request.params.delivery_id);
      return reply.code(202).send(webhookDeliveryView(row));
    },
  );
};
