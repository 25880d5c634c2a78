import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the server. */
export interface ChatReply {
  /** HTTP status; anything but 200 answers an OpenAI-style error body. */
  status?: number;
  headers?: Record<string, string>;
  /** The assistant message's content (for structured requests: the JSON text, valid or not). */
  content?: string;
  refusal?: string;
  finishReason?: string;
  /** Waits before answering (a timeout test sets it above the client's timeout). */
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** What a client sent to `/v1/chat/completions`. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  response_format?: {
    type: string;
    json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean };
  };
  max_completion_tokens?: number;
  temperature?: number;
}

export interface ChatCompletionsServer {
  /** `http://127.0.0.1:<port>/v1`, for OPENAI_BASE_URL / LLM_BASE_URL. */
  baseURL: string;
  requests: ChatRequestBody[];
  /** Scripted replies, used first in, first out; when empty, `respond` answers. */
  replies: ChatReply[];
  respond: (request: ChatRequestBody) => ChatReply;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

/**
 * A real OpenAI-compatible HTTP server on loopback (node:http), answering chat completions, plain
 * or streamed (SSE), from a script: valid or malformed JSON, refusals, slow answers, 429s. Tests
 * point the real `openai` client at it, so the SDK's retries, timeouts and parsing are exercised.
 */
export async function startChatCompletionsServer(
  respond: (request: ChatRequestBody) => ChatReply = () => ({ content: '{}' }),
): Promise<ChatCompletionsServer> {
  const state: ChatCompletionsServer = {
    baseURL: '',
    requests: [],
    replies: [],
    respond,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer(async (request, response) => {
    const text = await readBody(request);
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(text) as ChatRequestBody;
    state.requests.push(body);
    const reply = state.replies.shift() ?? state.respond(body);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (response.destroyed) return;
    const status = reply.status ?? 200;
    if (status !== 200) {
      response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
      return;
    }
    const usage = reply.usage ?? { prompt_tokens: 11, completion_tokens: 7 };
    const totalUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const id = `chatcmpl-${state.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream) {
      response.writeHead(200, { 'content-type': 'text/event-stream', ...reply.headers });
      const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
      const pieces = reply.refusal ? [] : ((reply.content ?? '').match(/\s*\S+\s*/g) ?? []);
      const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      if (reply.refusal) send(chunk({ role: 'assistant', refusal: reply.refusal }, null));
      for (const piece of pieces) send(chunk({ content: piece }, null));
      send(chunk({}, reply.finishReason ?? 'stop'));
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [],
        usage: totalUsage,
      });
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
    response.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: reply.refusal ? null : (reply.content ?? ''),
              refusal: reply.refusal ?? null,
            },
            finish_reason: reply.finishReason ?? 'stop',
          },
        ],
        usage: totalUsage,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
