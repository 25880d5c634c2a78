import { z } from 'zod';
import { embeddingsConfigSchema } from '@hiregraph/ai/embeddings';
import { limitSettingsSchema } from '@hiregraph/ai/limits';
import { llmConfigSchema } from '@hiregraph/ai/llm';
import { booleanFromEnv, DEFAULT_PORTS, loadConfig, portSetting } from '@hiregraph/platform/config';
import {
  loadSubgraphConfig,
  subgraphConfigSchema,
  type SubgraphConfig,
} from '@hiregraph/platform/subgraph/service';

/**
 * Every environment variable the matching subgraph reads, and the only file of subgraphs/matching
 * that reads `process.env`. The platform's variables (database, NATS, Redis, S3, tokens, limits: see
 * libs/platform/src/config.ts and libs/platform/src/subgraph/service.ts) and the AI providers' (embeddings, language
 * model, per-role AI limits: libs/ai/src) come from libs, extended here with the subgraph's own;
 * README.md has a row for each (checked by environment.test.ts).
 */

const DEV_CALLBACK_KEY_SECRET = 'hiregraph-development-callback-key';

/** The matching subgraph's own settings (recompute queue, re-embedding, analysis callbacks). */
const matchingOwnSettings = z.object({
  MATCHING_DEBOUNCE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('A change is recomputed this long after the last change to the same resume or job.'),
  MATCHING_POLL_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(250)
    .describe('How often the recompute queue is polled for due work.'),
  MATCHING_REEMBED_BATCH_SIZE: z.coerce
    .number()
    .int()
    .positive()
    .default(64)
    .describe('Rows re-embedded per step when the embedding model changed.'),
  MATCHING_REEMBED_PAUSE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(50)
    .describe('Pause between re-embedding steps (keeps the database and provider responsive).'),
  ANALYSIS_CALLBACKS_ALLOW_PRIVATE_NETWORKS: booleanFromEnv
    .default(false)
    .describe(
      'Lets analysis callbacks reach private/loopback addresses over plain http (tests, local development).',
    ),
  ANALYSIS_CALLBACK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('Deadline of one callback POST.'),
  ANALYSIS_CALLBACK_KEY_SECRET: z
    .string()
    .min(16)
    .default(DEV_CALLBACK_KEY_SECRET)
    .describe(
      'Seals the per-analysis callback secrets at rest until the callback has been delivered (must be set in production).',
    ),
});

/** The matching subgraph's settings beyond the platform's and the AI providers'. */
export type MatchingSettings = z.infer<typeof matchingOwnSettings>;

/** Every variable the matching subgraph reads: the platform's, its port, the AI providers', its own. */
export const matchingEnvironmentSchema = subgraphConfigSchema.extend({
  MATCHING_PORT: portSetting(DEFAULT_PORTS.matching).describe(
    'Port of the matching subgraph (0: any free port).',
  ),
  ...embeddingsConfigSchema.shape,
  // Read by @hiregraph/ai's local word-vector provider itself (libs/ai/src/word-embeddings-cache.ts), listed here
  // so the subgraph's environment is complete.
  WORD_VECTORS_CACHE_DIR: z
    .string()
    .optional()
    .describe(
      "Where the local embedding model's binary cache is built once and loaded from; node_modules/.cache/hiregraph unless set.",
    ),
  ...llmConfigSchema.shape,
  ...limitSettingsSchema.shape,
  ...matchingOwnSettings.shape,
});

/** The platform config of the matching subgraph (what platform's start-up reads) from `env`. */
export function loadMatchingConfig(env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return loadSubgraphConfig('matching', env);
}

/**
 * The matching subgraph's own settings, from the environment its platform config was read from;
 * in production the development callback key is refused.
 */
export function loadMatchingSettings(config: SubgraphConfig): MatchingSettings {
  const settings = loadConfig(
    matchingOwnSettings.refine(
      (s) => config.NODE_ENV !== 'production' || s.ANALYSIS_CALLBACK_KEY_SECRET !== DEV_CALLBACK_KEY_SECRET,
      {
        message: 'ANALYSIS_CALLBACK_KEY_SECRET must be set in production',
        path: ['ANALYSIS_CALLBACK_KEY_SECRET'],
      },
    ),
    config.env,
  );
  return settings;
}
