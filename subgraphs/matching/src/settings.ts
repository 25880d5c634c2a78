import { z } from 'zod';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';

const settingsSchema = z.object({
  /** A change is recomputed this long after the last change to the same resume or job. */
  MATCHING_DEBOUNCE_MS: z.coerce.number().int().min(0).default(1000),
  /** How often the recompute queue is polled for due work. */
  MATCHING_POLL_MS: z.coerce.number().int().positive().default(250),
  /** Rows re-embedded per step when the embedding model changed. */
  MATCHING_REEMBED_BATCH_SIZE: z.coerce.number().int().positive().default(64),
  /** Pause between re-embedding steps (keeps the database and provider responsive). */
  MATCHING_REEMBED_PAUSE_MS: z.coerce.number().int().min(0).default(50),
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
