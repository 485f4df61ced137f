import { describe, expect, it } from 'vitest';
import * as promClient from 'prom-client';
import {
  CadlensError,
  CircuitBreaker,
  createDeadLetterQueue,
  createManualClock,
  createMetrics,
  type PromClientLike,
} from 'cadlens';
import { createMemoryStores } from '../../adapters/memory/index.js';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function setup() {
  const clock = createManualClock(T0);
  const stores = createMemoryStores();
  const dlq = createDeadLetterQueue({ store: stores.deadLetters, clock });
  const breaker = new CircuitBreaker({ clock, failureThreshold: 2, timeoutMs: MIN, store: stores.breakerState, name: 'tier1' });
  const metrics = createMetrics({ store: stores.metrics, dlq, breaker, clock });
  return { clock, stores, dlq, breaker, metrics };
}

describe('createMetrics', () => {
  it('has exactly the seed /metrics fields (plus the cache counters), all zero when idle', async () => {
    const { metrics } = setup();
    expect(await metrics.snapshot()).toEqual({
      circuit_breaker: { state: 'closed', failure_count: 0, failure_threshold: 2 },
      dead_letter_queue: { total_failures_24h: 0, by_error_type: { transient: 0, permanent: 0, systemic: 0 } },
      performance: { avg_processing_time_sec: 0, requests_last_hour: 0 },
      quality: { avg_quality_score: 0, recognition_rate: 0 },
      cache: { hits: 0, misses: 0, errors: 0, hit_rate: 0 },
    });
  });

  it('computes performance over the last hour and quality over 24 h from real samples', async () => {
    const { metrics, clock, dlq } = setup();
    // 3 h ago: in the quality window only.
    await metrics.recordSample({ durationMs: 10_000, qualityScore: 0.4, recognized: false, tier: null, ok: false });
    clock.advance(2 * HOUR + 30 * MIN); // now T0+2.5h
    await metrics.recordSample({ durationMs: 1000, qualityScore: 0.9, recognized: true, tier: 'tier1', ok: true });
    clock.advance(10 * MIN);
    await metrics.recordSample({ durationMs: 2000, qualityScore: null, recognized: true, tier: 'tier3', ok: true });
    clock.advance(10 * MIN);
    await metrics.recordSample({ durationMs: 3500, qualityScore: 0.7, recognized: false, tier: 'tier4', ok: true });
    await dlq.add({ error: new CadlensError('STEP_BAD_MAGIC', 'x'), input: { name: 'a', sizeBytes: 0, sha256: '' } });
    clock.advance(41 * MIN); // now T0+3h31m: the hour window starts at T0+2h31m
    const s = await metrics.snapshot();
    expect(s.performance).toEqual({ avg_processing_time_sec: 2.75, requests_last_hour: 2 }); // 2000 and 3500 ms
    expect(s.quality).toEqual({ avg_quality_score: 0.6667, recognition_rate: 0.5 }); // (0.4+0.9+0.7)/3; 2 of 4
    expect(s.dead_letter_queue).toEqual({ total_failures_24h: 1, by_error_type: { transient: 0, permanent: 1, systemic: 0 } });
    clock.advance(21 * HOUR);
    const later = await metrics.snapshot();
    expect(later.performance.requests_last_hour).toBe(0);
    expect(later.quality).toEqual({ avg_quality_score: 0.8, recognition_rate: 0.6667 }); // first sample aged out
  });

  it('keeps one quality scale (0–1, as result.quality.score): a percentage is rejected, not averaged', async () => {
    const { metrics, stores } = setup();
    await expect(metrics.recordSample({ durationMs: 1, qualityScore: 92, recognized: true, tier: 'tier1', ok: true })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(metrics.recordSample({ durationMs: 1, qualityScore: Number.NaN, recognized: true, tier: null, ok: true })).rejects.toMatchObject({
      code: 'USAGE',
    });
    expect(await stores.metrics.query()).toEqual([]);
    await metrics.recordSample({ durationMs: 1, qualityScore: 0.89, recognized: true, tier: 'tier1', ok: true });
    expect((await metrics.snapshot()).quality.avg_quality_score).toBe(0.89); // the seed's own example value
  });

  it('reports the shared breaker state', async () => {
    const { metrics, breaker, stores, clock } = setup();
    const other = new CircuitBreaker({ clock, failureThreshold: 2, store: stores.breakerState, name: 'tier1' });
    await expect(other.execute(() => Promise.reject(new CadlensError('TIMEOUT', 't')))).rejects.toThrow();
    await expect(other.execute(() => Promise.reject(new CadlensError('TIMEOUT', 't')))).rejects.toThrow();
    expect((await metrics.snapshot()).circuit_breaker).toEqual({ state: 'open', failure_count: 2, failure_threshold: 2 });
    expect(breaker.state).toBe('open');
  });

  it('renders Prometheus text with prom-client (injected and lazily imported)', async () => {
    const { metrics, clock } = setup();
    await metrics.recordSample({ durationMs: 1500, qualityScore: 0.8, recognized: true, tier: 'tier1', ok: true });
    clock.advance(1);
    const injected = createMetrics({
      store: setup().stores.metrics,
      dlq: setup().dlq,
      promClient: promClient as unknown as PromClientLike,
    });
    expect((await injected.prometheus()).body).toContain('cadlens_requests_last_hour 0');
    const { contentType, body } = await metrics.prometheus();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('# TYPE cadlens_circuit_breaker_state gauge');
    expect(body).toContain('cadlens_circuit_breaker_state 0');
    expect(body).toContain('cadlens_requests_last_hour 1');
    expect(body).toContain('cadlens_avg_processing_time_seconds 1.5');
    expect(body).toContain('cadlens_recognition_rate 1');
    expect(body).toContain('cadlens_dead_letters_24h_by_kind{kind="permanent"} 0');
  });
});

describe('health', () => {
  it('healthy → degraded (breaker open, AAGNet unavailable) → healthy; unhealthy when isolated or the store is down', async () => {
    const { metrics, breaker, clock, stores } = setup();
    let h = await metrics.health();
    expect(h).toEqual({ status: 'healthy', circuit_breaker: 'closed', aagnet_available: true, timestamp: new Date(T0).toISOString() });
    for (let i = 0; i < 2; i++) await breaker.execute(() => Promise.reject(new CadlensError('MODEL_LOAD_FAILED', 'm'))).catch(() => undefined);
    h = await metrics.health();
    expect(h).toMatchObject({ status: 'degraded', circuit_breaker: 'open', aagnet_available: false });
    clock.advance(MIN);
    await breaker.execute(async () => 1);
    expect(await metrics.health()).toMatchObject({ status: 'healthy', circuit_breaker: 'closed', aagnet_available: true });
    await breaker.isolate();
    expect(await metrics.health()).toMatchObject({ status: 'unhealthy', circuit_breaker: 'isolated' });
    await breaker.reset();
    stores.simulateOutage(true);
    expect(await metrics.health()).toMatchObject({ status: 'unhealthy' });
  });

  it('aagnetAvailable hook: a missing model degrades health even with a closed breaker', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const metrics = createMetrics({
      store: stores.metrics,
      dlq: createDeadLetterQueue({ store: stores.deadLetters, clock }),
      clock,
      aagnetAvailable: async () => false,
    });
    expect(await metrics.health()).toMatchObject({ status: 'degraded', circuit_breaker: 'closed', aagnet_available: false });
  });
});
