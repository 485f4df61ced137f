import { describe, expect, it, vi } from 'vitest';
import {
  CircuitBreaker,
  CadlensError,
  createAuditTrail,
  createManualClock,
  isCadlensError,
  type StoreStatusChange,
} from 'cadlens';
import { createMemoryStores } from '../../adapters/memory/index.js';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const fail = () => Promise.reject(new CadlensError('OCCT_TIMEOUT', 'slow'));

describe('CircuitBreaker sharing one memory BreakerStateStore', () => {
  it('a failure streak across two instances opens both; the second sees it as a shared transition', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores({ yieldToEventLoop: true });
    const a = new CircuitBreaker({ name: 'tier1', clock, store: stores.breakerState, failureThreshold: 4, instanceId: 'A' });
    const b = new CircuitBreaker({ name: 'tier1', clock, store: stores.breakerState, failureThreshold: 4, instanceId: 'B' });
    const bChanges: string[] = [];
    b.onStateChange((c) => bChanges.push(`${c.from}->${c.to}:${c.source}`));
    await expect(a.execute(fail)).rejects.toThrow();
    await expect(b.execute(fail)).rejects.toThrow();
    await expect(a.execute(fail)).rejects.toThrow();
    expect(b.failureCount).toBe(2); // b's local view is as of its last call
    await expect(b.execute(fail)).rejects.toThrow();
    expect(b.state).toBe('open');
    expect((await stores.breakerState.get('tier1'))?.failureCount).toBe(4);
    const e = await a.execute(() => Promise.resolve(1)).catch((x: unknown) => x);
    expect(isCadlensError(e) && e.code).toBe('BREAKER_OPEN');
    expect(a.state).toBe('open');
    expect(bChanges).toEqual(['closed->open:local']);
  });

  it('concurrent failures are all counted (compare-and-set retries, no lost update)', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores({ yieldToEventLoop: true });
    const breakers = Array.from(
      { length: 6 },
      (_, i) => new CircuitBreaker({ name: 'x', clock, store: stores.breakerState, failureThreshold: 100, instanceId: `i${i}` }),
    );
    await Promise.all(breakers.map((br) => br.execute(fail).catch(() => undefined)));
    expect((await stores.breakerState.get('x'))?.failureCount).toBe(6);
  });

  it('after the timeout exactly one of two instances probes; the other gets probe_in_progress', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores({ yieldToEventLoop: true });
    const audit = createAuditTrail({ store: stores.audit, clock });
    const opts = { name: 'tier1', clock, store: stores.breakerState, failureThreshold: 1, timeoutMs: 60_000, audit };
    const a = new CircuitBreaker({ ...opts, instanceId: 'A' });
    const b = new CircuitBreaker({ ...opts, instanceId: 'B' });
    await expect(a.execute(fail)).rejects.toThrow();
    clock.advance(60_000);

    const probeCalls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const run = (who: string) => () => {
      probeCalls.push(who);
      return gate.then(() => who);
    };
    const results = Promise.allSettled([a.execute(run('A')), b.execute(run('B'))]);
    await vi.waitFor(() => expect(probeCalls.length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 20));
    expect(probeCalls).toHaveLength(1);
    release();
    const [ra, rb] = await results;
    const outcomes = [ra, rb].map((r) => (r.status === 'fulfilled' ? 'probe' : (r.reason as CadlensError).details.reason));
    expect(outcomes.sort()).toEqual(['probe', 'probe_in_progress']);
    const shared = await stores.breakerState.get('tier1');
    expect(shared).toMatchObject({ state: 'closed', failureCount: 0, probeLeaseOwner: null });
    // Only the instance that made each transition audits it: one opened, one half_open, one closed.
    expect((await audit.query()).map((e) => e.type)).toEqual([
      'circuit_breaker_opened',
      'circuit_breaker_half_open',
      'circuit_breaker_closed',
    ]);
    // The loser catches up on its next call.
    const loser = ra.status === 'rejected' ? a : b;
    await expect(loser.execute(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(loser.state).toBe('closed');
  });

  it('a prober that dies leaves a lease that expires; then another instance probes', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const opts = { name: 'tier1', clock, store: stores.breakerState, failureThreshold: 1, timeoutMs: 1000, probeLeaseMs: 5000 };
    const a = new CircuitBreaker({ ...opts, instanceId: 'A' });
    const b = new CircuitBreaker({ ...opts, instanceId: 'B' });
    await expect(a.execute(fail)).rejects.toThrow();
    clock.advance(1000);
    void a.execute(() => new Promise(() => {})); // A probes and never returns (crashed process)
    await vi.waitFor(async () => expect((await stores.breakerState.get('tier1'))?.probeLeaseOwner).toBe('A'));
    const early = await b.execute(() => Promise.resolve(1)).catch((e: CadlensError) => e.details.reason);
    expect(early).toBe('probe_in_progress');
    clock.advance(5000);
    await expect(b.execute(() => Promise.resolve('B probed'))).resolves.toBe('B probed');
    expect((await stores.breakerState.get('tier1'))?.state).toBe('closed');
  });

  it('keeps working on local state when the store fails, says so, and recovers', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const b = new CircuitBreaker({ name: 'tier1', clock, store: stores.breakerState, failureThreshold: 2, timeoutMs: 1000 });
    const status: StoreStatusChange[] = [];
    b.onStoreStatus((s) => status.push(s));
    await expect(b.execute(fail)).rejects.toThrow();
    stores.simulateOutage(true);
    await expect(b.execute(fail)).rejects.toThrow('slow');
    expect(b.storeDegraded).toBe(true);
    expect(b.state).toBe('open'); // opened locally: 1 shared + 1 local failure
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({ degraded: true, breaker: 'tier1' });
    expect(isCadlensError(status[0]!.error) && (status[0]!.error as CadlensError).code).toBe('STORE_UNAVAILABLE');
    const rejected = await b.execute(() => Promise.resolve(1)).catch((e: CadlensError) => e.code);
    expect(rejected).toBe('BREAKER_OPEN');
    clock.advance(1000);
    await expect(b.execute(() => Promise.resolve('local probe'))).resolves.toBe('local probe');
    expect(b.state).toBe('closed');
    stores.simulateOutage(false);
    await b.execute(() => Promise.resolve(1));
    expect(b.storeDegraded).toBe(false);
    expect(status.map((s) => s.degraded)).toEqual([true, false]);
  });

  it('isolate and reset propagate to the other instance', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const a = new CircuitBreaker({ name: 'n', clock, store: stores.breakerState });
    const b = new CircuitBreaker({ name: 'n', clock, store: stores.breakerState });
    await a.isolate();
    const e = await b.execute(() => Promise.resolve(1)).catch((x: CadlensError) => x.code);
    expect(e).toBe('BREAKER_ISOLATED');
    await b.reset();
    await a.refresh();
    expect(a.state).toBe('closed');
  });
});

