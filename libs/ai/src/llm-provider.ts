import type { z } from 'zod';
import { codedError, ErrorCode } from '@hiregraph/platform/errors';

/** Tokens one call consumed (estimated by the local provider, reported by a remote one). */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What an AI feature is; token accounting, limits and logs are kept per task. */
export type LlmTask = 'analysis' | 'cover_letter' | 'tailor' | 'assistant' | (string & {});

/** A request whose answer is JSON of a known shape (validated with `schema` before use). */
export interface LlmStructuredRequest<T> {
  task: LlmTask;
  system: string;
  user: string;
  schema: z.ZodType<T>;
  /** The JSON schema's name sent to the provider (letters, digits, `_`, `-`). */
  schemaName: string;
  maxTokens?: number;
  temperature?: number;
}

/** A free-text request answered token by token. */
export interface LlmStreamRequest {
  task: LlmTask;
  system: string;
  user: string;
  maxTokens?: number;
  temperature?: number;
}

export interface LlmResult<T> {
  value: T;
  usage: LlmUsage;
  /** `local` or `openai`. */
  provider: string;
  model: string;
}

export interface LlmStreamResult {
  text: string;
  usage: LlmUsage;
  provider: string;
  model: string;
}

/**
 * A language model. Every feature passes its own deterministic answer (`fallback`): the local
 * provider returns it (built from features and templates, no network); a remote provider ignores it.
 * A remote provider's output is validated before it is returned, so callers get `T` or a coded error.
 */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  generate<T>(
    request: LlmStructuredRequest<T>,
    fallback: (request: LlmStructuredRequest<T>) => T,
  ): Promise<LlmResult<T>>;
  /** Calls `onToken` with each piece of the answer as it arrives; resolves with the whole text. */
  stream(
    request: LlmStreamRequest,
    onToken: (token: string) => void,
    fallback: (request: LlmStreamRequest) => string,
  ): Promise<LlmStreamResult>;
}

/** Why a provider call failed; carried as `extensions.reason` of an AI_PROVIDER_ERROR. */
export type LlmFailureReason = 'malformed' | 'refused' | 'timeout' | 'unavailable' | 'truncated';

/** A coded GraphQL error (AI_PROVIDER_ERROR) with the reason and the provider's words if any. */
export function llmError(reason: LlmFailureReason, message: string, detail?: string) {
  return codedError(ErrorCode.AiProviderError, message, {
    reason,
    ...(detail ? { detail } : {}),
  });
}

/** A rough token count (≈ 4 characters per token) for the local provider's accounting. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}

export const NO_USAGE: LlmUsage = { promptTokens: 0, completionTokens: 0 };
