import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { assertOwnerOrAdmin } from '@hiregraph/platform/auth/guards';
import { seal, sealingKey, unseal } from '@hiregraph/platform/crypto/sealing';
import { badUserInput, notFound } from '@hiregraph/platform/errors';
import { createEvent, type EventEnvelope } from '@hiregraph/platform/events/envelope';
import { enqueueEvent, type OutboxRelay } from '@hiregraph/platform/events/outbox';
import { isUuid, newId } from '@hiregraph/platform/ids';
import { paginate, type Connection, type PageArgs } from '@hiregraph/platform/subgraph/pagination';
import { parseInput } from '@hiregraph/platform/validation';
import { newWebhookSecret } from '@hiregraph/platform/webhooks/signature';
import { validateWebhookUrl, type WebhookPayload } from '@hiregraph/platform/webhooks/sender';
import type { AddressPolicy } from '@hiregraph/platform/net/ssrf';
import { concernedUser, isWebhookEventType, type WebhookEventType } from '../notifications/event-types.js';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entity.js';
import type { CreateWebhookInput, UpdateWebhookInput } from './webhook.inputs.js';

/** At most this many endpoints per user, so one account cannot fan an event out without bound. */
export const MAX_WEBHOOKS_PER_USER = 20;

const eventTypes = z
  .array(z.string())
  .min(1, 'eventTypes needs at least one event type')
  .max(50)
  .refine((types) => types.every(isWebhookEventType), {
    message: 'eventTypes holds an unknown event type (see docs/events.md, "Webhooks")',
  })
  .transform((types) => [...new Set(types)].sort());
const description = z.string().trim().max(500).nullable().optional();

export interface WebhookSettings extends AddressPolicy {
  /** AUTH_KEY_SECRET: endpoint secrets are sealed with a key derived from it. */
  keySecret: string;
}

