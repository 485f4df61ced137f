import { isCadlensError } from '../errors/index.js';
import { withTimeout } from '../resilience/with-timeout.js';
import type { Metrics } from '../resilience/metrics.js';
import type { ResultCache } from '../storage/result-cache.js';
import type { AnalysisResult } from '../result/index.js';
import type { Logger } from '../stages/recognize/index.js';

/** How the analyzer uses a {@link ResultCache}: the `cache` option of `createAnalyzer` in its long form. */
export interface ResultCacheConfig {
  store: ResultCache;
  /** Time to live of stored results (ms). @defaultValue the store's own default */
  ttlMs?: number;
  /**
   * Deadline of one cache call (ms). A slower cache counts as an error and the analysis goes on as a
   * miss. @defaultValue 1000
   */
  timeoutMs?: number;
  /**
   * Extra text in the key, for what cadlens cannot see: the version of your own recognizers or
   * validators, or of a custom tessellator. Change it to invalidate everything cached before.
   */
  namespace?: string;
  /** Called when a cache call fails (the analysis itself never does because of it). */
  onError?: (error: unknown, operation: 'get' | 'set') => void;
}

/** @internal The analyzer's handle on its cache: every failure becomes a miss, counted and reported. */
export interface ResultCacheUse {
  readonly namespace: string | undefined;
  /** The cached result of `key` when there is a valid one for `sha256`; `undefined` otherwise. */
  lookup(key: string, sha256: string, signal?: AbortSignal): Promise<AnalysisResult | undefined>;
  /** Store a result; resolves `true` when it was stored. Never rejects. */
  store(key: string, result: AnalysisResult, signal?: AbortSignal): Promise<boolean>;
}

let resultSchema: Promise<import('../result/analysis-result-schema.js').ResultSchemas['analysisResultSchema']> | undefined;
function loadResultSchema() {
  // Behind import(): zod comes in as a static import of that chunk, as the analysis's other lazy paths load their packages.
  resultSchema ??= Promise.all([import('../deferred-packages/static-zod.js'), import('../result/result-schemas.js')]).then(([zod, m]) => {
    zod.provideStaticZod();
    return m.resultSchemas().analysisResultSchema;
  });
  return resultSchema;
}

/** @internal */
export function useResultCache(
  option: ResultCache | ResultCacheConfig,
  deps: { metrics?: Metrics; log: Logger },
): ResultCacheUse {
  const config: ResultCacheConfig = 'store' in option && typeof (option as ResultCacheConfig).store?.get === 'function' ? (option as ResultCacheConfig) : { store: option as ResultCache };
  const timeoutMs = config.timeoutMs ?? 1000;
  const failed = (error: unknown, operation: 'get' | 'set') => {
    deps.metrics?.recordCache('error');
    deps.log.warn(`result cache ${operation} failed; treated as a miss`, {
      cache: config.store.id,
      code: isCadlensError(error) ? error.code : 'UNKNOWN',
    });
    try {
      config.onError?.(error, operation);
    } catch {
      // A listener must never fail the analysis.
    }
  };
  return {
    namespace: config.namespace,
    async lookup(key, sha256, signal) {
      let cached: AnalysisResult | undefined;
      try {
        cached = await withTimeout((s) => config.store.get(key, { signal: s }), timeoutMs, signal ? { signal } : {});
      } catch (e) {
        if (signal?.aborted) throw e;
        failed(e, 'get');
        deps.metrics?.recordCache('miss');
        return undefined;
      }
      // A value that is not a result of these bytes (foreign writer, older layout) is a miss, never served.
      // The schema (zod) is loaded on the first lookup that finds something, not by every analysis.
      if (cached !== undefined && (cached?.input?.sha256 !== sha256 || !(await loadResultSchema()).safeParse(cached).success)) {
        deps.log.warn('result cache held an invalid entry; treated as a miss', { cache: config.store.id });
        cached = undefined;
      }
      deps.metrics?.recordCache(cached ? 'hit' : 'miss');
      return cached;
    },
    async store(key, result, signal) {
      try {
        await withTimeout(
          (s) => config.store.set(key, result, { signal: s, ...(config.ttlMs !== undefined ? { ttlMs: config.ttlMs } : {}) }),
          timeoutMs,
          signal ? { signal } : {},
        );
        return true;
      } catch (e) {
        failed(e, 'set');
        return false;
      }
    },
  };
}
