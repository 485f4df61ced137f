/**
 * `cadlens/adapters/redis`: the result cache on Redis (`ioredis`, optional peer dependency), so
 * several instances share the results of frequently analysed parts. See docs/adapters/redis.md.
 *
 * @packageDocumentation
 * @module cadlens/adapters/redis
 */
export { createRedisResultCache, type RedisResultCacheOptions } from './redis-result-cache.js';
export type { RedisClientLike, RedisConnectionOptions } from './redis-client.js';
