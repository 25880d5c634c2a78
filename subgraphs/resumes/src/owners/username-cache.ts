import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from '@hiregraph/platform/redis';
import { isUsernameShaped, normalizeUsername } from '@hiregraph/platform/usernames';

/** Handle → user id, for public profiles (`personal:user_id:{username}`, 2 h, dropped on change). */
export const USERNAME_CACHE_TTL_SECONDS = 2 * 3600;
export const usernameCacheKey = (username: string) => `personal:user_id:${normalizeUsername(username)}`;

/** The owner a handle names: the cache, else the projection. The caller re-checks a cached id. */
export async function ownerIdByUsername(
  em: EntityManager,
  redis: Redis,
  username: string,
  options: { skipCache?: boolean } = {},
): Promise<{ ownerId: string; cached: boolean } | null> {
  if (!isUsernameShaped(username)) return null;
  const key = usernameCacheKey(username);
  if (!options.skipCache) {
    const cached = await redis.get(key);
    if (cached) return { ownerId: cached, cached: true };
  }
  const [row] = await em
    .getConnection()
    .execute<{ user_id: string }[]>('select user_id from resume_owners where lower(username) = ? limit 1', [
      normalizeUsername(username),
    ]);
  if (!row) return null;
  await redis.set(key, row.user_id, 'EX', USERNAME_CACHE_TTL_SECONDS);
  return { ownerId: row.user_id, cached: false };
}
