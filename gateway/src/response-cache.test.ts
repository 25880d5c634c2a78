import { buildSchema, parse } from 'graphql';
import { createLogger } from '@hiregraph/platform/logger';
import { createRedis } from '@hiregraph/platform/redis';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { CacheTagGenerations, cacheTagsOf, RedisResponseStore } from './response-cache.js';

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
});
