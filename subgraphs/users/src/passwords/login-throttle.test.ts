import { randomUUID } from 'node:crypto';
import { createRedis, type Redis } from '@hiregraph/platform/redis';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';

const OPTIONS: LoginThrottleOptions = {
  maxFailures: 3,
  subjectMaxFailures: 6,
  ipMaxFailures: 8,
  lockBaseSeconds: 1,
  lockMaxSeconds: 2,
  failureWindowSeconds: 60,
  ipWindowSeconds: 60,
};

let ipCounter = 1;
const freshIp = () => `10.7.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
const freshEmail = () => `owner-${randomUUID().slice(0, 8)}@example.com`;

interface Outcome {
  code: 'OK' | 'WRONG' | 'LOCKED' | 'RATE_LIMITED';
  retryAfter?: number;
}

describe('login throttle', () => {
  let ns: TestNamespace;
  let redis: Redis;
  let throttle: LoginThrottle;
  beforeAll(() => {
    ns = createTestNamespace('throttle');
    redis = createRedis(ns.config.REDIS_URL, ns.config.REDIS_KEY_PREFIX);
    throttle = new LoginThrottle(redis, OPTIONS);
  });
  afterAll(async () => {
    redis.disconnect();
    await ns.cleanup();
  });

  let checks = 0;
  /** One sign-in attempt; the password is "checked" (counted) only when the throttle lets it through. */
  const signIn = async (email: string, ip: string, right: boolean): Promise<Outcome> => {
    try {
      const valid = await throttle.attempt(email, ip, async () => {
        checks += 1;
        return right;
      });
      return { code: valid ? 'OK' : 'WRONG' };
    } catch (error) {
      const extensions = (error as { extensions: { code: Outcome['code']; retryAfter: number } }).extensions;
      return { code: extensions.code, retryAfter: extensions.retryAfter };
    }
  };
  /** Retries until the throttle lets the attempt through (never re-arming the lock on the way). */
  const afterTheWait = (email: string, ip: string, right: boolean) =>
    eventually(async () => {
      const outcome = await signIn(email, ip, right);
      return outcome.code === 'LOCKED' || outcome.code === 'RATE_LIMITED' ? false : outcome;
    }, 5_000);

  it('lets the owner in with the right password once retryAfter has passed, after 22 wrong ones', async () => {
    const email = freshEmail();
    const ip = freshIp();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 22; i += 1) outcomes.push(await signIn(email, ip, false));
    expect(outcomes.slice(0, 3).map((o) => o.code)).toEqual(['WRONG', 'WRONG', 'WRONG']);
    expect(outcomes.slice(3).every((o) => o.code === 'LOCKED')).toBe(true);
    // Attempts refused while locked did not extend the lock: still the base lock.
    expect(outcomes[21].retryAfter).toBe(1);

    const started = Date.now();
    expect(await afterTheWait(email, ip, true)).toEqual({ code: 'OK' });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The success reset the counters: a full budget of failures again before any lock.
    for (let i = 0; i < 3; i += 1) expect((await signIn(email, ip, false)).code).toBe('WRONG');
    expect((await signIn(email, ip, true)).code).toBe('LOCKED');
  });

  it('grows the lock only with further failures, never beyond the maximum', async () => {
    const email = freshEmail();
    const ip = freshIp();
    for (let i = 0; i < 3; i += 1) await signIn(email, ip, false);
    expect(await signIn(email, ip, false)).toEqual({ code: 'LOCKED', retryAfter: 1 });
    // After the wait, one more failure doubles the lock (1 s → 2 s)...
    expect(await afterTheWait(email, ip, false)).toEqual({ code: 'WRONG' });
    expect(await signIn(email, ip, false)).toEqual({ code: 'LOCKED', retryAfter: 2 });
    // ...and the next ones stay at the 2 s maximum.
    expect(await afterTheWait(email, ip, false)).toEqual({ code: 'WRONG' });
    expect(await signIn(email, ip, false)).toEqual({ code: 'LOCKED', retryAfter: 2 });
    expect(await afterTheWait(email, ip, true)).toEqual({ code: 'OK' });
  });

  it('lets an attacker who knows only the email delay the owner by at most the maximum lock', async () => {
    const email = freshEmail();
    const home = freshIp();
    expect((await signIn(email, home, true)).code).toBe('OK'); // the owner signed in from home before
    // Guesses from 6 addresses lock the email everywhere (subject budget: 6).
    for (let i = 0; i < 6; i += 1) expect((await signIn(email, freshIp(), false)).code).toBe('WRONG');
    const travelling = freshIp();
    const locked = await signIn(email, travelling, true);
    expect(locked.code).toBe('LOCKED');
    expect(locked.retryAfter).toBeLessThanOrEqual(OPTIONS.lockMaxSeconds);
    // From home the owner is not held by the email-wide lock at all.
    expect((await signIn(email, home, true)).code).toBe('OK');
    // The home sign-in cleared the email's counters; elsewhere the owner gets in too.
    expect((await signIn(email, travelling, true)).code).toBe('OK');
  });

  it('still admits a new address once the email-wide lock has passed', async () => {
    const email = freshEmail();
    for (let i = 0; i < 6; i += 1) await signIn(email, freshIp(), false);
    const elsewhere = freshIp();
    const locked = await signIn(email, elsewhere, true);
    expect(locked.code).toBe('LOCKED');
    expect(locked.retryAfter).toBeLessThanOrEqual(OPTIONS.lockMaxSeconds);
    expect(await afterTheWait(email, elsewhere, true)).toEqual({ code: 'OK' });
  });

  it('limits one IP failing across many emails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i += 1) expect((await signIn(freshEmail(), ip, false)).code).toBe('WRONG');
    const limited = await signIn(freshEmail(), ip, true);
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.retryAfter).toBeGreaterThan(0);
    expect(limited.retryAfter).toBeLessThanOrEqual(OPTIONS.lockMaxSeconds);
    // Other addresses are not affected.
    expect((await signIn(freshEmail(), freshIp(), true)).code).toBe('OK');
  });

  it('lets a parallel burst check no more passwords than the budget, before and after a lock', async () => {
    const email = freshEmail();
    const ip = freshIp();
    const burst = async () => {
      const before = checks;
      const outcomes = await Promise.all(Array.from({ length: 15 }, () => signIn(email, ip, false)));
      return { checked: checks - before, outcomes };
    };
    const first = await burst();
    expect(first.checked).toBe(3);
    expect(first.outcomes.filter((o) => o.code === 'LOCKED')).toHaveLength(12);
    await eventually(async () => (await signIn(email, ip, true)).code === 'OK' || false, 5_000);
    for (let i = 0; i < 3; i += 1) await signIn(email, ip, false);
    await eventually(async () => {
      const probe = await redis.hget(`auth:throttle:pair:${email}:${ip}`, 'lockedUntil');
      return Number(probe) < Date.now();
    }, 5_000);
    // Once a lock has passed, a burst gets a single check.
    expect((await burst()).checked).toBe(1);
  });

  it('frees the slot of an attempt that ended without a verdict, counting no failure', async () => {
    const email = freshEmail();
    const ip = freshIp();
    for (let i = 0; i < 2; i += 1) await signIn(email, ip, false);
    await expect(
      throttle.attempt(email, ip, async () => {
        throw new Error('database unreachable');
      }),
    ).rejects.toThrow('database unreachable');
    expect((await signIn(email, ip, false)).code).toBe('WRONG'); // the 3rd failure, not a 4th
    expect((await signIn(email, ip, true)).code).toBe('LOCKED');
  });
});
