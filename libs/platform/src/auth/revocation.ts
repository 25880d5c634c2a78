import type { Redis } from 'ioredis';

/**
 * Revocations that access tokens must respect before they expire, kept in Redis so every service
 * sees a logout at once: revoked session ids, and a per-user "issued before" cutoff for logoutAll,
 * password changes and account deletion. Entries live as long as an access token can.
 */
export class RevocationStore {
  constructor(
    private readonly redis: Redis,
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
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of sessionIds)
      pipeline.set(this.sessionKey(id), '1', 'EX', this.accessTokenTtlSeconds + 60);
    await pipeline.exec();
  }

  /** Refuses every access token of `userId` issued at or before now. */
  async revokeUserTokens(userId: string, now = Date.now()): Promise<void> {
    await this.redis.set(
      this.cutoffKey(userId),
      String(Math.floor(now / 1000)),
      'EX',
      this.accessTokenTtlSeconds + 60,
    );
  }

  /** One round trip: is the token's session revoked, or was it issued before the user's cutoff? */
  async isRevoked(claims: { sub: string; sid: string; iat: number }): Promise<boolean> {
    const [session, cutoff] = await this.redis.mget(this.sessionKey(claims.sid), this.cutoffKey(claims.sub));
    return session !== null || (cutoff !== null && claims.iat <= Number(cutoff));
  }
}
