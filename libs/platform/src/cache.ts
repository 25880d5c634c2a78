import type { Redis } from './redis.js';

/**
 * How long after an invalidation no refill is accepted. Covers writers that invalidate inside their
 * transaction (before commit): a reader in that window could otherwise read the old row and cache it.
 */
export const REFILL_PAUSE_MS = 2_000;
/** A key's generation outlives any reader: a generation that expired mid-read could match again. */
const GENERATION_TTL_SECONDS = 24 * 3600;

const generationKey = (key: string) => `${key}:gen`;
const pauseKey = (key: string) => `${key}:invalidated`;

/**
 * SET only if the key's generation is still the one the reader saw before its database read and no
 * invalidation happened in the last REFILL_PAUSE_MS; one script, so nothing runs in between.
 */
const FILL_SCRIPT = `
local generation = redis.call('GET', KEYS[2]) or '0'
if generation ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

/** What a reader saw: the cached value, if any, and the generation to present when refilling. */
export interface CacheLookup {
  value: string | null;
  ticket: string;
}

/**
 * A read-through cache a slow reader cannot poison. The race it closes: a reader misses, reads the
 * database, a writer commits and invalidates, then the reader writes the old value back — for the
 * whole TTL (removed contact details on public pages, closed postings shown as open). Every key has a
 * generation that `invalidate` bumps; `lookup` hands the reader the generation it saw with the miss,
 * and `fill` stores only if that generation is still current and no invalidation is recent.
 */
export class RefillSafeCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly pauseMs = REFILL_PAUSE_MS,
  ) {}

  /** The cached value and the ticket for a later `fill`; read together, before the database is. */
  async lookup(key: string): Promise<CacheLookup> {
    const [value, generation] = await this.redis.mget(key, generationKey(key));
    return { value, ticket: generation ?? '0' };
  }

  /** Stores `value` unless the key was invalidated since `ticket` was taken; true when stored. */
  async fill(key: string, ticket: string, value: string): Promise<boolean> {
    const stored = await this.redis.eval(
      FILL_SCRIPT,
      3,
      key,
      generationKey(key),
      pauseKey(key),
      ticket,
      value,
      String(this.ttlSeconds),
    );
    return stored === 1;
  }

  /** Drops the values and bumps their generations, so refills already under way are refused. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const multi = this.redis.multi();
    for (const key of keys) {
      multi.del(key);
      multi.incr(generationKey(key));
      multi.expire(generationKey(key), GENERATION_TTL_SECONDS);
      multi.set(pauseKey(key), '1', 'PX', this.pauseMs);
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('cache invalidation was not executed');
  }
}
