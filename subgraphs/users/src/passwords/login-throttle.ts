import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { codedError, ErrorCode } from '@hiregraph/platform/errors';

export interface LoginThrottleOptions {
  /** Failures per (subject, IP) before the first lock. */
  maxFailures: number;
  /** Failures per subject from all IPs together before the first lock (a distributed attack). */
  subjectMaxFailures: number;
  /** Failures per IP across all subjects before that IP is limited (one IP trying many emails). */
  ipMaxFailures: number;
  lockBaseSeconds: number;
  /** No lock, however many failures, lasts longer than this. */
  lockMaxSeconds: number;
  /** Failures are forgotten this long after the last one. */
  failureWindowSeconds: number;
  ipWindowSeconds: number;
}

/** An attempt the process died in the middle of stops holding its slot after this long. */
const IN_FLIGHT_TTL_MS = 30_000;
/** IPs a subject signed in from are remembered this long (they skip the subject-wide lock). */
const KNOWN_IP_TTL_MS = 30 * 86_400_000;
/** What a caller is told to wait when the only slot is taken by an attempt still being checked. */
const BUSY_RETRY_MS = 1_000;

/**
 * One atomic step of the throttle. Per scope, a hash holds `failures` and `lockedUntil` (ms), and a
 * sorted set the attempts in flight (begun, password not yet judged).
 * - begin: refused while a scope is locked, or while its in-flight attempts fill what is left of the
 *   budget (at least one slot once a lock has passed). Otherwise the attempt takes a slot in each
 *   scope. It never touches the lock, so waiting a lock out always earns one real try.
 * - failure: frees the slot, counts the failure and, from the limit on, locks for
 *   base × 2^(failures − limit), capped at the maximum.
 * - success: frees the slot, clears the scopes that reset on success and remembers the IP.
 * - release: frees the slot (the attempt ended without a verdict, e.g. the database failed).
 * KEYS: known-IPs set, then per scope its hash and in-flight set.
 * ARGV: mode, attempt id, ip, base ms, max ms, then per scope: limit, window ms, exempt for a known
 * IP (0/1), reset on success (0/1).
 */
const SCRIPT = `
local mode, id, ip = ARGV[1], ARGV[2], ARGV[3]
local base, max = tonumber(ARGV[4]), tonumber(ARGV[5])
local inFlightTtl, knownTtl, busy = ${IN_FLIGHT_TTL_MS}, ${KNOWN_IP_TTL_MS}, ${BUSY_RETRY_MS}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local known = redis.call('SISMEMBER', KEYS[1], ip) == 1
local scopes = {}
for i = 1, (#KEYS - 1) / 2 do
  local a = 5 + (i - 1) * 4
  scopes[i] = { state = KEYS[2 * i], inFlight = KEYS[2 * i + 1], limit = tonumber(ARGV[a + 1]),
    window = tonumber(ARGV[a + 2]), exempt = ARGV[a + 3] == '1' and known, reset = ARGV[a + 4] == '1' }
end
if mode == 'begin' then
  local blockedBy, wait = 0, 0
  for i, s in ipairs(scopes) do
    if not s.exempt then
      redis.call('ZREMRANGEBYSCORE', s.inFlight, '-inf', now - inFlightTtl)
      local lockedUntil = tonumber(redis.call('HGET', s.state, 'lockedUntil') or '0')
      local scopeWait = 0
      if lockedUntil > now then
        scopeWait = lockedUntil - now
      else
        local failures = tonumber(redis.call('HGET', s.state, 'failures') or '0')
        if redis.call('ZCARD', s.inFlight) >= math.max(s.limit - failures, 1) then scopeWait = busy end
      end
      if scopeWait > wait then blockedBy, wait = i, scopeWait end
    end
  end
  if blockedBy > 0 then return { blockedBy, wait } end
  for _, s in ipairs(scopes) do
    if not s.exempt then
      redis.call('ZADD', s.inFlight, now, id)
      redis.call('PEXPIRE', s.inFlight, inFlightTtl)
    end
  end
  return { 0, 0 }
end
for _, s in ipairs(scopes) do
  redis.call('ZREM', s.inFlight, id)
  if mode == 'failure' then
    local failures = redis.call('HINCRBY', s.state, 'failures', 1)
    local ttl = s.window
    if failures >= s.limit then
      local lock = math.floor(math.min(max, base * 2 ^ math.min(30, failures - s.limit)))
      redis.call('HSET', s.state, 'lockedUntil', now + lock)
      ttl = math.max(ttl, lock)
    end
    redis.call('PEXPIRE', s.state, ttl)
  elseif mode == 'success' and s.reset then
    redis.call('DEL', s.state)
  end
end
if mode == 'success' then
  redis.call('SADD', KEYS[1], ip)
  redis.call('PEXPIRE', KEYS[1], knownTtl)
end
return { 0, 0 }
`;

