import { z } from 'zod';
import { booleanFromEnv } from '@hiregraph/libs/config';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';

const DEV_CALLBACK_KEY_SECRET = 'hiregraph-development-callback-key';

const settingsSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    /** A change is recomputed this long after the last change to the same resume or job. */
    MATCHING_DEBOUNCE_MS: z.coerce.number().int().min(0).default(1000),
    /** How often the recompute queue is polled for due work. */
    MATCHING_POLL_MS: z.coerce.number().int().positive().default(250),
    /** Rows re-embedded per step when the embedding model changed. */
    MATCHING_REEMBED_BATCH_SIZE: z.coerce.number().int().positive().default(64),
    /** Pause between re-embedding steps (keeps the database and provider responsive). */
    MATCHING_REEMBED_PAUSE_MS: z.coerce.number().int().min(0).default(50),
    /** Lets analysis callbacks reach private/loopback addresses over plain http (tests, local development). */
    ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
    /** Deadline of one callback POST. */
    ANALYSIS_CALLBACK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** Seals the per-analysis callback secrets at rest until the callback has been delivered. */
    ANALYSIS_CALLBACK_KEY_SECRET: z.string().min(16).default(DEV_CALLBACK_KEY_SECRET),
  })
  .refine((s) => s.NODE_ENV !== 'production' || s.ANALYSIS_CALLBACK_KEY_SECRET !== DEV_CALLBACK_KEY_SECRET, {
    message: 'ANALYSIS_CALLBACK_KEY_SECRET must be set in production',
    path: ['ANALYSIS_CALLBACK_KEY_SECRET'],
  });
export type MatchingSettings = z.infer<typeof settingsSchema>;

const cache = new WeakMap<SubgraphRuntime, MatchingSettings>();

export function settingsOf(runtime: SubgraphRuntime): MatchingSettings {
  let settings = cache.get(runtime);
  if (!settings) {
    settings = settingsSchema.parse(runtime.config.env);
    cache.set(runtime, settings);
  }
  return settings;
}
