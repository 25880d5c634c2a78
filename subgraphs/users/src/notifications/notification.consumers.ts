import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { consumeOnce } from '@hiregraph/platform/subgraph/consumers';
import { enqueueWelcomeEmail, recordMatchNotification, runMatchDigests } from '../email/email.service.js';
import type { UsersServices } from '../services.js';
import { emittedWebhookEventTypes } from './event-types.js';

/**
 * Notifications' reactions to events: webhook fan-out per subscribable type, webhook delivery
 * attempts, the welcome mail, match notifications for digests. Returns what stops the jobs.
 */
export async function subscribeNotifications(
  runtime: SubgraphRuntime,
  services: UsersServices,
): Promise<() => Promise<void>> {
  const em = runtime.orm.em as EntityManager;
  for (const type of emittedWebhookEventTypes()) {
    await consumeOnce(runtime, type, `webhooks_${type.replace(/\W/g, '_')}`, (event, tx) =>
      services.webhooks(tx).fanOut(tx, type, event),
    );
  }
  // Not consumeOnce: a failed attempt is nak'ed with the webhook backoff and the row is the log.
  await runtime.bus.subscribe('webhook.delivery_requested', 'webhook_sender', (event, msg) =>
    services.webhookDeliverer.handle(event, msg),
  );
  await consumeOnce(runtime, 'user.registered', 'welcome_email', async (event, tx) => {
    await enqueueWelcomeEmail(tx, event.data);
    // Sent after the commit: the sender polls, and is woken a moment after this transaction.
    setTimeout(() => void services.emailSender.wake(), 20).unref();
  });
  await consumeOnce(runtime, 'match.found', 'match_digest_inbox', (event, tx) =>
    recordMatchNotification(tx, event.id, event.occurredAt, event.data),
  );
  const stopSender = services.emailSender.start();
  const digests = setInterval(() => {
    void runMatchDigests(em)
      .then(async (count) => {
        if (count > 0) await services.emailSender.wake();
      })
      .catch((error) => services.logger.error({ err: error }, 'match digests failed'));
  }, services.settings.MATCH_DIGEST_INTERVAL_MS);
  digests.unref();
  return async () => {
    clearInterval(digests);
    await stopSender();
  };
}
