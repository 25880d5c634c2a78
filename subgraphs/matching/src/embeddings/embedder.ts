import { createHash } from 'node:crypto';
import { createEmbeddingProvider, type EmbeddingProvider } from '@hiregraph/libs/ai/embeddings';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';

const providers = new WeakMap<SubgraphRuntime, EmbeddingProvider>();

/** The configured provider (EMBEDDINGS_* settings), one per running subgraph. */
export function embedderOf(runtime: SubgraphRuntime): EmbeddingProvider {
  let provider = providers.get(runtime);
  if (!provider) {
    provider = createEmbeddingProvider(runtime.config.env);
    providers.set(runtime, provider);
  }
  return provider;
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
