import { z } from 'zod';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '@hiregraph/platform/redis';
import type { Role, Viewer } from '@hiregraph/platform/auth/viewer';
import { codedError, ErrorCode } from '@hiregraph/platform/errors';

/** Every operation that spends model time; each is limited and counted on its own. */
export const AiOperations = ['analysis', 'cover_letter', 'tailor', 'assistant'] as const;
export type AiOperation = (typeof AiOperations)[number];

const perRole = (perMinute: number, daily: number) => ({
  perMinute: z.coerce.number().int().min(1).default(perMinute),
  daily: z.coerce.number().int().min(1).default(daily),
});
const user = perRole(10, 100);
const recruiter = perRole(20, 300);
const admin = perRole(60, 2000);

/** `AI_RATE_PER_MINUTE_<ROLE>` and `AI_DAILY_QUOTA_<ROLE>`; the same figures apply to each operation (exported so a subgraph can list them in its environment). */
export const limitSettingsSchema = z.object({
  AI_RATE_PER_MINUTE_USER: user.perMinute,
  AI_DAILY_QUOTA_USER: user.daily,
  AI_RATE_PER_MINUTE_RECRUITER: recruiter.perMinute,
  AI_DAILY_QUOTA_RECRUITER: recruiter.daily,
  AI_RATE_PER_MINUTE_ADMIN: admin.perMinute,
  AI_DAILY_QUOTA_ADMIN: admin.daily,
});

export interface AiLimitSettings {
  perMinute: Record<Role, number>;
  daily: Record<Role, number>;
}

export function aiLimitSettings(env: NodeJS.ProcessEnv): AiLimitSettings {
  const parsed = limitSettingsSchema.parse(env);
  return {
    perMinute: {
      USER: parsed.AI_RATE_PER_MINUTE_USER,
      RECRUITER: parsed.AI_RATE_PER_MINUTE_RECRUITER,
      ADMIN: parsed.AI_RATE_PER_MINUTE_ADMIN,
    },
    daily: {
      USER: parsed.AI_DAILY_QUOTA_USER,
      RECRUITER: parsed.AI_DAILY_QUOTA_RECRUITER,
      ADMIN: parsed.AI_DAILY_QUOTA_ADMIN,
    },
  };
}

const SECONDS_PER_DAY = 86_400;

/** Seconds until the next UTC midnight: daily quotas renew for everyone at the same moment. */
function secondsToMidnightUtc(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

/**
 * Per-user limits on AI operations, in Redis (so every replica counts together): a rate per minute
 * (RATE_LIMITED) and a quota per UTC day (QUOTA_EXCEEDED), both by the viewer's role and both with
 * `retryAfter` in seconds. rate-limiter-flexible does the counting atomically (one Lua call per check).
 */
export class AiLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    private readonly redis: Redis,
    private readonly settings: AiLimitSettings,
  ) {}

  private limiter(kind: 'minute' | 'day', role: Role): RateLimiterRedis {
    const name = `${kind}:${role}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `ai-limit:${kind}`,
        points: kind === 'minute' ? this.settings.perMinute[role] : this.settings.daily[role],
        duration: kind === 'minute' ? 60 : SECONDS_PER_DAY,
      });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /**
   * Counts one `operation` for `viewer`, or throws RATE_LIMITED / QUOTA_EXCEEDED (with retryAfter)
   * and counts nothing against the day when the minute's rate refuses.
   */
  async consume(
    viewer: Pick<Viewer, 'id' | 'role'>,
    operation: AiOperation,
    now = new Date(),
  ): Promise<void> {
    const key = `${viewer.id}:${operation}`;
    try {
      await this.limiter('minute', viewer.role).consume(key);
    } catch (refusal) {
      throw refused(refusal, ErrorCode.RateLimited, `Too many ${operation} requests; slow down.`);
    }
    const day = now.toISOString().slice(0, 10);
    try {
      await this.limiter('day', viewer.role).consume(`${key}:${day}`, 1, {
        customDuration: secondsToMidnightUtc(now),
      });
    } catch (refusal) {
      throw refused(
        refusal,
        ErrorCode.QuotaExceeded,
        `Your daily ${operation} quota (${this.settings.daily[viewer.role]}) is used up.`,
      );
    }
  }

  /** What `viewer` has left of today's quota for `operation`. */
  async remainingToday(viewer: Pick<Viewer, 'id' | 'role'>, operation: AiOperation, now = new Date()) {
    const day = now.toISOString().slice(0, 10);
    const state = await this.limiter('day', viewer.role).get(`${viewer.id}:${operation}:${day}`);
    return state ? state.remainingPoints : this.settings.daily[viewer.role];
  }
}

function refused(refusal: unknown, code: ErrorCode, message: string) {
  // Anything but a refusal (Redis down) is an outage, not the user's fault: let it surface as such.
  if (!(refusal instanceof RateLimiterRes)) return refusal;
  const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  return codedError(code, `${message} Try again in ${retryAfter} s.`, { retryAfter });
}

const cache = new WeakMap<Redis, AiLimits>();

/** One AiLimits per Redis connection (a subgraph's `runtime.redis`), configured from `env`. */
export function aiLimitsFor(redis: Redis, env: NodeJS.ProcessEnv): AiLimits {
  let limits = cache.get(redis);
  if (!limits) {
    limits = new AiLimits(redis, aiLimitSettings(env));
    cache.set(redis, limits);
  }
  return limits;
}
