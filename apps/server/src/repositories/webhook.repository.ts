import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type {
  WebhookAttempt,
  WebhookDeliveryRow,
  WebhookDeliveryStatus,
  WebhookEndpointRow,
} from '../db/types.js';
import { newestFirstPage } from './newest-first-page.js';

export interface NewWebhookEndpoint {
  organizationId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  secretSealed: string;
  createdBy: string;
}

export interface WebhookEndpointChange {
  url?: string | undefined;
  description?: string | null | undefined;
  eventTypes?: string[] | undefined;
  active?: boolean | undefined;
  secretSealed?: string | undefined;
}

/** A delivery the sender claimed, with what it needs of its endpoint. */
export interface ClaimedDelivery extends WebhookDeliveryRow {
  url: string;
  secretSealed: string;
  endpointActive: boolean;
}

/** How one attempt ended, and what happens next. */
export interface AttemptOutcome {
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
  attempt: WebhookAttempt;
}

/**
 * Webhook endpoints and their deliveries. Everything a user reaches takes the organization id first; the
 * sender's claims and writes are keyed by delivery id.
 */
export class WebhookRepository {
  constructor(private readonly db: Db) {}

  async createEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
    return this.db.insertInto('webhookEndpoints').values(endpoint).returningAll().executeTakeFirstOrThrow();
  }

  async listEndpoints(organizationId: string, page: { limit: number; offset: number }) {
    return newestFirstPage(
      this.db.selectFrom('webhookEndpoints').where('organizationId', '=', organizationId),
      page,
    );
  }

  async findEndpoint(organizationId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .selectFrom('webhookEndpoints')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async updateEndpoint(
    organizationId: string,
    id: string,
    change: WebhookEndpointChange,
  ): Promise<WebhookEndpointRow | undefined> {
    const values = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    return this.db
      .updateTable('webhookEndpoints')
      .set({ ...values, updatedAt: sql<Date>`now()` })
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes the endpoint and (cascade) its deliveries. */
  async deleteEndpoint(organizationId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .deleteFrom('webhookEndpoints')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async listDeliveries(
    organizationId: string,
    endpointId: string,
    filter: { status?: WebhookDeliveryStatus | undefined; limit: number; offset: number },
  ) {
    let query = this.db
      .selectFrom('webhookDeliveries')
      .where('organizationId', '=', organizationId)
      .where('endpointId', '=', endpointId);
    if (filter.status) query = query.where('status', '=', filter.status);
    return newestFirstPage(query, filter);
  }

  async findDelivery(
    organizationId: string,
    endpointId: string,
    id: string,
  ): Promise<WebhookDeliveryRow | undefined> {
    return this.db
      .selectFrom('webhookDeliveries')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('endpointId', '=', endpointId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** A new delivery of the same event (same event id and data) to the same endpoint, due now. */
  async replay(
    organizationId: string,
    endpointId: string,
    id: string,
  ): Promise<WebhookDeliveryRow | undefined> {
    return this.db
      .insertInto('webhookDeliveries')
      .columns([
        'organizationId',
        'endpointId',
        'eventId',
        'eventType',
        'eventAt',
        'taskId',
        'payload',
        'replayOf',
      ])
      .expression((eb) =>
        eb
          .selectFrom('webhookDeliveries')
          .select([
            'organizationId',
            'endpointId',
            'eventId',
            'eventType',
            'eventAt',
            'taskId',
            'payload',
            'id',
          ])
          .where('organizationId', '=', organizationId)
          .where('endpointId', '=', endpointId)
          .where('id', '=', id),
      )
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Claims up to `limit` due deliveries for `lockMs` (SKIP LOCKED, so senders in several processes never
   * take the same one); a sender that dies mid-attempt leaves its claim to lapse and another retries.
   */
  async claimDue(limit: number, lockMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await sql<ClaimedDelivery>`
      UPDATE webhook_deliveries d
      SET locked_until = now() + ${`${lockMs} milliseconds`}::interval
      FROM webhook_endpoints e
      WHERE e.id = d.endpoint_id
        AND d.id IN (
          SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= now()
            AND (locked_until IS NULL OR locked_until < now())
          ORDER BY next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
      RETURNING d.*, e.url, e.secret_sealed, e.active AS endpoint_active`.execute(this.db);
    return rows;
  }

  /** Records one attempt: the outcome, the next try (if any), and an entry in the attempt log. */
  async recordAttempt(id: string, outcome: AttemptOutcome): Promise<void> {
    const { attempt } = outcome;
    await this.db
      .updateTable('webhookDeliveries')
      .set({
        status: outcome.status,
        attempts: attempt.attempt,
        nextAttemptAt: outcome.nextAttemptAt,
        lockedUntil: null,
        lastStatusCode: attempt.status_code,
        lastError: attempt.error,
        lastResponseSnippet: attempt.response_snippet,
        lastAttemptAt: new Date(attempt.at),
        deliveredAt: outcome.status === 'succeeded' ? new Date(attempt.at) : null,
        attemptLog: sql<string>`attempt_log || ${JSON.stringify([attempt])}::jsonb`,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Removes finished deliveries created before `before` (the daily cleanup); returns how many. */
  async expire(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('webhookDeliveries')
      .where('status', '<>', 'pending')
      .where('createdAt', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
