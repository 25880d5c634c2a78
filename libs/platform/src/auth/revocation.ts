import type { Redis } from 'ioredis';

/** What a revocation announces to the processes that remember revocation answers. */
export type RevocationAnnouncement = { sessionIds: string[] } | { userId: string };

/** The pub/sub channel of revocation announcements (channels are not prefixed by ioredis). */
export function revocationChannel(redis: Redis): string {
  return `${redis.options.keyPrefix ?? ''}auth:revocations`;
}

/**
 * Revocations that access tokens must respect before they expire, kept in Redis so every service
 * sees a logout at once: revoked session ids, and a per-user "issued before" cutoff for logoutAll,
 * password changes and account deletion. Entries live as long as an access token can. Each
 * revocation is also announced on a pub/sub channel, so processes that reuse answers for a moment
 * (RecentRevocations) forget them at once.
 */
export class RevocationStore {
  constructor(
    protected readonly redis: Redis,
    private readonly accessTokenTtlSeconds: number,
  ) {}

  private sessionKey(sessionId: string) {
    return `auth:revoked-session:${sessionId}`;
  }
  private cutoffKey(userId: string) {
    return `auth:tokens-valid-after:${userId}`;
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.redis.set(this.sessionKey(sessionId), '1', 'EX', this.accessTokenTtlSeconds + 60);
    await this.announce({ sessionIds: [sessionId] });
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of sessionIds)
      pipeline.set(this.sessionKey(id), '1', 'EX', this.accessTokenTtlSeconds + 60);
    await pipeline.exec();
    await this.announce({ sessionIds });
  }

  /** Refuses every access token of `userId` issued at or before now. */
  async revokeUserTokens(userId: string, now = Date.now()): Promise<void> {
    await this.redis.set(
      this.cutoffKey(userId),
      String(Math.floor(now / 1000)),
      'EX',
      this.accessTokenTtlSeconds + 60,
    );
    await this.announce({ userId });
  }

  /** One round trip: is the token's session revoked, or was it issued before the user's cutoff? */
  async isRevoked(claims: { sub: string; sid: string; iat: number }): Promise<boolean> {
    const [session, cutoff] = await this.redis.mget(this.sessionKey(claims.sid), this.cutoffKey(claims.sub));
    return session !== null || (cutoff !== null && claims.iat <= Number(cutoff));
  }

  /**
   * Tells every process after the revocation is stored. Best effort: a process that misses it (not
   * subscribed yet, reconnecting) still sees the revocation once its remembered answer expires.
   */
  protected async announce(announcement: RevocationAnnouncement): Promise<void> {
    await this.redis.publish(revocationChannel(this.redis), JSON.stringify(announcement));
  }
}
