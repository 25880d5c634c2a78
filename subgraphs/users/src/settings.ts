import { z } from 'zod';
import { loadConfig } from '@hiregraph/libs/config';
import type { SubgraphConfig } from '@hiregraph/libs/subgraph/service';

const DEV_KEY_SECRET = 'hiregraph-development-key-secret';

/** Settings of the users subgraph (identity), read from the same environment as the base config. */
export const usersSettingsSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    /** Encrypts signing keys at rest (AES-256-GCM); must be set in production. */
    AUTH_KEY_SECRET: z.string().min(16).default(DEV_KEY_SECRET),
    SIGNING_KEY_ROTATION_DAYS: z.coerce.number().positive().default(30),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().positive().default(30),
    MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).default(10),
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).default(10),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_BASE_SECONDS: z.coerce.number().int().min(1).default(30),
    /** No lock lasts longer, so whoever knows only an email can delay its owner at most this long per lock. */
    LOGIN_LOCK_MAX_SECONDS: z.coerce.number().int().min(1).default(3600),
    /** Failed sign-ins from one IP across all accounts before that IP is limited. */
    LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(50),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(86_400),
    LOGIN_IP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
    /** Per client IP; generous enough for a family behind one NAT. */
    REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_ISSUER: z.string().default('https://accounts.google.com'),
    GOOGLE_JWKS_URL: z.string().url().default('https://www.googleapis.com/oauth2/v3/certs'),
    PREFERENCES_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
  })
  .refine((s) => s.NODE_ENV !== 'production' || s.AUTH_KEY_SECRET !== DEV_KEY_SECRET, {
    message: 'AUTH_KEY_SECRET must be set in production',
    path: ['AUTH_KEY_SECRET'],
  });

export type UsersSettings = z.infer<typeof usersSettingsSchema>;

export function loadUsersSettings(config: SubgraphConfig): UsersSettings {
  return loadConfig(usersSettingsSchema as unknown as z.ZodObject, config.env) as UsersSettings;
}
