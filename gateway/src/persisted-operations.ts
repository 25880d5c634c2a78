import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Request, RequestHandler } from 'express';
import type { ApolloServerPlugin, PersistedQueryOptions } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Logger } from '@hiregraph/platform/logger';
import type { Redis } from '@hiregraph/platform/redis';

/**
 * Persisted operations at the gateway (docs/operations.md, "Persisted operations"):
 * - `apq`: Apollo's automatic persisted queries, registered in Redis for a bounded time;
 * - `trusted`: only the operations of a published manifest run (trusted documents);
 * - `off`: full queries only.
 * Both persisted modes serve hash-only GETs, which a CDN can cache.
 */
export const PERSISTED_OPERATIONS_MODES = ['off', 'apq', 'trusted'] as const;
export type PersistedOperationsMode = (typeof PERSISTED_OPERATIONS_MODES)[number];

/** An operation that is not in the published manifest (trusted mode). */
export const PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST';
/** A registration whose `sha256Hash` is not the hash of its `query` (Apollo Router's code). */
export const PERSISTED_QUERY_HASH_MISMATCH = 'PERSISTED_QUERY_HASH_MISMATCH';

/** The id APQ and the manifest give an operation: the hex SHA-256 of its exact text. */
export function operationHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;

/** Where registrations live, under REDIS_KEY_PREFIX (Apollo adds its own `apq:` to the hash). */
const REDIS_KEY_PREFIX = 'gateway:';

/**
 * Apollo's APQ store over the gateway's Redis client. Every entry expires after at most
 * `ttlSeconds`, so anyone registering documents cannot grow Redis without bound. A Redis failure
 * reads as "not registered": the client then sends the full query, which still runs.
 */
export class RedisPersistedQueryCache implements KeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(REDIS_KEY_PREFIX + key)) ?? undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'persisted queries: Redis read failed');
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = Math.min(options?.ttl || this.ttlSeconds, this.ttlSeconds);
    await this.redis.set(REDIS_KEY_PREFIX + key, value, 'EX', ttl);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(REDIS_KEY_PREFIX + key)) > 0;
  }
}

/** The Apollo persisted query manifest (what `npm run persisted:manifest` writes). */
export const persistedQueryManifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256'),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});
export type PersistedQueryManifest = z.infer<typeof persistedQueryManifestSchema>;

/** The operations of a published manifest, by id. */
export class TrustedDocuments {
  private readonly bodies: ReadonlyMap<string, string>;

  constructor(manifest: PersistedQueryManifest) {
    const bodies = new Map<string, string>();
    for (const { id, name, body } of manifest.operations) {
      // A client asks by id and the gateway runs the body: the two must agree.
      if (operationHash(body) !== id) throw new Error(`manifest: the id of "${name}" is not its body's hash`);
      bodies.set(id, body);
    }
    this.bodies = bodies;
  }

