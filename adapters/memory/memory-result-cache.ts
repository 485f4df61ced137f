import { LRUCache } from 'lru-cache';
import { CadlensError, throwIfAborted, type AnalysisResult, type ResultCache, type ResultCacheSetOptions, type StoreCallOptions } from 'cadlens';

/** Options of {@link createMemoryResultCache}. */
export interface MemoryResultCacheOptions {
  /** Most results kept; the least recently used one is evicted first. @defaultValue 500 */
  maxEntries?: number;
  /** Time to live when `set` is given none (ms). @defaultValue none (entries live until evicted) */
  defaultTtlMs?: number;
}

/** The memory result cache, plus its current size (for tests and dashboards). */
export interface MemoryResultCache extends ResultCache {
  readonly id: 'memory';
  /** Entries held now (expired ones may count until they are next touched). */
  readonly size: number;
}

/**
 * A least-recently-used result cache in process memory (lru-cache), for one process. Values are
 * deep copies in both directions, so callers can never change what is cached.
 *
 * @example
 * ```ts
 * import { createMemoryResultCache } from 'cadlens/adapters/memory';
 * const analyzer = createNodeAnalyzer({ cache: createMemoryResultCache({ maxEntries: 200 }) });
 * ```
 */
export function createMemoryResultCache(options: MemoryResultCacheOptions = {}): MemoryResultCache {
  const maxEntries = options.maxEntries ?? 500;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new CadlensError('USAGE', `maxEntries must be a positive integer, got ${maxEntries}`, { kind: 'permanent', stage: 'storage' });
  }
  const lru = new LRUCache<string, AnalysisResult>({
    max: maxEntries,
    ...(options.defaultTtlMs !== undefined ? { ttl: options.defaultTtlMs } : {}),
  });
  return {
    id: 'memory',
    capabilities: { persistent: false, multiProcess: false },
    get size() {
      return lru.size;
    },
    async get(key: string, call: StoreCallOptions = {}) {
      throwIfAborted(call.signal);
      const value = lru.get(key);
      return value === undefined ? undefined : structuredClone(value);
    },
    async set(key: string, result: AnalysisResult, call: ResultCacheSetOptions = {}) {
      throwIfAborted(call.signal);
      lru.set(key, structuredClone(result), call.ttlMs !== undefined ? { ttl: call.ttlMs } : {});
    },
    async delete(key: string, call: StoreCallOptions = {}) {
      throwIfAborted(call.signal);
      return lru.delete(key);
    },
    async close() {
      lru.clear();
    },
  };
}
