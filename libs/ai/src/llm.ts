import { z } from 'zod';
import { LocalLlmProvider } from './local-llm.js';
import { OpenAILlmProvider } from './openai-llm.js';
import type { LlmProvider } from './llm-provider.js';

// The providers' contract and its helpers live apart, so providers need not import this factory
// (which imports them).
export * from './llm-provider.js';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

export const llmConfigSchema = z.object({
  /** `local` (default): deterministic templates, no network; `openai`: any OpenAI-compatible server. */
  LLM_PROVIDER: z.enum(['local', 'openai']).default('local'),
  /** Chat model for the openai provider (default gpt-4o-mini). */
  LLM_MODEL: optionalString,
  /** Defaults to OPENAI_BASE_URL, so an operator can send chat and embeddings to different endpoints. */
  LLM_BASE_URL: optionalString,
  OPENAI_BASE_URL: optionalString,
  LLM_API_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Retries of 408/409/429/5xx and connection errors (exponential backoff, Retry-After honoured). */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
});
export type LlmConfig = z.infer<typeof llmConfigSchema>;

/** The provider the environment asks for; the local one unless LLM_PROVIDER=openai. */
export function createLlmProvider(env: NodeJS.ProcessEnv = process.env): LlmProvider {
  const config = llmConfigSchema.parse(env);
  if (config.LLM_PROVIDER === 'local') return new LocalLlmProvider();
  return new OpenAILlmProvider({
    baseURL: config.LLM_BASE_URL ?? config.OPENAI_BASE_URL,
    apiKey: config.LLM_API_KEY ?? config.OPENAI_API_KEY,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
  });
}
