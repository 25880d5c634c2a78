import { Redis } from 'ioredis';

export type { Redis };

/** Redis client with the run's key prefix, so parallel runs and services never share keys by accident. */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
}
