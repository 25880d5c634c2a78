import OpenAI from 'openai';
import { z } from 'zod';
import {
  addUsage,
  llmError,
  NO_USAGE,
  type LlmProvider,
  type LlmResult,
  type LlmStreamRequest,
  type LlmStreamResult,
  type LlmStructuredRequest,
  type LlmUsage,
} from './llm-provider.js';

export interface OpenAILlmOptions {
  /** Any OpenAI-compatible server (`…/v1`); the SDK's default (api.openai.com) when unset. */
  baseURL?: string;
  apiKey?: string;
  /** Default gpt-4o-mini. */
  model?: string;
  /** Per request, including a slow streamed answer. */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx and connection errors (the SDK backs off exponentially). */
  maxRetries?: number;
}

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * Chat completions from an OpenAI-compatible endpoint. Structured answers use JSON-schema output
 * (`strict`), then are parsed and validated with the same zod schema: a malformed answer is asked
 * for once more with what was wrong, then fails with AI_PROVIDER_ERROR (`malformed`). A refusal,
 * a timeout and a provider that stays unavailable after the SDK's retries fail alike with their
 * reason, so callers never use unvalidated text.
 */
export class OpenAILlmProvider implements LlmProvider {
  readonly name = 'openai';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(options: OpenAILlmOptions = {}) {
    this.model = options.model ?? 'gpt-4o-mini';
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // Local OpenAI-compatible servers often need no key; the SDK insists on one.
      apiKey: options.apiKey ?? 'unused',
      maxRetries: options.maxRetries ?? 3,
      timeout: this.timeoutMs,
    });
  }

  async generate<T>(request: LlmStructuredRequest<T>): Promise<LlmResult<T>> {
    const jsonSchema = toStrictJsonSchema(request.schema);
    const messages: ChatMessage[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    let usage: LlmUsage = NO_USAGE;
    for (let attempt = 1; ; attempt++) {
      const completion = await this.call(() =>
        this.client.chat.completions.create({
          model: this.model,
          messages,
          max_completion_tokens: request.maxTokens,
          temperature: request.temperature,
          response_format: {
            type: 'json_schema',
            json_schema: { name: request.schemaName, schema: jsonSchema, strict: true },
          },
        }),
      );
      usage = addUsage(usage, usageOf(completion.usage));
      const choice = completion.choices[0];
      const message = choice?.message;
      if (message?.refusal) {
        throw llmError('refused', 'The language model refused to answer', message.refusal);
      }
      const content = message?.content ?? '';
      const problem = validate(content, request.schema);
      if (problem.ok) {
        return { value: problem.value, usage, provider: this.name, model: this.model };
      }
      if (attempt >= 2) {
        throw llmError(
          choice?.finish_reason === 'length' ? 'truncated' : 'malformed',
          'The language model returned an answer of the wrong shape',
          problem.error,
        );
      }
      // One corrective round: the model sees its answer and what was wrong with it.
      messages.push(
        { role: 'assistant', content },
        {
          role: 'user',
          content: `Your answer was not valid: ${problem.error}. Answer again with only JSON matching the schema "${request.schemaName}".`,
        },
      );
    }
  }

  async stream(request: LlmStreamRequest, onToken: (token: string) => void): Promise<LlmStreamResult> {
    const messages: ChatMessage[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    return this.call(async () => {
      const chunks = await this.client.chat.completions.create({
        model: this.model,
        messages,
        max_completion_tokens: request.maxTokens,
        temperature: request.temperature,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: LlmUsage = NO_USAGE;
      for await (const chunk of chunks) {
        if (chunk.usage) usage = usageOf(chunk.usage);
        const delta = chunk.choices[0]?.delta;
        if (delta?.refusal) {
          throw llmError('refused', 'The language model refused to answer', delta.refusal);
        }
        if (delta?.content) {
          text += delta.content;
          onToken(delta.content);
        }
      }
      return { text, usage, provider: this.name, model: this.model };
    });
  }

  /** Maps the SDK's failures (after its own retries) to coded errors with a reason. */
  private async call<R>(request: () => Promise<R>): Promise<R> {
    const started = Date.now();
    try {
      return await request();
    } catch (error) {
      // Some runtimes hand the SDK an abort reason it cannot recognise as a timeout; the elapsed
      // time tells a connection that was cut by our timeout from one that failed.
      const timedOut =
        error instanceof OpenAI.APIConnectionTimeoutError ||
        (error instanceof OpenAI.APIConnectionError && Date.now() - started >= this.timeoutMs);
      if (timedOut) {
        throw llmError('timeout', 'The language model did not answer in time');
      }
      if (error instanceof OpenAI.APIError) {
        throw llmError(
          'unavailable',
          `The language model is unavailable (${error.status ?? 'no connection'})`,
        );
      }
      throw error;
    }
  }
}

function usageOf(usage: OpenAI.CompletionUsage | null | undefined): LlmUsage {
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
  };
}

function validate<T>(
  content: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, error: 'the answer is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: z.prettifyError(parsed.error).replace(/\s+/g, ' ').slice(0, 500) };
}

/**
 * JSON schema for strict structured output: OpenAI wants no `$schema`, every property required and
 * `additionalProperties: false` on every object; zod's output mode already closes objects.
 */
export function toStrictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  return closeObjects(json) as Record<string, unknown>;
}

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if (out.type === 'object' && out.properties && typeof out.properties === 'object') {
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  return out;
}
