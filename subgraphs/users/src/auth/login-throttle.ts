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
 * Brute-force protection. Failed logins are counted per (email, IP) and per email; from the
 * `maxFailures`th failure on, the key is locked for base × 2^(extra failures) seconds, capped. The
 * per-email budget is larger (×4) so an attacker on other addresses cannot lock a user out as easily.
 * Success clears both.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: LoginThrottleOptions,
  ) {}

  private keys(email: string, ip: string) {
    return [
      {
        counter: `auth:login-failures:pair:${email}:${ip}`,
        lock: `auth:login-lock:pair:${email}:${ip}`,
        limit: 1,
      },
      { counter: `auth:login-failures:email:${email}`, lock: `auth:login-lock:email:${email}`, limit: 4 },
    ];
  }

  /** Throws LOCKED with retryAfter (seconds) while either lock holds. */
  async assertNotLocked(email: string, ip: string): Promise<void> {
    const ttls = await Promise.all(this.keys(email, ip).map(({ lock }) => this.redis.pttl(lock)));
    const retryAfterMs = Math.max(0, ...ttls);
    if (retryAfterMs > 0) {
      const retryAfter = Math.ceil(retryAfterMs / 1000);
      throw codedError(ErrorCode.Locked, `Too many failed sign-ins. Try again in ${retryAfter} s.`, {
        retryAfter,
      });
    }
  }

  /** Counts a failure; returns the lock length in seconds when this failure locked the account. */
  async recordFailure(email: string, ip: string): Promise<number> {
    let locked = 0;
    for (const { counter, lock, limit } of this.keys(email, ip)) {
      const failures = await this.redis.incr(counter);
      await this.redis.expire(counter, FAILURE_WINDOW_SECONDS);
      const threshold = this.options.maxFailures * limit;
      if (failures >= threshold) {
        const seconds = Math.min(
          this.options.lockMaxSeconds,
          this.options.lockBaseSeconds * 2 ** Math.min(20, failures - threshold),
        );
        await this.redis.set(lock, '1', 'EX', seconds);
        locked = Math.max(locked, seconds);
      }
    }
    return locked;
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(...this.keys(email, ip).flatMap(({ counter, lock }) => [counter, lock]));
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
