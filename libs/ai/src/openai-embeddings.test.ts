import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { createEmbeddingProvider } from './embeddings.js';
import { OpenAIEmbeddingProvider } from './openai-embeddings.js';

/**
 * A real OpenAI-compatible HTTP server on loopback: POST /v1/embeddings answers deterministic
 * vectors derived from each input's hash, and can be told to refuse the next requests.
 */
interface Recorded {
  inputs: string[];
  model: string;
  authorization?: string;
  encoding?: string;
  dimensions?: number;
}

const DIMENSIONS = 1536;

function fakeVector(text: string, dimensions: number): number[] {
  const digest = createHash('sha256').update(text).digest();
  return Array.from(
    { length: dimensions },
    (_, i) => digest[i % digest.length] / 255 - 0.5 + (i === 0 ? 1 : 0),
  );
}

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

let server: Server;
let baseURL: string;
const recorded: Recorded[] = [];
let failures: { status: number; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await body(request);
    if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
      response.writeHead(404).end();
      return;
    }
    const failure = failures.shift();
    const payload = JSON.parse(text) as {
      input: string[];
      model: string;
      encoding_format?: string;
      dimensions?: number;
    };
    recorded.push({
      inputs: payload.input,
      model: payload.model,
      authorization: request.headers.authorization,
      encoding: payload.encoding_format,
      dimensions: payload.dimensions,
    });
    if (failure) {
      response.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      response.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
      return;
    }
    const dimensions = payload.dimensions ?? DIMENSIONS;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        object: 'list',
        model: payload.model,
        // Out of order on purpose: the client must place vectors by index.
        data: payload.input
          .map((input, index) => ({ object: 'embedding', index, embedding: fakeVector(input, dimensions) }))
          .reverse(),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  recorded.length = 0;
  failures = [];
});

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe('OpenAIEmbeddingProvider against an OpenAI-compatible server', () => {
  it('is selected and configured from the environment', async () => {
    const provider = createEmbeddingProvider({
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_BASE_URL: baseURL,
      OPENAI_API_KEY: 'sk-test',
    });
    expect(provider).toBeInstanceOf(OpenAIEmbeddingProvider);
    expect(provider.model).toBe('text-embedding-3-small');
    expect(provider.dimensions).toBe(1536);
    const [vector] = await provider.embed(['hello']);
    expect(vector).toHaveLength(1536);
    expect(norm(vector)).toBeCloseTo(1, 10);
    expect(recorded[0]).toMatchObject({
      model: 'text-embedding-3-small',
      authorization: 'Bearer sk-test',
      encoding: 'float',
      inputs: ['hello'],
    });
  });

  it('batches inputs and keeps their order', async () => {
    const provider = new OpenAIEmbeddingProvider({ baseURL, batchSize: 4 });
    const texts = Array.from({ length: 10 }, (_, i) => `text ${i}`);
    const vectors = await provider.embed(texts);
    expect(recorded.map((request) => request.inputs.length).sort()).toEqual([2, 4, 4]);
    expect(recorded.flatMap((request) => request.inputs).sort()).toEqual([...texts].sort());
    const expected = fakeVector('text 7', DIMENSIONS);
    const expectedNorm = norm(expected);
    expect(vectors[7][5]).toBeCloseTo(expected[5] / expectedNorm, 10);
    expect(vectors[3]).not.toEqual(vectors[7]);
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    failures = [{ status: 429, headers: { 'retry-after-ms': '200' } }];
    const provider = new OpenAIEmbeddingProvider({ baseURL });
    const started = Date.now();
    const vectors = await provider.embed(['a', 'b']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(vectors).toHaveLength(2);
    expect(recorded).toHaveLength(2);
    expect(recorded[1].inputs).toEqual(['a', 'b']);
  });

  it('retries 5xx with backoff and gives up after maxRetries', async () => {
    failures = [{ status: 503, headers: {} }];
    await expect(new OpenAIEmbeddingProvider({ baseURL, maxRetries: 1 }).embed(['x'])).resolves.toHaveLength(
      1,
    );
    failures = [
      { status: 500, headers: { 'retry-after-ms': '10' } },
      { status: 500, headers: { 'retry-after-ms': '10' } },
    ];
    recorded.length = 0;
    await expect(new OpenAIEmbeddingProvider({ baseURL, maxRetries: 1 }).embed(['x'])).rejects.toThrow();
    expect(recorded).toHaveLength(2);
  });

  it('spaces requests to the client-side rate limit', async () => {
    // At most one request in any 400 ms: three requests take at least 800 ms.
    const provider = new OpenAIEmbeddingProvider({
      baseURL,
      batchSize: 1,
      rateLimit: { requests: 1, perMs: 400 },
    });
    const started = Date.now();
    await provider.embed(['a', 'b', 'c']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
    expect(recorded).toHaveLength(3);
  });

  it('asks for shortened vectors and refuses a wrong size', async () => {
    const provider = new OpenAIEmbeddingProvider({ baseURL, dimensions: 256 });
    expect((await provider.embed(['short']))[0]).toHaveLength(256);
    expect(recorded[0].dimensions).toBe(256);
    const mismatched = new OpenAIEmbeddingProvider({ baseURL, model: 'custom-model', dimensions: 1536 });
    failures = [];
    // The custom model asks for 1536 (not its native size, unknown), the server answers 1536: fine.
    await expect(mismatched.embed(['ok'])).resolves.toHaveLength(1);
    expect(() => new OpenAIEmbeddingProvider({ baseURL, model: 'custom-model' })).toThrow(
      /EMBEDDINGS_DIMENSIONS/,
    );
  });
});
