import type { EntityManager } from '@mikro-orm/postgresql';
import type { RevocationStore } from '@hiregraph/platform/auth/revocation';
import type { OutboxRelay } from '@hiregraph/platform/events/outbox';
import type { Logger } from '@hiregraph/platform/logger';
import type { Redis } from '@hiregraph/platform/redis';
import type { SubgraphConfig, SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { GoogleIdentityVerifier } from './google/google-identity.js';
import { LoginThrottle, RateLimit } from './passwords/login-throttle.js';
import { loadUsersSettings, type UsersSettings } from './environment.js';
import { SigningKeyStore } from './tokens/signing-keys.js';
import { createEmailProvider } from './email/email-provider.js';
import { EmailSender } from './email/email.service.js';
import { WebhookDeliverer } from './webhooks/webhook-delivery.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { TokenIssuer } from './tokens/token.service.js';

/**
 * What the users subgraph's services share for the life of the process, built once when the
 * subgraph starts (see subgraph.ts) and handed to resolvers and jobs explicitly.
 */
export interface UsersServices {
  config: SubgraphConfig;
  settings: UsersSettings;
  logger: Logger;
  redis: Redis;
  outbox: OutboxRelay;
  revocations: RevocationStore;
  keys: SigningKeyStore;
  tokens: TokenIssuer;
  throttle: LoginThrottle;
  registrations: RateLimit;
  google: GoogleIdentityVerifier;
  /** Webhook endpoints, for the process (resolvers build per-request ones with their own em). */
  webhooks: (em: EntityManager) => WebhookService;
  webhookDeliverer: WebhookDeliverer;
  emailSender: EmailSender;
}

export function buildUsersServices(
  runtime: Pick<SubgraphRuntime, 'config' | 'orm' | 'redis' | 'logger' | 'outbox' | 'revocations'>,
): UsersServices {
  const { config, redis, logger } = runtime;
  const settings = loadUsersSettings(config);
  const keys = new SigningKeyStore(runtime.orm.em as EntityManager, {
    secret: settings.AUTH_KEY_SECRET,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    rotationDays: settings.SIGNING_KEY_ROTATION_DAYS,
    logger,
  });
  const em = runtime.orm.em as EntityManager;
  const webhookPolicy = {
    allowPrivateNetworks: settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
    allowHosts: settings.WEBHOOKS_ALLOW_HOSTS,
  };
  const webhooks = (requestEm: EntityManager) =>
    new WebhookService(requestEm, runtime.outbox, { ...webhookPolicy, keySecret: settings.AUTH_KEY_SECRET });
  return {
    config,
    webhooks,
    webhookDeliverer: new WebhookDeliverer(
      em,
      redis,
      webhooks(em),
      {
        ...webhookPolicy,
        timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
        maxAttempts: settings.WEBHOOK_MAX_ATTEMPTS,
        retryBaseDelayMs: settings.WEBHOOK_RETRY_BASE_DELAY_MS,
        retryMaxDelayMs: 3_600_000,
      },
      logger,
    ),
    emailSender: new EmailSender(
      em,
      createEmailProvider(settings, em),
      {
        maxAttempts: settings.EMAIL_MAX_ATTEMPTS,
        retryBaseDelayMs: settings.EMAIL_RETRY_BASE_DELAY_MS,
        pollIntervalMs: settings.EMAIL_POLL_INTERVAL_MS,
      },
      logger,
    ),
    settings,
    logger,
    redis,
    outbox: runtime.outbox,
    revocations: runtime.revocations,
    keys,
    tokens: new TokenIssuer(keys, config),
    throttle: new LoginThrottle(redis, {
      maxFailures: settings.LOGIN_MAX_FAILURES,
      // Larger, so an attacker on other addresses cannot lock a user out as easily.
      subjectMaxFailures: settings.LOGIN_MAX_FAILURES * 4,
      ipMaxFailures: settings.LOGIN_IP_MAX_FAILURES,
      lockBaseSeconds: settings.LOGIN_LOCK_BASE_SECONDS,
      lockMaxSeconds: settings.LOGIN_LOCK_MAX_SECONDS,
      failureWindowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
      ipWindowSeconds: settings.LOGIN_IP_WINDOW_SECONDS,
    }),
    registrations: new RateLimit(redis, 'register', settings.REGISTRATIONS_PER_IP_PER_HOUR, 3600),
    google: new GoogleIdentityVerifier({
      clientId: settings.GOOGLE_CLIENT_ID,
      issuer: settings.GOOGLE_ISSUER,
      jwksUrl: settings.GOOGLE_JWKS_URL,
    }),
  };
}
