import { RevocationStore } from '@hiregraph/platform/auth/revocation';

interface Remembered {
  /** The lookup's answer (or the lookup itself while it runs, shared by concurrent requests). */
  revoked: Promise<boolean>;
  /** Date.now() after which Redis is asked again. */
  until: number;
}

export interface RecentRevocationsOptions {
  /** How long an answer is reused: a revoked token keeps passing the gateway at most this long. */
  ttlMs: number;
  /** Tokens remembered at once; the oldest is forgotten first. */
  maxEntries: number;
  /** For tests. */
  now?: () => number;
}

/**
 * The revocation store as the gateway reads it: a token's answer from Redis is reused for `ttlMs`,
 * so a client's burst of requests costs one MGET rather than one each (no event announces a
 * revocation, so a short TTL is the bound). A revoked answer is kept as long, since a revoked
 * session never comes back. A failed lookup is not remembered.
 */
export class RecentRevocations extends RevocationStore {
  private readonly answers = new Map<string, Remembered>();
  private readonly now: () => number;
  /** Lookups that reached Redis, for tests. */
  lookups = 0;

  constructor(
    redis: ConstructorParameters<typeof RevocationStore>[0],
    accessTokenTtlSeconds: number,
    private readonly options: RecentRevocationsOptions,
  ) {
    super(redis, accessTokenTtlSeconds);
    this.now = options.now ?? Date.now;
  }

  override isRevoked(claims: { sub: string; sid: string; iat: number }): Promise<boolean> {
    if (this.options.ttlMs === 0) return this.lookup(claims);
    // The cutoff compares with iat, so two tokens of one session may differ.
    const key = `${claims.sid}:${claims.sub}:${claims.iat}`;
    const now = this.now();
    const remembered = this.answers.get(key);
    if (remembered && remembered.until > now) return remembered.revoked;
    if (remembered) this.answers.delete(key);
    const revoked = this.lookup(claims);
    if (this.answers.size >= this.options.maxEntries) {
      // Oldest first (a Map keeps insertion order).
      this.answers.delete(this.answers.keys().next().value as string);
    }
    const entry = { revoked, until: now + this.options.ttlMs };
    this.answers.set(key, entry);
    revoked.catch(() => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    });
    return revoked;
  }

  private lookup(claims: { sub: string; sid: string; iat: number }): Promise<boolean> {
    this.lookups += 1;
    return super.isRevoked(claims);
  }
}
