import { z } from 'zod';
import { booleanFromEnv, DEFAULT_PORTS, loadConfig, portSetting } from '@hiregraph/platform/config';
import { emailSettingsSchema } from './email/email-provider.js';
import {
  loadSubgraphConfig,
  subgraphConfigSchema,
  type SubgraphConfig,
} from '@hiregraph/platform/subgraph/service';

/**
 * Every environment variable the users subgraph reads, and the only file of subgraphs/users that
 * reads `process.env`. The platform's variables (database, NATS, Redis, tokens, limits: see
 * libs/platform/src/config.ts and libs/platform/src/subgraph/service.ts) come from libs, extended here with the
 * subgraph's own; README.md has a row for each (checked by environment.test.ts).
 */

const DEV_KEY_SECRET = 'hiregraph-development-key-secret';

/** The users subgraph's own settings (identity, sessions, webhooks, email), beside the platform's. */
const usersOwnSettings = z.object({
  AUTH_KEY_SECRET: z
    .string()
    .min(16)
    .default(DEV_KEY_SECRET)
    .describe('Encrypts signing keys at rest (AES-256-GCM); must be set in production.'),
  SIGNING_KEY_ROTATION_DAYS: z.coerce
    .number()
    .positive()
    .default(30)
    .describe('Age in days at which the access-token signing key is replaced by a new one.'),
  REFRESH_TOKEN_TTL_DAYS: z.coerce
    .number()
    .positive()
    .default(30)
    .describe('Lifetime of a refresh token, in days.'),
  MAX_SESSIONS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('Open sessions per user; signing in once more ends the oldest.'),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).default(10).describe('Shortest accepted password.'),
  LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Failed sign-ins for one email from one IP before a lock (4× that from any IP).'),
  LOGIN_LOCK_BASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe(
      'First lock after too many failed sign-ins; later locks last longer, up to LOGIN_LOCK_MAX_SECONDS.',
    ),
  LOGIN_LOCK_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(3600)
    .describe(
      'No lock lasts longer, so whoever knows only an email can delay its owner at most this long per lock.',
    ),
  LOGIN_IP_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('Failed sign-ins from one IP across all accounts before that IP is limited.'),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(86_400)
    .describe('How long failed sign-ins of an account are counted.'),
  LOGIN_IP_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(3600)
    .describe('How long failed sign-ins from an IP are counted.'),
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Sign-ups per client IP per hour; generous enough for a family behind one NAT.'),
  GOOGLE_CLIENT_ID: z
    .string()
    .optional()
    .describe('OAuth client id Google ID tokens must be issued to; Google sign-in is off without it.'),
  GOOGLE_ISSUER: z.string().default('https://accounts.google.com').describe('Issuer of Google ID tokens.'),
  GOOGLE_JWKS_URL: z
    .string()
    .url()
    .default('https://www.googleapis.com/oauth2/v3/certs')
    .describe('Keys that verify Google ID tokens.'),
  PREFERENCES_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(3600)
    .describe('How long preferences stay cached in Redis.'),
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: booleanFromEnv
    .default(false)
    .describe(
      'Lets webhooks reach private/loopback addresses and plain http (tests and local development only).',
    ),
  WEBHOOKS_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .describe(
      'Comma-separated exact host:port targets exempt from the address check (e.g. a test receiver).',
    ),
  WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('Timeout of one webhook delivery.'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(8)
    .describe('Deliveries of one webhook event before it is given up.'),
  WEBHOOK_RETRY_BASE_DELAY_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30_000)
    .describe('First retry after this; doubling up to an hour (8 attempts span about an hour at 30 s).'),
  EMAIL_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('Sends of one email before it is given up.'),
  EMAIL_RETRY_BASE_DELAY_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30_000)
    .describe('First email retry after this; doubling.'),
  EMAIL_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(5_000)
    .describe('How often the outgoing email queue is looked at.'),
  MATCH_DIGEST_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(300_000)
    .describe('How often due match digests are looked for (hourly and daily digests).'),
  EMAIL_PROVIDER: emailSettingsSchema.shape.EMAIL_PROVIDER.describe(
    '`mailbox` (development, tests: the `mailbox` table) or `smtp` (SMTP_URL).',
  ),
  SMTP_URL: emailSettingsSchema.shape.SMTP_URL.describe(
    'SMTP server when EMAIL_PROVIDER=smtp, e.g. smtps://user:pass@smtp.example.com:465.',
  ),
  EMAIL_FROM: emailSettingsSchema.shape.EMAIL_FROM.describe('Sender of every email.'),
});

const productionNeedsKeySecret = {
  check: (s: { NODE_ENV: string; AUTH_KEY_SECRET: string }) =>
    s.NODE_ENV !== 'production' || s.AUTH_KEY_SECRET !== DEV_KEY_SECRET,
  message: 'AUTH_KEY_SECRET must be set in production',
};

/** The users subgraph's settings beyond the platform's, as its services use them. */
export const usersSettingsSchema = usersOwnSettings
  .extend({ NODE_ENV: subgraphConfigSchema.shape.NODE_ENV })
  .refine(productionNeedsKeySecret.check, {
    message: productionNeedsKeySecret.message,
    path: ['AUTH_KEY_SECRET'],
  });
export type UsersSettings = z.infer<typeof usersSettingsSchema>;

/** Every variable the users subgraph reads: the platform's (from @hiregraph/platform), its port, and its own. */
export const usersEnvironmentSchema = subgraphConfigSchema.extend({
  USERS_PORT: portSetting(DEFAULT_PORTS.users).describe('Port of the users subgraph (0: any free port).'),
  ...usersOwnSettings.shape,
});

/** The platform config of the users subgraph (what platform's start-up reads) from `env`. */
export function loadUsersConfig(env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return loadSubgraphConfig('users', env);
}

/** The users subgraph's own settings, from the environment its platform config was read from. */
export function loadUsersSettings(config: SubgraphConfig): UsersSettings {
  return loadConfig(usersSettingsSchema as unknown as z.ZodObject, config.env) as UsersSettings;
}
