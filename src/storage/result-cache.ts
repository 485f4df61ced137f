import type { AnalysisResult } from '../result/index.js';
import type { StoreBase, StoreCallOptions } from './store-common.js';

/** Options of {@link ResultCache.set}. */
export interface ResultCacheSetOptions extends StoreCallOptions {
  /** Time to live in milliseconds; absent: the cache's own default (which may be "no expiry"). */
  ttlMs?: number;
}

/**
 * Cache of finished analysis results for frequently analysed parts, keyed by the analyzer's cache key
 * (see `resultCacheKey` and docs/result-contract.md).
 * Implementations: `createMemoryResultCache()` (`cadlens/adapters/memory`, an LRU in process memory)
 * and `createRedisResultCache()` (`cadlens/adapters/redis`, shared by several instances).
 *
 * Conventions (the same as the other ports):
 * - A failure of the backing system rejects with `STORE_UNAVAILABLE`; a stored value that cannot be
 *   read back rejects with `STORE_CORRUPT`. The analyzer turns either into a cache miss: a cache that
 *   is down never fails an analysis.
 * - Values are copies: mutating a returned result never changes the cached one.
 * - Every method accepts `{ signal }`; an already-aborted signal rejects with `ABORTED`.
 */
export interface ResultCache extends StoreBase {
  /** The cached result, or `undefined` when the key is absent or expired. */
  get(key: string, options?: StoreCallOptions): Promise<AnalysisResult | undefined>;
  /** Store (or replace) a result. */
  set(key: string, result: AnalysisResult, options?: ResultCacheSetOptions): Promise<void>;
  /** Remove a key; resolves `true` when something was removed. */
  delete(key: string, options?: StoreCallOptions): Promise<boolean>;
  /** Release connections the cache opened itself. Idempotent. */
  close?(): Promise<void>;
}
