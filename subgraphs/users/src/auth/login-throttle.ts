import type { Redis } from 'ioredis';
import { codedError, ErrorCode } from '@hiregraph/libs/errors';

export interface LoginThrottleOptions {
  maxFailures: number;
  lockBaseSeconds: number;
  lockMaxSeconds: number;
}

/** Failures are forgotten a day after the last one. */
const FAILURE_WINDOW_SECONDS = 86_400;

/**
 * Brute-force protection. Attempts since the last success are counted per (email, IP) and per
 * email, *before* the password is checked, so a parallel burst cannot get more guesses in than
 * the limit. From the `maxFailures`th failure on, the key is locked for base × 2^(extra failures)
 * seconds, capped. The per-email budget is larger (×4) so an attacker on other addresses cannot
 * lock a user out as easily. Success clears both.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: LoginThrottleOptions,
  ) {}

  private keys(subject: string, ip: string) {
    return [
      {
        counter: `auth:login-failures:pair:${subject}:${ip}`,
        lock: `auth:login-lock:pair:${subject}:${ip}`,
        limit: 1,
      },
      { counter: `auth:login-failures:email:${subject}`, lock: `auth:login-lock:email:${subject}`, limit: 4 },
    ];
  }

  /**
   * Claims one attempt for `subject` (an email, or a user id for re-authentication) from `ip`.
   * Throws LOCKED with retryAfter (seconds) while locked or when the attempt would exceed the budget.
   */
  async beginAttempt(subject: string, ip: string): Promise<void> {
    const keys = this.keys(subject, ip);
    await this.assertNotLocked(keys);
    const transaction = this.redis.multi();
    for (const { counter } of keys) transaction.incr(counter).expire(counter, FAILURE_WINDOW_SECONDS);
    const replies = (await transaction.exec()) ?? [];
    const counts = keys.map((_, index) => Number(replies[index * 2]?.[1] ?? 0));
    const overBudget = keys.filter(({ limit }, index) => counts[index] > this.options.maxFailures * limit);
    if (overBudget.length > 0) {
      // Only a parallel burst gets here (the lock is set by the failure that reaches the limit).
      for (const { lock } of overBudget)
        await this.redis.set(lock, '1', 'EX', this.options.lockBaseSeconds, 'NX');
      await this.assertNotLocked(keys);
    }
  }

  /** The attempt failed: lock when it reached the budget, longer with every further failure. */
  async recordFailure(subject: string, ip: string): Promise<void> {
    for (const { counter, lock, limit } of this.keys(subject, ip)) {
      const failures = Number((await this.redis.get(counter)) ?? 0);
      const threshold = this.options.maxFailures * limit;
      if (failures >= threshold) {
        const seconds = Math.min(
          this.options.lockMaxSeconds,
          this.options.lockBaseSeconds * 2 ** Math.min(20, failures - threshold),
        );
        await this.redis.set(lock, '1', 'EX', seconds);
      }
    }
  }

  async recordSuccess(subject: string, ip: string): Promise<void> {
    await this.redis.del(...this.keys(subject, ip).flatMap(({ counter, lock }) => [counter, lock]));
  }

  private async assertNotLocked(keys: { lock: string }[]): Promise<void> {
    const ttls = await Promise.all(keys.map(({ lock }) => this.redis.pttl(lock)));
    const retryAfterMs = Math.max(0, ...ttls);
    if (retryAfterMs > 0) {
      const retryAfter = Math.ceil(retryAfterMs / 1000);
      throw codedError(ErrorCode.Locked, `Too many failed attempts. Try again in ${retryAfter} s.`, {
        retryAfter,
      });
    }
  }
}

/** Fixed-window counter per client IP (e.g. registrations per hour). */
export class RateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  async consume(ip: string): Promise<void> {
    const key = `ratelimit:${this.name}:${ip}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [
      [null, number],
      [null, number],
    ];
    if (ttl < 0) await this.redis.expire(key, this.windowSeconds);
    if (count > this.limit) {
      const retryAfter = ttl > 0 ? ttl : this.windowSeconds;
      throw codedError(ErrorCode.RateLimited, `Too many requests. Try again in ${retryAfter} s.`, {
        retryAfter,
      });
    }
  }
}