/** Endpoints and their delivery log: registration, ownership, fan-out of events into deliveries. */
export class WebhookService {
  private readonly key: Buffer;
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRelay,
    private readonly settings: WebhookSettings,
  ) {
    this.key = sealingKey(settings.keySecret, 'webhook-secrets');
  }

  async create(viewer: Viewer, input: CreateWebhookInput) {
    const url = validateWebhookUrl(input.url, 'url', this.settings);
    const parsed = parseInput(z.object({ eventTypes, description }), input);
    const secret = newWebhookSecret();
    const webhook = await this.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`webhooks:${viewer.id}`]);
      if ((await tx.count(WebhookEndpoint, { ownerId: viewer.id })) >= MAX_WEBHOOKS_PER_USER) {
        throw badUserInput(`At most ${MAX_WEBHOOKS_PER_USER} webhooks per account`, { field: 'url' });
      }
      const row = tx.create(WebhookEndpoint, {
        ownerId: viewer.id,
        url,
        eventTypes: parsed.eventTypes,
        description: parsed.description ?? null,
        sealedSecret: seal(this.key, secret),
      });
      await tx.flush();
      return row;
    });
    return { webhook, secret };
  }

  list(viewer: Viewer, page: PageArgs): Promise<Connection<WebhookEndpoint>> {
    return paginate(this.em, WebhookEndpoint, { ownerId: viewer.id }, page, 'desc');
  }

  /** The endpoint if it exists and the viewer owns it (or is an admin): NOT_FOUND / FORBIDDEN otherwise. */
  async owned(viewer: Viewer, id: string, em: EntityManager = this.em): Promise<WebhookEndpoint> {
    const webhook = isUuid(id) ? await em.findOne(WebhookEndpoint, { id }) : null;
    if (!webhook) throw notFound('No such webhook');
    assertOwnerOrAdmin({ viewer }, webhook.ownerId);
    return webhook;
  }

  async update(viewer: Viewer, id: string, input: UpdateWebhookInput): Promise<WebhookEndpoint> {
    const url = input.url === undefined ? undefined : validateWebhookUrl(input.url, 'url', this.settings);
    const parsed = parseInput(z.object({ eventTypes: eventTypes.optional(), description }), input);
    return this.em.fork().transactional(async (tx) => {
      const webhook = await this.owned(viewer, id, tx);
      if (url !== undefined) webhook.url = url;
      if (parsed.eventTypes) webhook.eventTypes = parsed.eventTypes;
      if (parsed.description !== undefined) webhook.description = parsed.description;
      webhook.updatedAt = new Date();
      return webhook;
    });
  }

  async delete(viewer: Viewer, id: string): Promise<boolean> {
    await this.em.fork().transactional(async (tx) => {
      const webhook = await this.owned(viewer, id, tx);
      await tx.nativeDelete(WebhookDelivery, { webhookId: webhook.id });
      await tx.nativeDelete(WebhookEndpoint, { id: webhook.id });
    });
    return true;
  }

  /** A new secret, effective at once (deliveries in flight are signed with it from their next attempt). */
  async rotateSecret(viewer: Viewer, id: string) {
    const secret = newWebhookSecret();
    const webhook = await this.em.fork().transactional(async (tx) => {
      const row = await this.owned(viewer, id, tx);
      row.sealedSecret = seal(this.key, secret);
      row.updatedAt = new Date();
      return row;
    });
    return { webhook, secret };
  }

  async deliveries(viewer: Viewer, webhookId: string, page: PageArgs): Promise<Connection<WebhookDelivery>> {
    const webhook = await this.owned(viewer, webhookId);
    return paginate(this.em, WebhookDelivery, { webhookId: webhook.id }, page, 'desc');
  }

  /** A new delivery of the same body (a new log entry), attempted at once whatever the old one's state. */
  async redeliver(viewer: Viewer, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.em.fork().transactional(async (tx) => {
      const original = isUuid(deliveryId) ? await tx.findOne(WebhookDelivery, { id: deliveryId }) : null;
      if (!original) throw notFound('No such webhook delivery');
      assertOwnerOrAdmin({ viewer }, original.ownerId);
      const row = tx.create(WebhookDelivery, {
        webhookId: original.webhookId,
        ownerId: original.ownerId,
        eventId: original.eventId,
        eventType: original.eventType,
        payload: original.payload,
        redeliveryOf: original.id,
        dedupeKey: 'pending',
      });
      row.dedupeKey = `redelivery:${row.id}`;
      row.nextAttemptAt = new Date();
      await tx.flush();
      await requestDelivery(tx, row);
      return row;
    });
    void this.outbox.wake();
    return delivery;
  }

  /**
   * Runs in the consumer's transaction of a subscribable event: one delivery per endpoint of the
   * user the event concerns that subscribed to its type, each with its work message in the outbox.
   * Never another user's endpoints: the owner comes from the event's data only.
   */
  async fanOut(tx: EntityManager, type: WebhookEventType, event: EventEnvelope): Promise<number> {
    const ownerId = concernedUser(type, event.data);
    if (!ownerId) return 0;
    // At most MAX_WEBHOOKS_PER_USER rows: filtering the types here is cheaper than an array index.
    const endpoints = (await tx.find(WebhookEndpoint, { ownerId })).filter((endpoint) =>
      endpoint.eventTypes.includes(type),
    );
    const payload: WebhookPayload = { id: event.id, type, occurredAt: event.occurredAt, data: event.data };
    for (const endpoint of endpoints) {
      const inserted = await tx.execute<{ id: string }[]>(
        `insert into webhook_deliveries (id, webhook_id, owner_id, event_id, event_type, payload, dedupe_key, status, attempts, attempt_log, created_at, next_attempt_at)
         values (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, '[]', ?, ?) on conflict (webhook_id, dedupe_key) do nothing returning id`,
        [
          newId(),
          endpoint.id,
          ownerId,
          event.id,
          type,
          JSON.stringify(payload),
          event.id,
          new Date(),
          new Date(),
        ],
      );
      if (inserted[0]) await requestDelivery(tx, { id: inserted[0].id, webhookId: endpoint.id });
    }
    return endpoints.length;
  }

  /** The plain secret of an endpoint, for signing. */
  secretOf(endpoint: WebhookEndpoint): string {
    return unseal(this.key, endpoint.sealedSecret);
  }
}

async function requestDelivery(tx: EntityManager, delivery: { id: string; webhookId: string }) {
  await enqueueEvent(
    tx,
    createEvent(
      'webhook.delivery_requested',
      { deliveryId: delivery.id, webhookId: delivery.webhookId },
      { producer: 'users' },
    ),
  );
}
