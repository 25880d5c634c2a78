import { ApolloServer } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import { createLogger } from '@hiregraph/platform/logger';
import { createRedis } from '@hiregraph/platform/redis';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import {
  CacheTagGenerations,
  cacheTagsOf,
  RedisResponseStore,
  responseCachePlugin,
} from './response-cache.js';

const SCHEMA = buildSchema(`
  type Query { jobs: JobConnection  me: User  search: [Result!]! }
  type JobConnection { nodes: [Job!]! }
  type Job { id: ID!  title: String }
  type User { id: ID! }
  union Result = Job | User
`);

describe('cacheTagsOf', () => {
  it('tags a document by the entity types it selects, through fragments and connections', () => {
    const document = parse('query { jobs { ...Page } } fragment Page on JobConnection { nodes { id } }');
    expect(cacheTagsOf(document, SCHEMA)).toEqual(['Job']);
  });

  it('tags an abstract type by its members, and a document without tagged types by nothing', () => {
    expect(cacheTagsOf(parse('{ search { __typename } }'), SCHEMA)).toEqual(['Job']);
    expect(cacheTagsOf(parse('{ me { id } }'), SCHEMA)).toEqual([]);
  });
});

describe('the response cache in Redis', () => {
  let ns: TestNamespace;
  let redis: ReturnType<typeof createRedis>;

  beforeAll(() => {
    ns = createTestNamespace('respcache');
    redis = createRedis(ns.config.REDIS_URL, ns.config.REDIS_KEY_PREFIX);
  });

  afterAll(async () => {
    redis.disconnect();
    await ns.cleanup();
  });

  it('moves a tag to a new generation on every bump, leaving other tags alone', async () => {
    const generations = new CacheTagGenerations(redis);
    expect(await generations.current(['Job', 'Resume'])).toEqual(['0', '0']);
    await generations.bump('Job');
    await generations.bump('Job');
    expect(await generations.current(['Job', 'Resume'])).toEqual(['2', '0']);
    expect(await generations.current([])).toEqual([]);
  });

  it('keeps an answer for its max-age only, and not one larger than the limit or without a max-age', async () => {
    const store = new RedisResponseStore(redis, 10, createLogger('test', 'silent'));
    await store.set('small', '{"a":1}', { ttl: 30 });
    await store.set('large', '{"a":"0123456789"}', { ttl: 30 });
    await store.set('uncacheable', '{"a":1}', { ttl: 0 });
    expect(await store.get('small')).toBe('{"a":1}');
    expect(await redis.ttl('gateway:responses:small')).toBeGreaterThan(25);
    expect(await store.get('large')).toBeUndefined();
    expect(await store.get('uncacheable')).toBeUndefined();
    expect(store.tooLarge).toBe(1);
  });

  describe('the plugin', () => {
    const logger = createLogger('test', 'silent');
    const typeDefs = `
      directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT
      enum CacheControlScope { PUBLIC PRIVATE }
      type Query { jobs: [Job!]! @cacheControl(maxAge: 30, scope: PUBLIC) }
      type Job @cacheControl(inheritMaxAge: true) { id: ID! }
    `;
    let calls = 0;
    const server = async (generations: CacheTagGenerations) => {
      const apollo = new ApolloServer({
        typeDefs,
        resolvers: { Query: { jobs: () => [{ id: String(++calls) }] } },
        plugins: [
          responseCachePlugin({ store: new RedisResponseStore(redis, 10_000, logger), generations, logger }),
        ],
      });
      await apollo.start();
      return apollo;
    };
    const run = async (apollo: ApolloServer, query: string) => {
      const response = await apollo.executeOperation({ query });
      if (response.body.kind !== 'single') throw new Error('single result expected');
      return response.body.singleResult;
    };

    it('serves a cached answer until an owning event bumps its tag', async () => {
      const generations = new CacheTagGenerations(redis);
      const apollo = await server(generations);
      const query = '{ jobs { id } }';
      calls = 0;
      const first = await run(apollo, query);
      // Stored in the background once sent.
      const cached = await eventually(async () => {
        const answer = await run(apollo, query);
        return calls === 1 ? answer : undefined;
      });
      expect(cached.data).toEqual(first.data);
      await generations.bump('Job');
      expect((await run(apollo, query)).data).toEqual({ jobs: [{ id: '2' }] });
      await apollo.stop();
    });

    it('runs every query when the generations cannot be read (Redis down)', async () => {
      const unreadable = new CacheTagGenerations(redis);
      unreadable.current = () => Promise.reject(new Error('Redis down'));
      const apollo = await server(unreadable);
      calls = 0;
      for (let i = 0; i < 3; i += 1)
        expect((await run(apollo, '{ alias: jobs { id } }')).errors).toBeUndefined();
      expect(calls).toBe(3);
      await apollo.stop();
    });
  });
});
