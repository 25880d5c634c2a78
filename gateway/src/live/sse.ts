import { STATUS_CODES } from 'node:http';
import type { GraphQLError } from 'graphql';
import type { Request, RequestHandler, Response } from 'express';
import { createHandler, type RequestParams, type Response as SseResponse } from 'graphql-sse';
import type { Logger } from '@hiregraph/platform/logger';
import { LiveCloseCode, type LiveBridge, type RunQuery } from './bridge.js';
import { tokenFromParams, type LiveConnection, type LiveConnections } from './connections.js';
import {
  authenticateConnection,
  operationRunners,
  prepareOperation,
  type OperationContext,
  type PreparedOperation,
} from './transport.js';

/** graphql-sse wants its context to be a plain record. */
type SseOperationContext = OperationContext & Record<PropertyKey, unknown>;

const CLOSE_CODES: Record<number, string> = {
  [LiveCloseCode.Unauthorized]: 'UNAUTHENTICATED',
  [LiveCloseCode.Forbidden]: 'FORBIDDEN',
  [LiveCloseCode.SlowConsumer]: 'SLOW_CONSUMER',
};

const REFUSAL_STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/**
 * A refused subscription (limits, bad input, authorization) is answered like graphql-sse answers
 * an invalid document: a JSON body with the coded errors, not a stream.
 */
function refusal(errors: readonly GraphQLError[]): SseResponse {
  const code = String(errors[0]?.extensions.code ?? '');
  const status = REFUSAL_STATUS[code] ?? 400;
  return [
    JSON.stringify({ errors: errors.map((error) => error.toJSON()) }),
    {
      status,
      statusText: STATUS_CODES[status] ?? 'Bad Request',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  ];
}

/**
 * SSE only when the client prefers the event stream to JSON: urql and other HTTP clients list
 * text/event-stream among the types they accept for every operation, and their queries and
 * mutations belong to Apollo (JSON), not to this handler.
 */
const wantsEventStream = (req: Request) =>
  req.accepts(['application/graphql-response+json', 'application/json', 'text/event-stream']) ===
  'text/event-stream';

/** The SSE `data:` of a `next` event, parsed for its cursor (ids let EventSource resume by itself). */
function cursorOf(chunk: string): string | undefined {
  if (!chunk.startsWith('event: next')) return undefined;
  const data = /\ndata: (.*)\n/.exec(chunk)?.[1];
  if (!data) return undefined;
  try {
    const cursor = (JSON.parse(data) as { extensions?: { cursor?: unknown } }).extensions?.cursor;
    return typeof cursor === 'string' ? cursor : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) on the GraphQL path for
 * requests that accept `text/event-stream`. The token comes in the Authorization header; every
 * event's SSE `id` is its cursor, and a `Last-Event-ID` header (EventSource reconnecting) resumes
 * after it. A connection ended by the server (expired token, revoked session, slow client) gets a
 * last `next` event with the coded error, then the stream ends.
 */
export function sseHandler(options: {
  bridge: LiveBridge;
  connections: LiveConnections;
  runQuery: RunQuery;
  logger: Logger;
}): RequestHandler {
  const { bridge, connections, runQuery, logger } = options;
  const handler = createHandler<Request, { res: Response; connection: LiveConnection }, SseOperationContext>({
    onSubscribe: async (req, params: RequestParams) => {
      const lastEventId = req.headers.get('last-event-id') ?? undefined;
      const prepared = await prepareOperation(
        bridge,
        req.context.connection,
        params,
        lastEventId || undefined,
      );
      if (Array.isArray(prepared)) return refusal(prepared as readonly GraphQLError[]);
      return prepared as PreparedOperation & { contextValue: SseOperationContext };
    },
    ...operationRunners(bridge, runQuery),
  });

  return (req, res, next) => {
    if (!wantsEventStream(req)) return next();
    void serve(req, res).catch((error) => {
      logger.error({ err: error }, 'live: SSE request failed');
      if (!res.headersSent) res.status(500).json({ errors: [{ message: 'Internal server error' }] });
      else res.end();
    });
  };

  async function serve(req: Request, res: Response): Promise<void> {
    const token = tokenFromParams({ authorization: req.headers.authorization });
    let connection: LiveConnection;
    try {
      if (!token) throw new Error('an access token is required (Authorization: Bearer …)');
      let ended = false;
      connection = await authenticateConnection(connections, token, {
        clientIp: req.ip,
        userAgent: req.headers['user-agent'],
        bufferedBytes: () => res.writableLength,
        close: (code, reason) => {
          if (ended) return;
          ended = true;
          const error = {
            message: reason,
            extensions: { code: CLOSE_CODES[code] ?? 'CLOSED', closeCode: code },
          };
          res.end(`event: next\ndata: ${JSON.stringify({ errors: [error] })}\n\nevent: complete\ndata:\n\n`);
        },
      });
    } catch (error) {
      res
        .status(401)
        .json({ errors: [{ message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    const [body, init] = await handler({
      method: req.method,
      url: req.originalUrl,
      headers: {
        get: (key: string) => {
          // graphql-sse compares Accept exactly; browsers and clients may add parameters.
          if (key === 'accept') return 'text/event-stream';
          const value = req.headers[key.toLowerCase()];
          return Array.isArray(value) ? value.join('\n') : value;
        },
      },
      body: req.method === 'GET' ? null : ((req.body as Record<string, unknown> | undefined) ?? null),
      raw: req,
      context: { res, connection },
    });
    res.writeHead(init.status ?? 200, init.statusText, init.headers as Record<string, string>);
    if (!body || typeof body === 'string') {
      res.end(body ?? undefined);
      return;
    }
    connections.add(connection);
    res.flushHeaders();
    const iterator = body[Symbol.asyncIterator]();
    req.on('close', () => void iterator.return?.());
    try {
      for (;;) {
        const { done, value } = await iterator.next();
        if (done || res.writableEnded) break;
        const cursor = cursorOf(value);
        res.write(cursor ? `id: ${cursor}\n${value}` : value);
      }
    } finally {
      connections.delete(connection);
      if (!res.writableEnded) res.end();
    }
  }
}
