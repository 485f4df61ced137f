import { CadlensError, storeCorrupt, storeUnavailable, throwIfAborted, type AnalysisResult, type ResultCache, type ResultCacheSetOptions, type StoreCallOptions } from 'cadlens';
import { resolveRedis, type RedisClientLike, type RedisConnectionOptions } from './redis-client.js';

/** Options of {@link createRedisResultCache}. */
export type RedisResultCacheOptions = RedisConnectionOptions & {
  /** Prefix of every key, so several deployments (or tests) can share one Redis. @defaultValue `cadlens:result:` */
  keyPrefix?: string;
  /** Time to live when `set` is given none (ms). @defaultValue 86_400_000 (24 h) */
  defaultTtlMs?: number;
};

const ID = 'redis';

/**
 * A result cache on Redis (ioredis, optional peer dependency), shared by every instance that points
 * at the same Redis and prefix. Results are stored as JSON with a TTL (`SET … PX`).
 * Connection failures reject with `STORE_UNAVAILABLE`, which the analyzer turns into a miss.
 *
 * @example
 * ```ts
 * import { createRedisResultCache } from 'cadlens/adapters/redis';
 * const cache = createRedisResultCache({ url: process.env.REDIS_URL!, defaultTtlMs: 3_600_000 });
 * const analyzer = createNodeAnalyzer({ cache });
 * // …
 * await cache.close();
 * ```
 */
export function createRedisResultCache(options: RedisResultCacheOptions): ResultCache {
  const prefix = options.keyPrefix ?? 'cadlens:result:';
  const defaultTtlMs = options.defaultTtlMs ?? 86_400_000;
  let resolved: Promise<{ client: RedisClientLike; owned: boolean }> | undefined;
  let closed = false;
  let connecting: Promise<unknown> | undefined;

  const client = async (op: string): Promise<RedisClientLike> => {
    resolved ??= resolveRedis(options);
    const { client: c, owned } = await resolved;
    if (owned && (c.status === 'wait' || connecting)) {
      // The first call connects (concurrent first calls share it); a refused connection rejects here,
      // and ioredis keeps reconnecting in the background, so a later call finds it ready.
      connecting ??= (c.status === 'wait' ? c.connect?.() : undefined)?.finally(() => {
        connecting = undefined;
      });
      await connecting?.catch((e: unknown) => {
        throw storeUnavailable(ID, op, e);
      });
    }
    return c;
  };
  const run = async <T>(op: string, signal: AbortSignal | undefined, fn: (c: RedisClientLike) => Promise<T>): Promise<T> => {
    throwIfAborted(signal);
    if (closed) throw storeUnavailable(ID, `${op} after close`);
    const c = await client(op);
    try {
      return await fn(c);
    } catch (e) {
      throw storeUnavailable(ID, op, e);
    }
  };

  return {
    id: ID,
    capabilities: { persistent: true, multiProcess: true },
    async get(key: string, call: StoreCallOptions = {}) {
      const text = await run('get', call.signal, (c) => c.get(prefix + key));
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as AnalysisResult;
      } catch (e) {
        throw storeCorrupt(ID, 'cached result', e);
      }
    },
    async set(key: string, result: AnalysisResult, call: ResultCacheSetOptions = {}) {
      const ttl = call.ttlMs ?? defaultTtlMs;
      if (!(Number.isFinite(ttl) && ttl > 0)) {
        throw new CadlensError('USAGE', `ttlMs must be a positive number, got ${ttl}`, { kind: 'permanent', stage: 'storage' });
      }
      const text = JSON.stringify(result);
      await run('set', call.signal, (c) => c.set(prefix + key, text, 'PX', Math.ceil(ttl)));
    },
    async delete(key: string, call: StoreCallOptions = {}) {
      return (await run('delete', call.signal, (c) => c.del(prefix + key))) > 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!resolved) return;
      const { client: c, owned } = await resolved.catch(() => ({ client: undefined, owned: false }));
      if (!owned || !c) return;
      if (c.status === 'ready') await c.quit?.().catch(() => c.disconnect?.());
      else c.disconnect?.();
    },
  };
}
