import type { Redis } from 'ioredis';
import { RevocationStore, revocationChannel, type RevocationAnnouncement } from './revocation.js';

interface Remembered {
  /** The lookup's answer (or the lookup itself while it runs, shared by concurrent requests). */
  revoked: Promise<boolean>;
  /** Date.now() after which Redis is asked again. */
  until: number;
}

export interface RecentRevocationsOptions {
  /** How long an answer is reused: a revoked token keeps passing at most this long. */
  ttlMs: number;
  /** Tokens remembered at once; the oldest is forgotten first. */
  maxEntries: number;
  /** For tests. */
  now?: () => number;
}

/**
 * The revocation store as the gateway and the subgraphs read it: a token's answer from Redis is
 * reused for `ttlMs`, so a client's burst of requests costs one MGET rather than one each. Every
 * revocation is announced on Redis pub/sub (see RevocationStore), and `listen` forgets the answers
 * it concerns when the announcement arrives, so a logout is refused at once; `ttlMs` is the bound
 * when an announcement is missed (a reconnect forgets everything, as announcements may have been
 * lost meanwhile). A revoked answer is kept as long, since a revoked session never comes back. A
 * failed lookup is not remembered.
 */
export class RecentRevocations extends RevocationStore {
  private readonly answers = new Map<string, Remembered>();
  private readonly now: () => number;
  /** Lookups that reached Redis, for tests. */
  lookups = 0;
  /** The announcement connection is down: announcements may be missed, so nothing is reused. */
  private deaf = false;

  constructor(
    redis: Redis,
    accessTokenTtlSeconds: number,
    private readonly options: RecentRevocationsOptions,
  ) {
    super(redis, accessTokenTtlSeconds);
    this.now = options.now ?? Date.now;
  }

  override isRevoked(claims: { sub: string; sid: string; iat: number }): Promise<boolean> {
    if (this.options.ttlMs === 0 || this.deaf) return this.lookup(claims);
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

  /**
   * Forgets the answers of the announced sessions or user, so their next request asks Redis. Also
   * called for this process's own revocations, before the announcement goes out.
   */
  forget(announcement: RevocationAnnouncement): void {
    const sessions = 'sessionIds' in announcement ? announcement.sessionIds.map((id) => `${id}:`) : [];
    const user = 'userId' in announcement ? `:${announcement.userId}:` : null;
    for (const key of this.answers.keys()) {
      if ((user && key.includes(user)) || sessions.some((prefix) => key.startsWith(prefix)))
        this.answers.delete(key);
    }
  }

  /**
   * Subscribes (on a connection of its own, as Redis requires) to revocation announcements; returns
   * a function that unsubscribes and closes that connection.
   */
  listen(): () => void {
    const subscriber = this.redis.duplicate();
    const channel = revocationChannel(this.redis);
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      try {
        this.forget(JSON.parse(message) as RevocationAnnouncement);
      } catch {
        this.answers.clear(); // unreadable: forget everything rather than guess
      }
    });
    // While the connection is down announcements are lost: nothing remembered is trusted, and every
    // request asks Redis (so a Redis outage is a clear SERVICE_UNAVAILABLE, not a cache's guess).
    subscriber.on('close', () => {
      this.deaf = true;
      this.answers.clear();
    });
    subscriber.on('ready', () => {
      this.deaf = false;
      this.answers.clear();
    });
    subscriber.on('error', () => {}); // ioredis reconnects; the TTL bounds what is missed meanwhile
    void subscriber.subscribe(channel).catch(() => {});
    return () => subscriber.disconnect();
  }

  protected override async announce(announcement: RevocationAnnouncement): Promise<void> {
    this.forget(announcement);
    await super.announce(announcement);
  }

  private lookup(claims: { sub: string; sid: string; iat: number }): Promise<boolean> {
    this.lookups += 1;
    return super.isRevoked(claims);
  }
}
