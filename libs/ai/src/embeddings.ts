import { z } from 'zod';
import { HashingEmbeddingProvider } from './hashing-embeddings.js';
import { OpenAIEmbeddingProvider } from './openai-embeddings.js';
import { WordEmbeddingProvider } from './word-embeddings.js';
import type { EmbeddingProvider } from './embedding-provider.js';

// The providers' contract and the vector helpers live apart, so providers need not import this
// factory (which imports them).
export * from './embedding-provider.js';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

export const embeddingsConfigSchema = z.object({
  /**
   * `local` (default): GloVe word vectors shipped in an npm package, pooled (offline, deterministic);
   * `hashing`: the older hashed-features fallback (no synonyms, no vector file to load);
   * `openai`: any OpenAI-compatible /v1/embeddings.
   */
  EMBEDDINGS_PROVIDER: z.enum(['local', 'hashing', 'openai']).default('local'),
  /** Defaults to text-embedding-3-small for openai; the local provider has one model. */
  EMBEDDINGS_MODEL: optionalString,
  /** Output size requested from models that support shortening (text-embedding-3-*). */
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).max(2000).optional(),
  OPENAI_BASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  /** Client-side limit on embedding requests per minute (the server's own limit answers 429). */
  EMBEDDINGS_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(500),
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(256),
  EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(5),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});
export type EmbeddingsConfig = z.infer<typeof embeddingsConfigSchema>;

/** The provider the environment asks for; the local word-vector one unless EMBEDDINGS_PROVIDER says else. */
export function createEmbeddingProvider(env: NodeJS.ProcessEnv = process.env): EmbeddingProvider {
  const config = embeddingsConfigSchema.parse(env);
  if (config.EMBEDDINGS_PROVIDER === 'local') return new WordEmbeddingProvider();
  if (config.EMBEDDINGS_PROVIDER === 'hashing') return new HashingEmbeddingProvider();
  return new OpenAIEmbeddingProvider({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    model: config.EMBEDDINGS_MODEL,
    dimensions: config.EMBEDDINGS_DIMENSIONS,
    rateLimit: { requests: config.EMBEDDINGS_REQUESTS_PER_MINUTE, perMs: 60_000 },
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    maxRetries: config.EMBEDDINGS_MAX_RETRIES,
    timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
  });
}
