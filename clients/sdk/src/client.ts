import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client as WebSocketClient } from 'graphql-ws';
import {
  ConfirmUploadDocument,
  CreateUploadDocument,
  type ConfirmUploadMutation,
} from './generated/graphql.js';

/** A bearer token, or where to read the current one (e.g. after a refresh). */
export type TokenSource =
  string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

export interface HiregraphClientOptions {
  /** The gateway's GraphQL endpoint, e.g. https://api.example.com/graphql. */
  url: string;
  /** Its graphql-ws endpoint; by default `url` with http(s) turned into ws(s). */
  wsUrl?: string;
  /** Sent as `Authorization: Bearer …` on requests and in the WebSocket's connection parameters. */
  token?: TokenSource;
  /** Extra headers on every HTTP request. */
  headers?: Record<string, string>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to the global WebSocket (Node 22+, browsers); pass the `ws` package elsewhere. */
  webSocketImpl?: unknown;
  /**
   * How `upload` posts to storage. In a browser, 'no-cors' lets storage without a CORS rule for the
   * page's origin take the file: its answer is then unreadable, so confirmUpload alone (which checks
   * the stored bytes) decides. Defaults to 'cors' (the status is read; Node ignores modes).
   */
  storageRequestMode?: 'cors' | 'no-cors';
}

/** Operations without required variables may leave them out. */
type VariablesArgument<Variables> =
  Record<string, never> extends Variables ? [variables?: Variables] : [variables: Variables];

/** The API answered with errors; `code` is the first error's `extensions.code` (e.g. UNAUTHENTICATED). */
export class HiregraphError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly errors: readonly GraphQLFormattedError[],
    /** What the operation returned beside the errors, if anything. */
    readonly data?: unknown,
    /** The HTTP status, for requests. */
    readonly status?: number,
  ) {
    super(errors.map((error) => error.message).join('; ') || 'GraphQL request failed');
    this.name = 'HiregraphError';
    const code = errors[0]?.extensions?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

export interface HiregraphClient {
  /** Runs a query or mutation over HTTP; resolves with its data, rejects with HiregraphError. */
  request<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    ...variables: VariablesArgument<Variables>
  ): Promise<Result>;
  /**
   * Subscribes over graphql-ws: each event's data, in order, until the server completes the
   * subscription or the loop stops (`break` unsubscribes). An error event rejects with HiregraphError.
   */
  subscribe<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    ...variables: VariablesArgument<Variables>
  ): AsyncIterableIterator<Result>;
  /**
   * Uploads a file into private storage: createUpload, the presigned POST straight to storage, then
   * confirmUpload, whose answer says whether the file was accepted (CONFIRMED, with the type read
   * from its content) or REJECTED (`rejectionReason`). Use the id with e.g. importResumeFile.
   */
  upload(
    file: Blob,
    options: { filename: string; contentType?: string },
  ): Promise<ConfirmUploadMutation['confirmUpload']>;
  /** Uses this token from now on (new WebSocket connections included). */
  setToken(token: TokenSource): void;
  /** Closes the WebSocket, ending every subscription. */
  close(): Promise<void>;
}

async function currentToken(source: TokenSource): Promise<string | null | undefined> {
  return typeof source === 'function' ? source() : source;
}

export function createHiregraphClient(options: HiregraphClientOptions): HiregraphClient {
  let token = options.token;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let webSocket: WebSocketClient | undefined;

  const socket = (): WebSocketClient =>
    (webSocket ??= createClient({
      url: options.wsUrl ?? options.url.replace(/^http/, 'ws'),
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
      connectionParams: async () => {
        const value = await currentToken(token);
        return value ? { authorization: `Bearer ${value}` } : {};
      },
    }));

  const client: HiregraphClient = {
    async request(document, ...[variables]) {
      const value = await currentToken(token);
      const response = await fetchImpl(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...options.headers,
          ...(value ? { authorization: `Bearer ${value}` } : {}),
        },
        body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
      });
      const text = await response.text();
      let result: ExecutionResult;
      try {
        result = JSON.parse(text) as ExecutionResult;
      } catch {
        throw new HiregraphError(
          [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }],
          undefined,
          response.status,
        );
      }
      if (result.errors?.length) throw new HiregraphError(result.errors, result.data, response.status);
      if (!response.ok || !result.data) {
        throw new HiregraphError(
          [{ message: `HTTP ${response.status} without data` }],
          undefined,
          response.status,
        );
      }
      return result.data as never;
    },

    async *subscribe(document, ...[variables]) {
      const events = socket().iterate({
        query: print(document),
        variables: (variables ?? {}) as Record<string, unknown>,
      });
      try {
        for await (const result of events) {
          if (result.errors?.length) throw new HiregraphError(result.errors, result.data);
          yield result.data as never;
        }
      } finally {
        await events.return?.();
      }
    },

    async upload(file, { filename, contentType }) {
      const { createUpload } = await client.request(CreateUploadDocument, {
        input: {
          filename,
          contentType: contentType ?? (file.type || 'application/octet-stream'),
          size: file.size,
        },
      });
      const form = new FormData();
      for (const field of createUpload.fields) form.append(field.name, field.value);
      form.append('file', file, filename);
      const headers = Object.fromEntries(createUpload.headers.map(({ name, value }) => [name, value]));
      const opaque = options.storageRequestMode === 'no-cors';
      const stored = await fetchImpl(createUpload.url, {
        method: createUpload.method,
        headers,
        body: form,
        ...(opaque ? { mode: 'no-cors' as const } : {}),
      });
      if (!opaque && !stored.ok) {
        const detail = (await stored.text()).slice(0, 200);
        throw new HiregraphError(
          [{ message: `Storage refused the upload (HTTP ${stored.status}): ${detail}` }],
          undefined,
          stored.status,
        );
      }
      return (await client.request(ConfirmUploadDocument, { id: createUpload.id })).confirmUpload;
    },

    setToken(next) {
      token = next;
    },

    async close() {
      await webSocket?.dispose();
      webSocket = undefined;
    },
  };
  return client;
}
