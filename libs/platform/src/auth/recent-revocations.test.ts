import { randomUUID } from 'node:crypto';
import { createRedis } from '../redis.js';
import { createTestNamespace, type TestNamespace } from '../testing/namespace.js';
import { eventually } from '../testing/namespace.js';
import { RecentRevocations } from './recent-revocations.js';
import { RevocationStore } from './revocation.js';

/**
 * The gateway's and subgraphs' revocation answers are reused for at most ttlMs (the documented bound
 * when an announcement is missed), and forgotten as soon as a revocation is announced.
 */
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

  /** Another process revoking: it stores and announces, but the store under test does not listen. */
  const elsewhere = () => new RevocationStore(redis, 900);

  afterAll(async () => {
    redis.disconnect();
    await ns.cleanup();
  });

  it('refuses a revoked session once the TTL has passed, and not a moment later', async () => {
    const store = revocations();
    const claims = token();
    expect(await store.isRevoked(claims)).toBe(false);
    await elsewhere().revokeSession(claims.sid);
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
    await elsewhere().revokeUserTokens(claims.sub, (claims.iat + 1) * 1000);
    clock += TTL_MS - 1;
    expect(await store.isRevoked(claims)).toBe(false);
    clock += 1;
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

  it("forgets a session's answer at once when another process announces its revocation", async () => {
    const store = new RecentRevocations(redis, 900, { ttlMs: TTL_MS, maxEntries: 10, now: () => clock });
    const stopListening = store.listen();
    try {
      const [claims, bystander] = [token(), token()];
      // Subscribed once an announcement reaches it (the first ones may go out before it listens).
      await eventually(async () => {
        const probe = token();
        expect(await store.isRevoked(probe)).toBe(false);
        await elsewhere().revokeSession(probe.sid);
        await new Promise((resolve) => setTimeout(resolve, 100)); // the announcement's way here
        return (await store.isRevoked(probe)) || undefined;
      });
      expect(await store.isRevoked(claims)).toBe(false);
      expect(await store.isRevoked(bystander)).toBe(false);
      const lookups = store.lookups;
      await elsewhere().revokeSession(claims.sid);
      // The clock stands still: no TTL passes, only the announcement makes it ask again.
      await eventually(async () => (await store.isRevoked(claims)) || undefined);
      expect(await store.isRevoked(bystander)).toBe(false); // still the remembered answer
      expect(store.lookups).toBeGreaterThan(lookups);
      expect(store.lookups).toBeLessThanOrEqual(lookups + 3);
    } finally {
      stopListening();
    }
  });

  it("forgets a user's answers at once when their tokens are revoked (logout everywhere)", async () => {
    const store = new RecentRevocations(redis, 900, { ttlMs: TTL_MS, maxEntries: 10, now: () => clock });
    const stopListening = store.listen();
    try {
      const claims = token();
      const sameUser = { ...token(), sub: claims.sub };
      await eventually(async () => {
        const probe = token();
        expect(await store.isRevoked(probe)).toBe(false);
        await elsewhere().revokeUserTokens(probe.sub, (probe.iat + 1) * 1000);
        await new Promise((resolve) => setTimeout(resolve, 100)); // the announcement's way here
        return (await store.isRevoked(probe)) || undefined;
      });
      expect(await store.isRevoked(claims)).toBe(false);
      expect(await store.isRevoked(sameUser)).toBe(false);
      await elsewhere().revokeUserTokens(claims.sub, (claims.iat + 1) * 1000);
      await eventually(async () => (await store.isRevoked(claims)) || undefined);
      expect(await store.isRevoked(sameUser)).toBe(true);
    } finally {
      stopListening();
    }
  });

  it("applies this process's own revocations before they are announced", async () => {
    const store = revocations();
    const claims = token();
    expect(await store.isRevoked(claims)).toBe(false);
    await store.revokeSession(claims.sid);
    expect(await store.isRevoked(claims)).toBe(true);
    const other = token();
    expect(await store.isRevoked(other)).toBe(false);
    await store.revokeSessions([other.sid]);
    expect(await store.isRevoked(other)).toBe(true);
  });
});
