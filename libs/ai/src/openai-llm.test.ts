import { z } from 'zod';
import { GraphQLError } from 'graphql';
import { createRedis, type Redis } from '@hiregraph/platform/redis';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { startChatCompletionsServer, type ChatCompletionsServer } from './testing/chat-completions-server.js';
import { createLlmProvider, type LlmStructuredRequest } from './llm.js';
import { LocalLlmProvider } from './local-llm.js';
import { OpenAILlmProvider } from './openai-llm.js';
import { readLlmUsage, recordLlmUsage, tokenUsageKey } from './llm-usage.js';

const verdictSchema = z.object({
  score: z.number().int().min(0).max(100),
  verdict: z.enum(['strong', 'weak']),
  reasons: z.array(z.string()),
});
type Verdict = z.infer<typeof verdictSchema>;

const request: LlmStructuredRequest<Verdict> = {
  task: 'analysis',
  system: 'You grade resumes.',
  user: 'Resume: TypeScript. Job: TypeScript.',
  schema: verdictSchema,
  schemaName: 'verdict',
  maxTokens: 300,
  temperature: 0.2,
};
const good: Verdict = { score: 80, verdict: 'strong', reasons: ['TypeScript'] };
const neverUsed = () => {
  throw new Error('a remote provider must not use the local fallback');
};

async function codedFailure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return (error as GraphQLError).extensions;
}

let server: ChatCompletionsServer;
let namespace: TestNamespace;
let redis: Redis;

beforeAll(async () => {
  server = await startChatCompletionsServer(() => ({ content: JSON.stringify(good) }));
  namespace = createTestNamespace('llm');
  redis = createRedis(namespace.config.REDIS_URL, namespace.config.REDIS_KEY_PREFIX);
});

afterAll(async () => {
  await server.close();
  redis.disconnect();
  await namespace.cleanup();
});

beforeEach(() => {
  server.requests.length = 0;
  server.replies.length = 0;
});

