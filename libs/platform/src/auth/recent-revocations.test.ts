import { randomUUID } from 'node:crypto';
import { createRedis } from '@hiregraph/platform/redis';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { RecentRevocations } from './revocation-cache.js';

/** The gateway's revocation answers are reused for at most ttlMs: the documented bound. */
describe('RecentRevocations', () => {
  let ns: TestNamespace;
  let redis: ReturnType<typeof createRedis>;
  let clock = 0;
  const TTL_MS = 1_000;
  const revocations = () =>
    new RecentRevocations(redis, 900, { ttlMs: TTL_MS, maxEntries: 2, now: () => clock });
  const token = () => ({ sub: randomUUID(), sid: randomUUID(), iat: Math.floor(Date.now() / 1000) });

  beforeAll(() => {
    ns = createTestNamespace('revocations');
    redis = createRedis(ns.config.REDIS_URL, ns.config.REDIS_KEY_PREFIX);
  });

  afterAll(async () => {
    redis.disconnect();
    await ns.cleanup();
  });

  it('refuses a revoked session once the TTL has passed, and not a moment later', async () => {
    const store = revocations();
    const claims = token();
    expect(await store.isRevoked(claims)).toBe(false);
    await store.revokeSession(claims.sid);
    clock += TTL_MS - 1;
    expect(await store.isRevoked(claims)).toBe(false); // within the bound: the reused answer
    clock += 1;
    expect(await store.isRevoked(claims)).toBe(true);
    expect(store.lookups).toBe(2);
  });

  it("applies a user's cutoff (logout everywhere) within the same bound", async () => {
    const store = revocations();
    const claims = token();
    expect(await store.isRevoked(claims)).toBe(false);
    await store.revokeUserTokens(claims.sub, (claims.iat + 1) * 1000);
    clock += TTL_MS;
    expect(await store.isRevoked(claims)).toBe(true);
  });

  it('asks Redis once for concurrent requests of one token', async () => {
    const store = revocations();
    const claims = token();
    expect(await Promise.all(Array.from({ length: 16 }, () => store.isRevoked(claims)))).toEqual(
      Array.from({ length: 16 }, () => false),
    );
    expect(store.lookups).toBe(1);
  });

  it('forgets the oldest token beyond maxEntries', async () => {
    const store = revocations();
    const [first, second, third] = [token(), token(), token()];
    for (const claims of [first, second, third]) await store.isRevoked(claims);
    await store.isRevoked(third);
    expect(store.lookups).toBe(3);
    await store.isRevoked(first); // forgotten: asked again
    expect(store.lookups).toBe(4);
  });

  it('asks every time with a TTL of 0', async () => {
    const store = new RecentRevocations(redis, 900, { ttlMs: 0, maxEntries: 10, now: () => clock });
    const claims = token();
    expect(await store.isRevoked(claims)).toBe(false);
    await store.revokeSession(claims.sid);
    expect(await store.isRevoked(claims)).toBe(true);
    expect(store.lookups).toBe(2);
  });
});