  static async load(path: string): Promise<TrustedDocuments> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`Persisted operations manifest unreadable at ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const parsed = persistedQueryManifestSchema.safeParse(json);
    if (!parsed.success) throw new Error(`Persisted operations manifest invalid at ${path}: ${parsed.error}`);
    return new TrustedDocuments(parsed.data);
  }

  get size(): number {
    return this.bodies.size;
  }

  has(id: string): boolean {
    return this.bodies.has(id);
  }

  /** Whether a document sent in full is one of the manifest's, text for text. */
  lists(query: string): boolean {
    return this.bodies.has(operationHash(query));
  }

  body(id: string): string | undefined {
    return this.bodies.get(id);
  }

  /** The manifest as Apollo's (read-only) APQ store: a listed id resolves to its body, nothing registers. */
  asPersistedQueryCache(): KeyValueCache {
    return {
      // Apollo prefixes the hash (`apq:<hash>`); the id is what follows the last colon.
      get: async (key) => this.bodies.get(key.slice(key.lastIndexOf(':') + 1)),
      set: async () => {},
      delete: async () => false,
    };
  }
}

/** What an HTTP request asks to run, read as Apollo Server reads it (GET: search params; POST: JSON body). */
interface OperationSource {
  /** The document text, when sent (not a string: Apollo refuses the request itself). */
  query?: unknown;
  /** `extensions.persistedQuery.sha256Hash`, when sent. */
  hash?: string;
  variables?: unknown;
}

function operationSource(req: Request): OperationSource | undefined {
  if (req.method === 'GET') {
    const params = new URL(req.url, 'http://gateway').searchParams;
    const single = (name: string) => {
      const values = params.getAll(name);
      // Repeated: Apollo refuses the request, so it is not read here.
      return values.length === 1 ? values[0] : undefined;
    };
    return {
      query: params.getAll('query').length > 0 ? (single('query') ?? []) : undefined,
      hash: hashOf(parseJson(single('extensions'))),
      variables: parseJson(single('variables')),
    };
  }
  if (req.method !== 'POST') return undefined;
  const body: unknown = req.body;
  // Batches are refused by Apollo (allowBatchedHttpRequests is off).
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, extensions, variables } = body as Record<string, unknown>;
  return { query, hash: hashOf(extensions), variables };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // Apollo answers the malformed parameter with a 400
  }
}

function hashOf(extensions: unknown): string | undefined {
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery
    ?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** The variables of a GET or POST request (for the depth check, which Apollo does not make). */
export function requestVariables(req: Request): unknown {
  return operationSource(req)?.variables;
}

/**
 * Trusted mode, before anything is parsed: a request runs only if its document (or, hash only, its
 * id) is in the manifest; anything else gets PERSISTED_QUERY_NOT_IN_LIST with HTTP 400. A listed
 * document sent in full runs too: it is the same text. Requests with neither a document string nor
 * a hash are left to Apollo, which refuses them.
 */
export function trustedDocumentsGuard(documents: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const source = operationSource(req);
    if (!source) return next();
    const listed =
      typeof source.query === 'string'
        ? documents.lists(source.query)
        : source.hash === undefined || documents.has(source.hash);
    if (listed) return next();
    const { message, extensions } = notInListError().toJSON();
    res.status(400).json({ errors: [{ message, extensions }] });
  };
}

/** The refusal of an operation that is not in the manifest (HTTP, WebSocket and SSE alike). */
export function notInListError(): GraphQLError {
  return new GraphQLError('Only operations of the published persisted operations manifest run here', {
    extensions: { code: PERSISTED_QUERY_NOT_IN_LIST },
  });
}

/**
 * GETs a CDN can fetch and cache:
 * - Apollo's CSRF prevention turns away "simple" requests (no preflight): a browser could send them
 *   from any site with the user's ambient credentials. A GET that names a persisted operation by
 *   hash alone carries no new document, GET never runs a mutation, and this API's credentials are a
 *   bearer header, never ambient: the gateway vouches for such a GET, so a plain fetch of it works.
 *   Every other request still needs `content-type: application/json` or `apollo-require-preflight`.
 * - The same URL answers differently with a token (`job` shows a closed posting to its poster):
 *   `Vary: Authorization` keeps a cache from serving the anonymous answer to a signed-in caller.
 */
export function cacheableGets(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET') {
      res.vary('Authorization');
      const source = operationSource(req);
      if (source && source.query === undefined && source.hash !== undefined) {
        req.headers['apollo-require-preflight'] = 'true';
      }
    }
    next();
  };
}

/**
 * A signed-in request's response is the caller's own: its cache scope is PRIVATE whatever the
 * subgraphs' hints say, so a CDN or proxy never serves it to someone else (Cache-Control comes from
 * the subgraphs' hints, `max-age=N, public` only for anonymous requests, else `no-store`).
 */
export function privateWhenSignedInPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request, overallCachePolicy }) {
      if (request.http?.headers.get('authorization')) overallCachePolicy.restrict({ scope: 'PRIVATE' });
    },
  };
}

/** Apollo's `persistedQueries` option for a mode (false: APQ refused with PERSISTED_QUERY_NOT_SUPPORTED). */
export function persistedQueriesOption(
  mode: PersistedOperationsMode,
  stores: { redis: Redis; ttlSeconds: number; logger: Logger; documents?: TrustedDocuments },
): PersistedQueryOptions | false {
  switch (mode) {
    case 'off':
      return false;
    case 'apq':
      return {
        cache: new RedisPersistedQueryCache(stores.redis, stores.ttlSeconds, stores.logger),
        ttl: stores.ttlSeconds,
      };
    case 'trusted':
      if (!stores.documents) throw new Error('trusted persisted operations need a manifest');
      return { cache: stores.documents.asPersistedQueryCache(), ttl: null };
  }
}
