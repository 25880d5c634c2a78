import OpenAI from 'openai';
import pThrottle from 'p-throttle';
import { normalizeInPlace, type EmbeddingProvider } from './embedding-provider.js';

export interface OpenAIEmbeddingOptions {
  /** Any OpenAI-compatible server (`…/v1`); the SDK's default (api.openai.com) when unset. */
  baseURL?: string;
  apiKey?: string;
  /** Default text-embedding-3-small. */
  model?: string;
  /** Requested output size; text-embedding-3-small is 1536 unless shortened. */
  dimensions?: number;
  /** Inputs per request (OpenAI accepts up to 2048). */
  batchSize?: number;
  /** Client-side cap: at most `requests` in any window of `perMs`, across all callers of this provider. */
  rateLimit?: { requests: number; perMs: number };
  /** Retries of 408/409/429/5xx and connection errors (exponential backoff, Retry-After honoured). */
  maxRetries?: number;
  timeoutMs?: number;
}

const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint through the `openai` SDK, which
 * already retries 429 and 5xx answers with exponential backoff and jitter, honouring `Retry-After`
 * and `retry-after-ms`. Inputs go in batches; p-throttle spaces requests to the configured rate.
 */
export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly model: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly batchSize: number;
  private readonly requestDimensions: number | undefined;
  private readonly throttledRequest: (input: string[]) => Promise<number[][]>;

  constructor(options: OpenAIEmbeddingOptions = {}) {
    this.model = options.model ?? 'text-embedding-3-small';
    const dimensions = options.dimensions ?? KNOWN_DIMENSIONS[this.model];
    if (!dimensions) throw new Error(`EMBEDDINGS_DIMENSIONS is required for model ${this.model}`);
    this.dimensions = dimensions;
    // Only ask for shortening when it differs from the model's native size (older models refuse it).
    this.requestDimensions =
      options.dimensions !== KNOWN_DIMENSIONS[this.model] ? options.dimensions : undefined;
    this.batchSize = options.batchSize ?? 256;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // Local OpenAI-compatible servers often need no key; the SDK insists on one.
      apiKey: options.apiKey ?? 'unused',
      maxRetries: options.maxRetries ?? 5,
      timeout: options.timeoutMs ?? 30_000,
    });
    const rateLimit = options.rateLimit ?? { requests: 500, perMs: 60_000 };
    const throttle = pThrottle({ limit: rateLimit.requests, interval: rateLimit.perMs, strict: true });
    this.throttledRequest = throttle((input: string[]) => this.request(input));
  }

  async embed(texts: string[]): Promise<number[][]> {
    const batches: Promise<number[][]>[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      // The API refuses empty strings; a single space embeds as "nothing said".
      const batch = texts
        .slice(start, start + this.batchSize)
        .map((text) => (text.trim() === '' ? ' ' : text));
      batches.push(this.throttledRequest(batch));
    }
    return (await Promise.all(batches)).flat();
  }

  private async request(input: string[]): Promise<number[][]> {
    const response = await this.client.embeddings.create({
      model: this.model,
      input,
      // Floats, not the SDK's default base64: not every compatible server implements base64.
      encoding_format: 'float',
      ...(this.requestDimensions ? { dimensions: this.requestDimensions } : {}),
    });
    if (response.data.length !== input.length) {
      throw new Error(
        `Embeddings server returned ${response.data.length} vectors for ${input.length} inputs`,
      );
    }
    const vectors = new Array<number[]>(input.length);
    for (const item of response.data) {
      if (item.embedding.length !== this.dimensions) {
        throw new Error(
          `Embeddings server returned ${item.embedding.length} dimensions, expected ${this.dimensions} (${this.model})`,
        );
      }
      vectors[item.index] = normalizeInPlace([...item.embedding]);
    }
    if (vectors.some((vector) => vector === undefined) || vectors.length !== input.length) {
      throw new Error('Embeddings server returned vectors with missing or out-of-range indexes');
    }
    return vectors;
  }
}
