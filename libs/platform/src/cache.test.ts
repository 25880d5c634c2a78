import { RefillSafeCache } from './cache.js';
import { createRedis, type Redis } from './redis.js';
import { createTestNamespace, type TestNamespace } from './testing/namespace.js';

let namespace: TestNamespace;
let redis: Redis;

beforeAll(() => {
  namespace = createTestNamespace('cache');
  redis = createRedis(namespace.config.REDIS_URL, namespace.config.REDIS_KEY_PREFIX);
});
afterAll(async () => {
  redis.disconnect();
  await namespace.cleanup();
});

describe('RefillSafeCache', () => {
  it('stores a refill when nothing changed, under the run’s key prefix', async () => {
    const cache = new RefillSafeCache(redis, 60);
    const miss = await cache.lookup('plain');
    expect(miss.value).toBeNull();
    expect(await cache.fill('plain', miss.ticket, 'v1')).toBe(true);
    expect((await cache.lookup('plain')).value).toBe('v1');
    // The script's keys carry the prefix like every other command.
    expect(await redis.ttl('plain')).toBeGreaterThan(50);
  });

  it('refuses the refill of a reader that missed before an invalidation', async () => {
    const cache = new RefillSafeCache(redis, 60, 1);
    const reader = await cache.lookup('raced'); // the reader misses, then reads the old row...
    await cache.invalidate('raced'); // ...a writer commits and invalidates...
    await new Promise((resolve) => setTimeout(resolve, 5)); // (past the short pause: the generation decides)
    expect(await cache.fill('raced', reader.ticket, 'old')).toBe(false); // ...the old value is not written back
    expect((await cache.lookup('raced')).value).toBeNull();
    const next = await cache.lookup('raced');
    expect(await cache.fill('raced', next.ticket, 'new')).toBe(true);
    expect((await cache.lookup('raced')).value).toBe('new');
  });

  it('refuses refills for a moment after an invalidation made before the writer committed', async () => {
    const cache = new RefillSafeCache(redis, 60, 2_000);
    await cache.invalidate('early');
    const reader = await cache.lookup('early'); // ticket taken after the bump, but the row is not committed yet
    expect(await cache.fill('early', reader.ticket, 'old')).toBe(false);
  });
});
