import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { codedError, ErrorCode } from './errors.js';
import type { Redis } from './redis.js';

export interface UserRateLimitOptions {
  /** Redis key prefix of the counters, e.g. `export-limit:pdf`. */
  name: string;
  points: number;
  durationSeconds: number;
  /** What is limited, for the message: "Too many {what}; try again in N s." */
  what: string;
}

/**
 * A per-user allowance in Redis (every replica counts together; rate-limiter-flexible counts
 * atomically, one Lua call per check): RATE_LIMITED with `retryAfter` in seconds once it is spent.
 */
export class UserRateLimit {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly options: UserRateLimitOptions,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: options.name,
      points: options.points,
      duration: options.durationSeconds,
    });
  }

  async consume(userId: string): Promise<void> {
    try {
      await this.limiter.consume(userId);
    } catch (refusal) {
      // Anything but a refusal (Redis down) is an outage, not the user's fault: let it surface as such.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw codedError(
        ErrorCode.RateLimited,
        `Too many ${this.options.what}; try again in ${retryAfter} s.`,
        {
          retryAfter,
        },
      );
    }
  }
}