describe('guardWithBreaker with a breaker shared through a store', () => {
  it('skips the tier as breaker_open as soon as another instance opened the shared breaker, before any call of its own', async () => {
    const { guardWithBreaker, defineRecognizer } = await import('cadlens');
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const elsewhere = new CircuitBreaker({ name: 'aagnet', clock, store: stores.breakerState, failureThreshold: 2, instanceId: 'other-process' });
    const here = new CircuitBreaker({ name: 'aagnet', clock, store: stores.breakerState, failureThreshold: 2, instanceId: 'this-process' });
    let calls = 0;
    const tier1 = guardWithBreaker(
      defineRecognizer({ id: 'ml', tier: 1, nominalConfidence: 0.95, canRecognize: () => ({ ok: true }), recognize: async () => (calls++, { faces: [], features: [] }) as never }),
      here,
    );
    const ctx = { signal: new AbortController().signal } as never;
    expect(await tier1.canRecognize({} as never, ctx)).toEqual({ ok: true });
    await expect(elsewhere.execute(fail)).rejects.toThrow();
    await expect(elsewhere.execute(fail)).rejects.toThrow(); // the other process opens the shared breaker
    expect(here.state).toBe('closed'); // this instance has not looked yet
    expect(await tier1.canRecognize({} as never, ctx)).toMatchObject({ ok: false, reason: 'breaker_open' });
    expect(here.state).toBe('open');
    expect(calls).toBe(0);
  });
});
