import { Redis } from 'ioredis';
import { REDIS_URL } from '../adapters/helpers/redis.js';

/** The Redis result cache's default key prefix (the adapter's, which the analyzer's keys go under). */
export const RESULT_KEY_PREFIX = 'cadlens:result:';

/** A test's own connection to the real Redis, which removes the result keys the test wrote when closed. */
export interface ResultCacheAdmin {
  readonly redis: Redis;
  /** The stored entry's Redis key for an analyzer cache key. */
  redisKey(key: string): string;
  /** Remember a cache key to remove at close. */
  track(key: string): void;
  /** Remove every tracked key and disconnect. */
  close(): Promise<void>;
}

export function resultCacheAdmin(): ResultCacheAdmin {
  const redis = new Redis(REDIS_URL);
  const written = new Set<string>();
  const redisKey = (key: string) => RESULT_KEY_PREFIX + key;
  return {
    redis,
    redisKey,
    track: (key) => void written.add(key),
    close: async () => {
      if (written.size) await redis.del(...[...written].map(redisKey));
      await redis.quit();
    },
  };
}
