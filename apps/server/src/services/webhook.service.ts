import { randomBytes } from 'node:crypto';
import type { WebhookEndpointBody, WebhookEndpointPatch } from '@ledgerflow/contracts';
import type { Logger } from 'pino';
import type { WebhookDeliveryRow, WebhookDeliveryStatus, WebhookEndpointRow } from '../db/types.js';
import {
  DELIVERY_ID_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  isRetryableWebhookStatus,
  nextWebhookAttempt,
  SIGNATURE_HEADER,
  signWebhook,
  webhookBody,
} from '../domain/webhooks.js';
import { AppError, forbidden, notFound } from '../errors.js';
import type { ClaimedDelivery, Repositories } from '../repositories/index.js';
import { isAdmin, type Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';
import type { WebhookSenderPort } from './webhook-sender.port.js';

export interface WebhookServiceDeps {
  repos: Pick<Repositories, 'webhooks'>;
  secrets: SecretBox;
  sender: WebhookSenderPort;
  logger: Logger;
}

/** Stable codes of a refused endpoint URL (422). */
export const WebhookErrorCode = {
  URL_NOT_ALLOWED: 'WEBHOOK_URL_NOT_ALLOWED',
  URL_UNRESOLVABLE: 'WEBHOOK_URL_UNRESOLVABLE',
  URL_INVALID: 'WEBHOOK_URL_INVALID',
} as const;

/** A claimed delivery is the sender's for this long: the 10 s timeout plus ample slack. */
const CLAIM_MS = 60_000;

/** How long the delivery log keeps finished deliveries. */
export const DELIVERY_LOG_DAYS = 30;

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Webhook endpoints (owners and admins change them; every member reads them) and the sending of their
 * deliveries. Deliveries are written by the task's own state change (TaskRepository); `deliverDue`
 * sends the due ones, signed, and records each attempt.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async create(
    principal: Principal,
    body: WebhookEndpointBody,
  ): Promise<{ row: WebhookEndpointRow; secret: string }> {
    this.requireAdmin(principal);
    const url = await this.checkUrl(body.url);
    const secret = newSecret();
    const row = await this.deps.repos.webhooks.createEndpoint({
      organizationId: principal.organizationId,
      url,
      description: body.description?.trim() || null,
      eventTypes: [...new Set(body.event_types)],
      active: body.active ?? true,
      secretSealed: this.deps.secrets.seal(secret),
      createdBy: principal.userId,
    });
    return { row, secret };
  }

  async list(principal: Principal, page: { limit: number; offset: number }) {
    return this.deps.repos.webhooks.listEndpoints(principal.organizationId, page);
  }

  async get(principal: Principal, id: string): Promise<WebhookEndpointRow> {
    const row = await this.deps.repos.webhooks.findEndpoint(principal.organizationId, id);
    if (!row) throw notFound('Webhook endpoint');
    return row;
  }

  async update(principal: Principal, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointRow> {
    this.requireAdmin(principal);
    await this.get(principal, id); // 404 before a URL check that would tell something
    const url = patch.url === undefined ? undefined : await this.checkUrl(patch.url);
    const row = await this.deps.repos.webhooks.updateEndpoint(principal.organizationId, id, {
      url,
      description: patch.description === undefined ? undefined : patch.description?.trim() || null,
      eventTypes: patch.event_types ? [...new Set(patch.event_types)] : undefined,
      active: patch.active,
    });
    if (!row) throw notFound('Webhook endpoint');
    return row;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    this.requireAdmin(principal);
    const row = await this.deps.repos.webhooks.deleteEndpoint(principal.organizationId, id);
    if (!row) throw notFound('Webhook endpoint');
  }

  /** A new secret, effective at once (deliveries from now on are signed with it). */
  async rotateSecret(principal: Principal, id: string): Promise<{ row: WebhookEndpointRow; secret: string }> {
    this.requireAdmin(principal);
    const secret = newSecret();
    const row = await this.deps.repos.webhooks.updateEndpoint(principal.organizationId, id, {
      secretSealed: this.deps.secrets.seal(secret),
    });
    if (!row) throw notFound('Webhook endpoint');
    return { row, secret };
  }

  async listDeliveries(
    principal: Principal,
    endpointId: string,
    filter: { status?: WebhookDeliveryStatus | undefined; limit: number; offset: number },
  ) {
    await this.get(principal, endpointId);
    return this.deps.repos.webhooks.listDeliveries(principal.organizationId, endpointId, filter);
  }

  /** Sends the same event again, as a new delivery (same event id and data), due now. */
  async replay(principal: Principal, endpointId: string, deliveryId: string): Promise<WebhookDeliveryRow> {
    this.requireAdmin(principal);
    const row = await this.deps.repos.webhooks.replay(principal.organizationId, endpointId, deliveryId);
    if (!row) throw notFound('Webhook delivery');
    return row;
  }

  /** Claims up to `limit` due deliveries for this sender (see WebhookRepository.claimDue). */
  async claimDue(limit: number): Promise<ClaimedDelivery[]> {
    return limit > 0 ? this.deps.repos.webhooks.claimDue(limit, CLAIM_MS) : [];
  }

  /** Claims and sends the due deliveries, all at once; resolves when every attempt is recorded. */
  async deliverDue(limit: number): Promise<number> {
    const due = await this.claimDue(limit);
    await Promise.all(due.map((delivery) => this.attempt(delivery)));
    return due.length;
  }

  /** One attempt of a claimed delivery: signed POST, outcome recorded, next attempt scheduled or not. */
  async attempt(delivery: ClaimedDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const at = new Date();
    const secret = this.deps.secrets.open(delivery.secretSealed);
    const body = webhookBody(delivery);
    const outcome =
      !delivery.endpointActive || secret === undefined
        ? {
            statusCode: null,
            responseSnippet: null,
            error: delivery.endpointActive
              ? 'The signing secret cannot be read (JWT_SECRET changed?); rotate it'
              : 'The endpoint is disabled',
            refused: true,
            durationMs: 0,
          }
        : await this.deps.sender.send({
            url: delivery.url,
            body,
            headers: {
              [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(at.getTime() / 1000)),
              [EVENT_ID_HEADER]: delivery.eventId,
              [EVENT_TYPE_HEADER]: delivery.eventType,
              [DELIVERY_ID_HEADER]: delivery.id,
            },
          });
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const next =
      ok || outcome.refused || !isRetryableWebhookStatus(outcome.statusCode)
        ? null
        : nextWebhookAttempt(delivery.createdAt, attempt, new Date());
    const status = ok ? 'succeeded' : next ? 'pending' : 'failed';
    await this.deps.repos.webhooks.recordAttempt(delivery.id, {
      status,
      nextAttemptAt: next,
      attempt: {
        attempt,
        at: at.toISOString(),
        status_code: outcome.statusCode,
        error: outcome.error,
        response_snippet: outcome.responseSnippet,
        duration_ms: outcome.durationMs,
      },
    });
    this.deps.logger.info(
      {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        event: delivery.eventType,
        attempt,
        statusCode: outcome.statusCode,
        error: outcome.error,
        status,
        nextAttemptAt: next,
      },
      'webhook delivery attempt',
    );
  }

  /** Finished deliveries are kept DELIVERY_LOG_DAYS (the daily cleanup removes older ones). */
  async expireDeliveries(): Promise<{ expired_webhook_deliveries: number }> {
    const before = new Date(Date.now() - DELIVERY_LOG_DAYS * 86_400_000);
    return { expired_webhook_deliveries: await this.deps.repos.webhooks.expire(before) };
  }

  /** The URL as stored, once its form and its host's addresses pass; 422 with a stable code otherwise. */
  private async checkUrl(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError(WebhookErrorCode.URL_INVALID, 422, 'The webhook URL is not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new AppError(WebhookErrorCode.URL_INVALID, 422, 'The webhook URL must be http or https');
    if (url.username || url.password)
      throw new AppError(WebhookErrorCode.URL_INVALID, 422, 'The webhook URL must not carry credentials');
    try {
      await this.deps.sender.checkDestination(url.href);
    } catch (error) {
      if (error instanceof Error && error.name === 'AddressRefusedError')
        throw new AppError(
          WebhookErrorCode.URL_NOT_ALLOWED,
          422,
          `Webhooks cannot be sent to ${url.hostname}: it resolves to a private, loopback, link-local or metadata address`,
        );
      throw new AppError(
        WebhookErrorCode.URL_UNRESOLVABLE,
        422,
        `The webhook URL's host ${url.hostname} does not resolve`,
      );
    }
    url.hash = '';
    return url.href;
  }

  private requireAdmin(principal: Principal): void {
    if (!isAdmin(principal)) throw forbidden('Only organization owners and admins can manage webhooks');
  }
}
