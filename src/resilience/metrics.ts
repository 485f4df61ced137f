import type { MetricsSampleStore, ProcessingSample, SampleAggregate } from '../storage/metrics-sample-store.js';
import { throwIfAborted } from '../errors/abort.js';
import { CadlensError } from '../errors/index.js';
import type { CircuitBreaker, CircuitState } from './circuit-breaker.js';
import { systemClock, type Clock } from './clock.js';
import type { DeadLetterQueue, DeadLetterStats } from './dead-letter-queue.js';

/** The seed's `/metrics` JSON, exactly these fields. Units are given per field (docs/resilience.md). */
export interface MetricsSnapshot {
  circuit_breaker: { state: CircuitState; failure_count: number; failure_threshold: number };
  dead_letter_queue: DeadLetterStats;
  performance: {
    /** Mean wall time of an analysis in seconds. */
    avg_processing_time_sec: number;
    /** Analyses (samples) in the performance window, a count. */
    requests_last_hour: number;
  };
  quality: {
    /** Mean quality score, 0–1: the same scale as `result.quality.score`. */
    avg_quality_score: number;
    /** Share of analyses with at least one recognized face, 0–1. */
    recognition_rate: number;
  };
  /**
   * Result cache lookups of this process since `createMetrics` (counters, not windows; all 0 without a
   * cache). Not one of the seed's fields: an addition for the result cache.
   */
  cache: {
    /** Lookups answered from the cache, a count. */
    hits: number;
    /** Lookups that found nothing usable (absent, expired, invalid, or the cache failed), a count. */
    misses: number;
    /** Cache calls (get or set) that failed or timed out, a count; each failed get is also a miss. */
    errors: number;
    /** hits / (hits + misses), 0–1 (4 decimals; 0 before the first lookup). */
    hit_rate: number;
  };
}

/** What one result cache call came to, for {@link Metrics.recordCache}. */
export type CacheEvent = 'hit' | 'miss' | 'error';

/** The seed's health response. */
export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  circuit_breaker: CircuitState;
  aagnet_available: boolean;
  /** ISO time of the check. */
  timestamp: string;
}

/** Structural type of the prom-client module parts used by {@link Metrics.prometheus}. */
export interface PromClientLike {
  Registry: new () => { metrics(): Promise<string> | string; contentType: string };
  Gauge: new (config: {
    name: string;
    help: string;
    labelNames?: readonly string[];
    registers: unknown[];
  }) => { set(labelsOrValue: Record<string, string> | number, value?: number): void };
  /** Used for the cache counters; when absent they are exported as gauges. */
  Counter?: new (config: { name: string; help: string; registers: unknown[] }) => { inc(value?: number): void };
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  store: MetricsSampleStore;
  dlq: DeadLetterQueue;
  /** The Tier 1 breaker; without one the snapshot reports `closed`, 0 failures and `failureThreshold`. */
  breaker?: CircuitBreaker;
  /** Threshold reported when there is no breaker. @defaultValue 5 */
  failureThreshold?: number;
  /** @defaultValue {@link systemClock} */
  clock?: Clock;
  /** Window of the `performance` block. @defaultValue 3_600_000 (1 h) */
  performanceWindowMs?: number;
  /** Window of the `quality` block. @defaultValue 86_400_000 (24 h) */
  qualityWindowMs?: number;
  /**
   * Is the Tier 1 model (AAGNet) usable? Used by {@link Metrics.health}.
   * @defaultValue `true` when there is no breaker, else `breaker.canPass()`
   */
  aagnetAvailable?: () => boolean | Promise<boolean>;
  /**
   * The prom-client module for {@link Metrics.prometheus}. When absent it is imported lazily
   * (`import('prom-client')`), so browser bundles that never call `prometheus()` never load it.
   */
  promClient?: PromClientLike;
}

/** The metrics and health service. */
export interface Metrics {
  /** Record one processed analysis (time defaults to now). */
  recordSample(
    sample: Omit<ProcessingSample, 'time'> & { time?: string },
    options?: { signal?: AbortSignal },
  ): Promise<ProcessingSample>;
  /** Count one result cache event (the analyzer calls this; see {@link MetricsSnapshot.cache}). */
  recordCache(event: CacheEvent): void;
  /** The seed's `/metrics` JSON over real time windows. */
  snapshot(options?: { signal?: AbortSignal }): Promise<MetricsSnapshot>;
  /** The same numbers in the Prometheus text exposition format (needs prom-client). */
  prometheus(options?: { signal?: AbortSignal }): Promise<{ contentType: string; body: string }>;
  /** Health: see docs/resilience.md for the rules. */
  health(options?: { signal?: AbortSignal }): Promise<HealthReport>;
}

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