interface Scope {
  key: string;
  limit: number;
  windowSeconds: number;
  exemptWhenKnownIp: boolean;
  resetOnSuccess: boolean;
  /** The error a blocked attempt gets: an account is LOCKED, an IP is RATE_LIMITED. */
  code: ErrorCode;
}

type Mode = 'begin' | 'failure' | 'success' | 'release';

/**
 * Brute-force protection for password checks (sign-in and the re-authentication of sensitive
 * changes), in three scopes: (subject, IP), subject from anywhere, and IP across subjects.
 *
 * Attempts take a slot *before* the password is checked, so a parallel burst cannot check more
 * passwords than the budget; but only failures arm a lock, so once `retryAfter` has passed the
 * right password gets through and clears the subject's counters. Locks grow with each further
 * failure up to `lockMaxSeconds`. An attacker who knows only an email can delay its owner, never
 * for longer than that maximum per lock, and not at all from an IP the owner has signed in from
 * (those skip the subject-wide scope; their own (subject, IP) scope still applies).
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: LoginThrottleOptions,
  ) {}

  /**
   * Checks a password for `subject` (an email, or `reauth:<userId>`) from `ip` under the throttle:
   * throws LOCKED / RATE_LIMITED with retryAfter (seconds) when refused, else returns `check()`'s
   * verdict, counted as a failure or a success.
   */
  async attempt(subject: string, ip: string, check: () => Promise<boolean>): Promise<boolean> {
    const id = randomUUID();
    await this.begin(subject, ip, id);
    let valid: boolean;
    try {
      valid = await check();
    } catch (error) {
      await this.run('release', subject, ip, id);
      throw error;
    }
    await this.run(valid ? 'success' : 'failure', subject, ip, id);
    return valid;
  }

  private async begin(subject: string, ip: string, id: string): Promise<void> {
    const [blockedBy, waitMs] = await this.run('begin', subject, ip, id);
    if (blockedBy === 0) return;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    const { code } = this.scopes(subject, ip)[blockedBy - 1];
    const message =
      code === ErrorCode.RateLimited
        ? `Too many failed sign-ins from this address. Try again in ${retryAfter} s.`
        : `Too many failed attempts. Try again in ${retryAfter} s.`;
    throw codedError(code, message, { retryAfter });
  }

  private scopes(subject: string, ip: string): Scope[] {
    const { options } = this;
    return [
      {
        key: `auth:throttle:pair:${subject}:${ip}`,
        limit: options.maxFailures,
        windowSeconds: options.failureWindowSeconds,
        exemptWhenKnownIp: false,
        resetOnSuccess: true,
        code: ErrorCode.Locked,
      },
      {
        key: `auth:throttle:subject:${subject}`,
        limit: options.subjectMaxFailures,
        windowSeconds: options.failureWindowSeconds,
        exemptWhenKnownIp: true,
        resetOnSuccess: true,
        code: ErrorCode.Locked,
      },
      {
        // Not reset by a success: an attacker could otherwise sign in to their own account between guesses.
        key: `auth:throttle:ip:${ip}`,
        limit: options.ipMaxFailures,
        windowSeconds: options.ipWindowSeconds,
        exemptWhenKnownIp: false,
        resetOnSuccess: false,
        code: ErrorCode.RateLimited,
      },
    ];
  }

  private async run(mode: Mode, subject: string, ip: string, id: string): Promise<[number, number]> {
    const scopes = this.scopes(subject, ip);
    const keys = [
      `auth:throttle:known-ips:${subject}`,
      ...scopes.flatMap(({ key }) => [key, `${key}:in-flight`]),
    ];
    const args = [
      mode,
      id,
      ip,
      this.options.lockBaseSeconds * 1000,
      this.options.lockMaxSeconds * 1000,
      ...scopes.flatMap((scope) => [
        scope.limit,
        scope.windowSeconds * 1000,
        scope.exemptWhenKnownIp ? 1 : 0,
        scope.resetOnSuccess ? 1 : 0,
      ]),
    ];
    const [blockedBy, waitMs] = (await this.redis.eval(SCRIPT, keys.length, ...keys, ...args)) as [
      number,
      number,
    ];
    return [Number(blockedBy), Number(waitMs)];
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
