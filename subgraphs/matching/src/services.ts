import { createEmbeddingProvider, type EmbeddingProvider } from '@hiregraph/ai/embeddings';
import { createLlmProvider, type LlmProvider } from '@hiregraph/ai/llm';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { loadMatchingSettings, type MatchingSettings } from './environment.js';
import type { ReembedState } from './reembedding/reembed.service.js';

/**
 * What the matching subgraph's services share for the life of the process, built once when the
 * subgraph starts (see subgraph.ts) and handed to resolvers (constructor) and consumers explicitly:
 * one embedding provider and one language model per process, so every feature shares their HTTP
 * clients and rate limits.
 */
export interface MatchingServices {
  settings: MatchingSettings;
  /** The configured embedding provider (EMBEDDINGS_* settings). */
  embedder: EmbeddingProvider;
  /** The configured language model (LLM_* settings). */
  llm: LlmProvider;
  /** Whether the background re-embedding (started in onStart) is running. */
  reembedding: ReembedState;
}

export function buildMatchingServices(runtime: Pick<SubgraphRuntime, 'config'>): MatchingServices {
  return {
    settings: loadMatchingSettings(runtime.config),
    embedder: createEmbeddingProvider(runtime.config.env),
    llm: createLlmProvider(runtime.config.env),
    reembedding: { running: false },
  };
}