async function aggregate(
  store: MetricsSampleStore,
  since: string,
  until: string,
  signal?: AbortSignal,
): Promise<SampleAggregate> {
  if (store.aggregate) return store.aggregate({ since, until }, { signal });
  const agg: SampleAggregate = { count: 0, sumDurationMs: 0, qualityCount: 0, sumQualityScore: 0, recognizedCount: 0, okCount: 0 };
  for (const s of await store.query({ since, until }, { signal })) {
    agg.count++;
    agg.sumDurationMs += s.durationMs;
    if (s.qualityScore !== null) {
      agg.qualityCount++;
      agg.sumQualityScore += s.qualityScore;
    }
    if (s.recognized) agg.recognizedCount++;
    if (s.ok) agg.okCount++;
  }
  return agg;
}

/**
 * Metrics and health over a {@link MetricsSampleStore}, the DLQ and the breaker.
 *
 * - `performance`: samples with `now − 1 h ≤ time ≤ now`: `requests_last_hour` = count,
 *   `avg_processing_time_sec` = mean `durationMs` / 1000 (3 decimals; 0 with no samples).
 * - `quality` (24 h window by default): `avg_quality_score` = mean of non-null quality scores
 *   (0–1, the scale of `result.quality.score`; 4 decimals; 0 with none); `recognition_rate` = share of samples with `recognized: true`
 *   (4 decimals, 0–1; 0 with no samples).
 * - `dead_letter_queue`: `dlq.stats()` (last 24 h).
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ store: stores.metrics, dlq, breaker });
 * await metrics.recordSample({ durationMs: 840, qualityScore: 0.92, recognized: true, tier: 'tier1', ok: true });
 * res.json(await metrics.snapshot());
 * ```
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const clock = options.clock ?? systemClock;
  const perfWindow = options.performanceWindowMs ?? 3_600_000;
  const qualityWindow = options.qualityWindowMs ?? 86_400_000;
  const { breaker } = options;
  const cacheCounts = { hit: 0, miss: 0, error: 0 };

  const snapshot = async (opts: { signal?: AbortSignal } = {}): Promise<MetricsSnapshot> => {
    throwIfAborted(opts.signal);
    await breaker?.refresh(opts);
    const now = clock.now();
    // `until` is exclusive in the ports; +1 ms makes a sample stamped exactly "now" count.
    const until = new Date(now + 1).toISOString();
    const [perf, quality, dlq] = await Promise.all([
      aggregate(options.store, new Date(now - perfWindow).toISOString(), until, opts.signal),
      aggregate(options.store, new Date(now - qualityWindow).toISOString(), until, opts.signal),
      options.dlq.stats(opts),
    ]);
    return {
      circuit_breaker: breaker
        ? { state: breaker.state, failure_count: breaker.failureCount, failure_threshold: breaker.failureThreshold }
        : { state: 'closed', failure_count: 0, failure_threshold: options.failureThreshold ?? 5 },
      dead_letter_queue: dlq,
      performance: {
        avg_processing_time_sec: perf.count ? round(perf.sumDurationMs / perf.count / 1000, 3) : 0,
        requests_last_hour: perf.count,
      },
      quality: {
        avg_quality_score: quality.qualityCount ? round(quality.sumQualityScore / quality.qualityCount, 4) : 0,
        recognition_rate: quality.count ? round(quality.recognizedCount / quality.count, 4) : 0,
      },
      cache: {
        hits: cacheCounts.hit,
        misses: cacheCounts.miss,
        errors: cacheCounts.error,
        hit_rate: cacheCounts.hit + cacheCounts.miss ? round(cacheCounts.hit / (cacheCounts.hit + cacheCounts.miss), 4) : 0,
      },
    };
  };

  return {
    async recordSample(input, opts = {}) {
      // One scale everywhere: a score on another scale (e.g. a percentage) would silently skew the mean.
      const q = input.qualityScore;
      if (q !== null && !(Number.isFinite(q) && q >= 0 && q <= 1)) {
        throw new CadlensError('USAGE', `qualityScore must be null or within 0–1 (result.quality.score), got ${q}`, {
          kind: 'permanent',
          stage: 'resilience',
        });
      }
      const sample: ProcessingSample = { ...input, time: input.time ?? new Date(clock.now()).toISOString() };
      await options.store.record(sample, opts);
      return sample;
    },

    recordCache(event) {
      cacheCounts[event]++;
    },

    snapshot,

    async prometheus(opts = {}) {
      const s = await snapshot(opts);
      const prom = options.promClient ?? (await loadPromClient());
      const registry = new prom.Registry();
      const gauge = (name: string, help: string, value: number, labels?: Record<string, string>, labelNames?: string[]) => {
        const g = new prom.Gauge({ name, help, registers: [registry], ...(labelNames ? { labelNames } : {}) });
        if (labels) g.set(labels, value);
        else g.set(value);
        return g;
      };
      const stateValue = { closed: 0, half_open: 1, open: 2, isolated: 3 }[s.circuit_breaker.state];
      gauge('cadlens_circuit_breaker_state', 'Breaker state: 0 closed, 1 half_open, 2 open, 3 isolated', stateValue);
      gauge('cadlens_circuit_breaker_failure_count', 'Failures counted by the breaker strategy', s.circuit_breaker.failure_count);
      gauge('cadlens_circuit_breaker_failure_threshold', 'Failures that open the breaker', s.circuit_breaker.failure_threshold);
      gauge('cadlens_dead_letters_24h', 'Dead letters recorded in the last 24 h', s.dead_letter_queue.total_failures_24h);
      const byKind = new prom.Gauge({
        name: 'cadlens_dead_letters_24h_by_kind',
        help: 'Dead letters recorded in the last 24 h by error kind',
        labelNames: ['kind'],
        registers: [registry],
      });
      for (const [kind, n] of Object.entries(s.dead_letter_queue.by_error_type)) byKind.set({ kind }, n);
      gauge('cadlens_avg_processing_time_seconds', 'Mean analysis time over the last hour', s.performance.avg_processing_time_sec);
      gauge('cadlens_requests_last_hour', 'Analyses in the last hour', s.performance.requests_last_hour);
      gauge('cadlens_avg_quality_score', 'Mean quality score (0-1) over the quality window', s.quality.avg_quality_score);
      gauge('cadlens_recognition_rate', 'Share (0-1) of analyses with at least one recognized face', s.quality.recognition_rate);
      const counter = (name: string, help: string, value: number) => {
        if (prom.Counter) new prom.Counter({ name, help, registers: [registry] }).inc(value);
        else gauge(name, help, value);
      };
      counter('cadlens_cache_hits_total', 'Result cache lookups answered from the cache', s.cache.hits);
      counter('cadlens_cache_misses_total', 'Result cache lookups that found nothing usable', s.cache.misses);
      counter('cadlens_cache_errors_total', 'Result cache calls that failed or timed out', s.cache.errors);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },

    async health(opts = {}) {
      throwIfAborted(opts.signal);
      await breaker?.refresh(opts);
      const now = clock.now();
      const state: CircuitState = breaker?.state ?? 'closed';
      const aagnet = options.aagnetAvailable ? await options.aagnetAvailable() : breaker ? breaker.canPass() : true;
      let storesOk = true;
      try {
        await options.dlq.stats(opts);
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        storesOk = false;
      }
      let status: HealthReport['status'] = 'healthy';
      if (!storesOk || state === 'isolated') status = 'unhealthy';
      else if (state !== 'closed' || !aagnet || breaker?.storeDegraded) status = 'degraded';
      return { status, circuit_breaker: state, aagnet_available: aagnet, timestamp: new Date(now).toISOString() };
    },
  };
}

async function loadPromClient(): Promise<PromClientLike> {
  // A variable specifier keeps bundlers from pulling prom-client (and its Node imports) into the
  // browser-safe core; it is only resolved when `prometheus()` is called.
  const specifier = 'prom-client';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as PromClientLike & { default?: PromClientLike };
    return mod.Registry ? mod : mod.default!;
  } catch (cause) {
    const { CadlensError } = await import('../errors/index.js');
    throw new CadlensError('USAGE', 'prometheus() needs the optional dependency prom-client (npm install prom-client)', {
      kind: 'permanent',
      stage: 'resilience',
      cause,
    });
  }
}