describe('OpenAILlmProvider against an OpenAI-compatible server', () => {
  it('is selected from the environment and asks for strict JSON-schema output', async () => {
    const provider = createLlmProvider({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: server.baseURL,
      LLM_MODEL: 'test-model',
    });
    expect(provider).toBeInstanceOf(OpenAILlmProvider);
    const result = await provider.generate(request, neverUsed);
    expect(result).toEqual({
      value: good,
      usage: { promptTokens: 11, completionTokens: 7 },
      provider: 'openai',
      model: 'test-model',
    });
    const sent = server.requests[0];
    expect(sent.model).toBe('test-model');
    expect(sent.messages).toEqual([
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ]);
    expect(sent.max_completion_tokens).toBe(300);
    expect(sent.response_format?.type).toBe('json_schema');
    expect(sent.response_format?.json_schema).toMatchObject({ name: 'verdict', strict: true });
    const schema = sent.response_format!.json_schema!.schema;
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['score', 'verdict', 'reasons'],
    });
  });

  it('asks once more after malformed JSON, telling the model what was wrong', async () => {
    server.replies.push({ content: '{"score": 80, "verdict": "strong", "reasons": [' });
    const result = await new OpenAILlmProvider({ baseURL: server.baseURL }).generate(request);
    expect(result.value).toEqual(good);
    // Both calls are counted.
    expect(result.usage).toEqual({ promptTokens: 22, completionTokens: 14 });
    expect(server.requests).toHaveLength(2);
    const retry = server.requests[1].messages;
    expect(retry.at(-2)).toMatchObject({ role: 'assistant' });
    expect(retry.at(-1)?.content).toMatch(/not JSON/);
  });

  it('fails with a coded error when the answer stays off-schema', async () => {
    server.replies.push(
      { content: JSON.stringify({ score: 180, verdict: 'strong', reasons: [] }) },
      { content: JSON.stringify({ score: 'high' }) },
    );
    const extensions = await codedFailure(
      new OpenAILlmProvider({ baseURL: server.baseURL }).generate(request),
    );
    expect(extensions).toMatchObject({ code: 'AI_PROVIDER_ERROR', reason: 'malformed' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].messages.at(-1)?.content).toMatch(/score/);
  });

  it('reports a refusal as a coded error, without retrying', async () => {
    server.replies.push({ refusal: 'I cannot help with that.' });
    const extensions = await codedFailure(
      new OpenAILlmProvider({ baseURL: server.baseURL }).generate(request),
    );
    expect(extensions).toMatchObject({
      code: 'AI_PROVIDER_ERROR',
      reason: 'refused',
      detail: 'I cannot help with that.',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a slow answer', async () => {
    server.replies.push({ content: JSON.stringify(good), delayMs: 1_500 });
    const started = Date.now();
    const extensions = await codedFailure(
      new OpenAILlmProvider({ baseURL: server.baseURL, timeoutMs: 200, maxRetries: 0 }).generate(request),
    );
    expect(extensions).toMatchObject({ code: 'AI_PROVIDER_ERROR', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_400);
  });

  it('retries a 429 after the delay the server asked for, then succeeds', async () => {
    server.replies.push({ status: 429, headers: { 'retry-after-ms': '150' } });
    const started = Date.now();
    const result = await new OpenAILlmProvider({ baseURL: server.baseURL }).generate(request);
    expect(result.value).toEqual(good);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a provider that stays unavailable', async () => {
    server.replies.push(
      { status: 503, headers: { 'retry-after-ms': '10' } },
      { status: 503, headers: { 'retry-after-ms': '10' } },
    );
    const extensions = await codedFailure(
      new OpenAILlmProvider({ baseURL: server.baseURL, maxRetries: 1 }).generate(request),
    );
    expect(extensions).toMatchObject({ code: 'AI_PROVIDER_ERROR', reason: 'unavailable' });
    expect(server.requests).toHaveLength(2);
  });

  it('streams tokens as they arrive and counts the usage', async () => {
    server.replies.push({
      content: 'You match the posting well.',
      usage: { prompt_tokens: 5, completion_tokens: 6 },
    });
    const tokens: string[] = [];
    const result = await new OpenAILlmProvider({ baseURL: server.baseURL }).stream(
      { task: 'assistant', system: 's', user: 'u' },
      (token) => tokens.push(token),
    );
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe('You match the posting well.');
    expect(result).toMatchObject({
      text: 'You match the posting well.',
      usage: { promptTokens: 5, completionTokens: 6 },
    });
    expect(server.requests[0].stream).toBe(true);
  });

  it('reports a streamed refusal as a coded error', async () => {
    server.replies.push({ refusal: 'No.' });
    const extensions = await codedFailure(
      new OpenAILlmProvider({ baseURL: server.baseURL }).stream(
        { task: 'assistant', system: 's', user: 'u' },
        () => undefined,
      ),
    );
    expect(extensions).toMatchObject({ code: 'AI_PROVIDER_ERROR', reason: 'refused' });
  });
});

describe('LocalLlmProvider', () => {
  it('is the default and answers from the feature’s template, validated', async () => {
    const provider = createLlmProvider({});
    expect(provider).toBeInstanceOf(LocalLlmProvider);
    const result = await provider.generate(request, () => good);
    expect(result.value).toEqual(good);
    expect(result.provider).toBe('local');
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    await expect(provider.generate(request, () => ({ ...good, score: 500 }))).rejects.toThrow();
  });

  it('streams the templated answer word by word', async () => {
    const tokens: string[] = [];
    const result = await new LocalLlmProvider().stream(
      { task: 'assistant', system: 's', user: 'u' },
      (token) => tokens.push(token),
      () => 'Three words here',
    );
    expect(tokens).toEqual(['Three ', 'words ', 'here']);
    expect(result.text).toBe('Three words here');
  });
});

describe('token accounting', () => {
  it('sums tokens per user, day and task in Redis', async () => {
    const day = new Date('2030-01-02T10:00:00Z');
    await recordLlmUsage(redis, 'user-1', 'cover_letter', { promptTokens: 10, completionTokens: 4 }, day);
    await recordLlmUsage(redis, 'user-1', 'cover_letter', { promptTokens: 5, completionTokens: 1 }, day);
    await recordLlmUsage(redis, 'user-1', 'assistant', { promptTokens: 2, completionTokens: 3 }, day);
    await recordLlmUsage(redis, 'user-2', 'assistant', { promptTokens: 100, completionTokens: 100 }, day);
    expect(tokenUsageKey('user-1', day)).toBe('ai:tokens:user-1:2030-01-02');
    expect(await readLlmUsage(redis, 'user-1', day)).toEqual({
      cover_letter: { promptTokens: 15, completionTokens: 5 },
      assistant: { promptTokens: 2, completionTokens: 3 },
    });
    expect(await redis.ttl(tokenUsageKey('user-1', day))).toBeGreaterThan(0);
  });
});
