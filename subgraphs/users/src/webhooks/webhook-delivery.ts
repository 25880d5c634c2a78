import type { JsMsg } from '@nats-io/jetstream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import type { Logger } from '@hiregraph/platform/logger';
import type { Redis } from '@hiregraph/platform/redis';
import {
  sendWebhook,
  type WebhookPayload,
  type WebhookSendOptions,
} from '@hiregraph/platform/webhooks/sender';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity.js';
import type { WebhookService } from './webhook.service.js';

/** How long a delivered (endpoint, event) is remembered, so a redelivered message does not POST again. */
export const WEBHOOK_DEDUPE_SECONDS = 3 * 86_400;
export const webhookDedupeKey = (endpointId: string, eventId: string) =>
  `webhook:dedupe:${endpointId}:${eventId}`;
const DELIVERED = 'delivered';

export interface WebhookDeliveryOptions extends WebhookSendOptions {
  /** Attempts before a delivery is FAILED (it stays listed and redeliverable). */
  maxAttempts: number;
  /** Backoff: base × 2^(attempt−1), capped. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

/**
 * Attempts the delivery named by a `webhook.delivery_requested` message. A failed attempt is nak'ed
 * with the backoff delay, so JetStream's redelivery is the retry schedule; the delivery row is the
 * log. Redis dedupes per (endpoint, event): a claim while POSTing, then `delivered` for 3 days, so
 * a message delivered twice (or concurrently) POSTs once.
 */
export class WebhookDeliverer {
  constructor(
    private readonly em: EntityManager,
    private readonly redis: Redis,
    private readonly webhooks: WebhookService,
    private readonly options: WebhookDeliveryOptions,
    private readonly logger: Logger,
  ) {}

  retryDelay(attempt: number): number {
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options;
    return Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  }

  async handle(event: EventEnvelope<'webhook.delivery_requested'>, msg: JsMsg): Promise<void> {
    const em = this.em.fork();
    const delivery = await em.findOne(WebhookDelivery, { id: event.data.deliveryId });
    const endpoint = delivery && (await em.findOne(WebhookEndpoint, { id: delivery.webhookId }));
    // Endpoint deleted, or already settled: nothing left to do.
    if (!delivery || !endpoint || delivery.status !== WebhookDeliveryStatus.PENDING) return;

    const key = webhookDedupeKey(endpoint.id, delivery.dedupeKey);
    const claimSeconds = Math.ceil((this.options.timeoutMs ?? 10_000) / 1000) + 30;
    const claimed = await this.redis.set(key, `sending:${delivery.id}`, 'EX', claimSeconds, 'NX');
    if (!claimed) {
      if ((await this.redis.get(key)) === DELIVERED) {
        await this.settle(delivery.id, { status: WebhookDeliveryStatus.DELIVERED });
        return;
      }
      msg.nak(this.retryDelay(1)); // another copy is POSTing it right now
      return;
    }

    const attempt = await sendWebhook(
      endpoint.url,
      delivery.payload as unknown as WebhookPayload,
      this.webhooks.secretOf(endpoint),
      this.options,
    );
    const number = delivery.attempts + 1;
    const logEntry = { number, attemptedAt: new Date().toISOString(), ...attempt };
    delete (logEntry as { ok?: boolean }).ok;
    if (attempt.ok) {
      await this.redis.set(key, DELIVERED, 'EX', WEBHOOK_DEDUPE_SECONDS);
      await this.record(delivery, logEntry, WebhookDeliveryStatus.DELIVERED, null);
      return;
    }
    await this.redis.del(key);
    if (number >= this.options.maxAttempts) {
      this.logger.warn(
        { deliveryId: delivery.id, webhookId: endpoint.id, error: attempt.error },
        'webhook delivery failed',
      );
      await this.record(delivery, logEntry, WebhookDeliveryStatus.FAILED, null);
      return;
    }
    const delay = this.retryDelay(number);
    await this.record(delivery, logEntry, WebhookDeliveryStatus.PENDING, new Date(Date.now() + delay));
    msg.nak(delay);
  }

  private async record(
    delivery: WebhookDelivery,
    entry: {
      number: number;
      attemptedAt: string;
      responseStatus: number | null;
      durationMs: number;
      error: string | null;
    },
    status: WebhookDeliveryStatus,
    nextAttemptAt: Date | null,
  ): Promise<void> {
    // jsonb append in SQL: a concurrent settle cannot lose an attempt of the log.
    await this.em.fork().execute(
      `update webhook_deliveries set attempts = attempts + 1, attempt_log = attempt_log || ?::jsonb,
         status = ?, response_status = ?, duration_ms = ?, error = ?, next_attempt_at = ?,
         delivered_at = case when ? = 'DELIVERED' then now() else delivered_at end
       where id = ?`,
      [
        JSON.stringify([entry]),
        status,
        entry.responseStatus,
        entry.durationMs,
        entry.error,
        nextAttemptAt,
        status,
        delivery.id,
      ],
      'run',
    );
  }

  private async settle(id: string, changes: { status: WebhookDeliveryStatus }): Promise<void> {
    await this.em.fork().nativeUpdate(
      WebhookDelivery,
      { id, status: WebhookDeliveryStatus.PENDING },
      {
        ...changes,
        nextAttemptAt: null,
        deliveredAt: new Date(),
      },
    );
  }
}
