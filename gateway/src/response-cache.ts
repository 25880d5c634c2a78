import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import ApolloServerPluginResponseCache, {
  type ApolloServerPluginResponseCacheOptions,
} from '@apollo/server-plugin-response-cache';
import {
  getNamedType,
  isAbstractType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { EventType } from '@hiregraph/platform/events/catalog';
import type { Logger } from '@hiregraph/platform/logger';
import type { Redis } from '@hiregraph/platform/redis';
import type { EventHub } from './live/event-hub.js';
import type { GatewayContext } from './subgraph-data-source.js';

/**
 * The response cache (docs/operations.md, "Response cache"): anonymous queries whose subgraphs all
 * sent public cache hints are answered from Redis for the hints' max-age, without calling a
 * subgraph. An answer is tagged by the entity types it selects; each tag has a generation in Redis
 * that the tag's owning events bump, and the generations are part of the cache key, so an event
 * makes every answer that could show the changed entity unreachable at once (O(1), no key scan).
 */

/** Entity type → the events that change what its public fields show. */
export const CACHE_TAG_EVENTS: Readonly<Record<string, readonly EventType[]>> = {
  Job: ['job.upserted', 'job.closed'],
};

/** Under REDIS_KEY_PREFIX: answers and tag generations. */
const ANSWERS_PREFIX = 'gateway:responses:';
const GENERATION_PREFIX = 'gateway:response-tag:';

/** Generations expire long after any answer keyed on them, so idle tags do not stay forever. */
const GENERATION_TTL_SECONDS = 7 * 24 * 3600;

/** The tags' generations in Redis: read with every cacheable request, bumped by the owning events. */
export class CacheTagGenerations {
  constructor(private readonly redis: Redis) {}

  /** The generation of each tag, in order ("0" for a tag never bumped). */
  async current(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    const values = await this.redis.mget(tags.map((tag) => GENERATION_PREFIX + tag));
    return values.map((value) => value ?? '0');
  }

  async bump(tag: string): Promise<void> {
    await this.redis
      .multi()
      .incr(GENERATION_PREFIX + tag)
      .expire(GENERATION_PREFIX + tag, GENERATION_TTL_SECONDS)
      .exec();
  }
}

type KeyValueCache = NonNullable<ApolloServerPluginResponseCacheOptions<GatewayContext>['cache']>;

/** Answers in Redis, each for its max-age; one larger than `maxEntryBytes` is not kept. */
export class RedisResponseStore implements KeyValueCache {
  /** Answers not kept for their size, for tests and the bench. */
  tooLarge = 0;

  constructor(
    private readonly redis: Redis,
    private readonly maxEntryBytes: number,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(ANSWERS_PREFIX + key)) ?? undefined;
    } catch (error) {
      // A Redis failure is a miss: the query runs as if nothing were cached.
      this.logger.warn({ err: error }, 'response cache: Redis read failed');
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl;
    if (!ttl || ttl <= 0) return;
    if (Buffer.byteLength(value) > this.maxEntryBytes) {
      this.tooLarge += 1;
      return;
    }
    await this.redis.set(ANSWERS_PREFIX + key, value, 'EX', Math.ceil(ttl));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(ANSWERS_PREFIX + key)) > 0;
  }
}

/** The tagged entity types a document can return anywhere in its answer (abstract types by their members). */
export function cacheTagsOf(document: DocumentNode, schema: GraphQLSchema): string[] {
  const tags = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const add = (name: string) => {
    if (name in CACHE_TAG_EVENTS) tags.add(name);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (!type) return;
        const named = getNamedType(type);
        if (isAbstractType(named)) for (const member of schema.getPossibleTypes(named)) add(member.name);
        else add(named.name);
      },
    }),
  );
  return [...tags].sort();
}

const isAnonymous = (context: GraphQLRequestContext<GatewayContext>) =>
  !context.request.http?.headers.get('authorization');

/**
 * Apollo's response cache plugin on the Redis store, for anonymous requests only: a signed-in
 * answer is private (privateWhenSignedInPlugin) and never stored nor served. The plugin itself keeps
 * only error-free query answers whose policy is cacheable (every subgraph's hint public, max-age > 0).
 */
export function responseCachePlugin(options: {
  store: RedisResponseStore;
  generations: CacheTagGenerations;
  logger: Logger;
}): ApolloServerPlugin<GatewayContext> {
  return ApolloServerPluginResponseCache<GatewayContext>({
    cache: options.store,
    shouldReadFromCache: async (context) => isAnonymous(context),
    shouldWriteToCache: async (context) => isAnonymous(context),
    // Read before the operation runs: an answer computed while an event lands is stored under the
    // old generation, which the event has already left behind.
    extraCacheKeyData: async (context) => {
      if (!isAnonymous(context) || !context.document) return null;
      const tags = cacheTagsOf(context.document, context.schema);
      try {
        const generations = await options.generations.current(tags);
        return Object.fromEntries(tags.map((tag, index) => [tag, generations[index]]));
      } catch (error) {
        // Redis down: the query runs, under a key nothing else has (an answer of an unknown generation must not be served).
        options.logger.warn({ err: error }, 'response cache: generations unreadable');
        return { unread: randomUUID() };
      }
    },
  });
}

/**
 * Bumps a tag's generation on each of its owning events. Every gateway reads them through its
 * EventHub's ordered consumers (ephemeral, no acks, resumed from the last delivered sequence after a
 * reconnect): the generations are shared in Redis, so any running gateway's bump invalidates for
 * all, and a durable consumer would only replay bumps whose answers have expired by then. The feeds
 * start in the background: the gateway serves meanwhile (until then the max-age is the bound), and
 * a stream not provisioned yet does not hold its start.
 */
export function invalidateOnOwningEvents(
  hub: EventHub,
  generations: CacheTagGenerations,
  logger: Logger,
): () => void {
  let stopped = false;
  const stops: (() => void)[] = [];
  for (const [tag, types] of Object.entries(CACHE_TAG_EVENTS)) {
    for (const type of types) {
      const listener = () => {
        generations.bump(tag).catch((error: unknown) => {
          logger.warn({ err: error, tag, type }, 'response cache: generation bump failed');
        });
      };
      hub.listen(type, listener).then(
        (stop) => (stopped ? stop() : stops.push(stop)),
        (error: unknown) => logger.warn({ err: error, type }, 'response cache: event feed failed to start'),
      );
    }
  }
  return () => {
    stopped = true;
    stops.forEach((stop) => stop());
  };
}
