import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitBreaker,
  CadlensError,
  createAuditTrail,
  createManualClock,
  isCadlensError,
  type StateChange,
} from 'cadlens';
import { createMemoryStores } from '../../adapters/memory/index.js';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const transient = () => new CadlensError('OCCT_TIMEOUT', 'slow');
const fail = (e: unknown = transient()) => () => Promise.reject(e);
const ok = <T>(v: T) => () => Promise.resolve(v);

async function rejectsWith(p: Promise<unknown>): Promise<CadlensError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isCadlensError(e)) throw new Error(`expected CadlensError, got ${String(e)}`);
  return e;
}

function recordEvents(b: CircuitBreaker): string[] {
  const log: string[] = [];
  b.onStateChange((c) => log.push(`change:${c.from}->${c.to}:${c.reason}`));
  b.onOpen(() => log.push('open'));
  b.onClose(() => log.push('close'));
  b.onHalfOpen(() => log.push('half_open'));
  b.onIsolate(() => log.push('isolate'));
  return log;
}

describe('CircuitBreaker (injected manual clock)', () => {
  it('walks closed → open → half_open → closed with exact events and snapshots', async () => {
    const clock = createManualClock(T0);
    const b = new CircuitBreaker({ clock });
    const log = recordEvents(b);
    expect(b.snapshot()).toEqual({
      state: 'closed',
      failure_count: 0,
      failure_threshold: 5,
      last_failure_time: null,
      retry_after_seconds: null,
    });
    for (let i = 1; i <= 4; i++) {
      await expect(b.execute(fail())).rejects.toThrow('slow');
      expect(b.state).toBe('closed');
      expect(b.failureCount).toBe(i);
    }
    clock.advance(1000);
    await expect(b.execute(fail())).rejects.toThrow('slow');
    expect(b.state).toBe('open');
    expect(log).toEqual(['change:closed->open:failure_threshold', 'open']);
    expect(b.snapshot()).toEqual({
      state: 'open',
      failure_count: 5,
      failure_threshold: 5,
      last_failure_time: new Date(T0 + 1000).toISOString(),
      retry_after_seconds: 60,
    });

    const rejected = await rejectsWith(b.execute(ok(1)));
    expect(rejected.code).toBe('BREAKER_OPEN');
    expect(rejected.kind).toBe('systemic');
    expect(rejected.details).toMatchObject({ reason: 'breaker_open', retryAfterSeconds: 60 });
    expect(b.canPass()).toBe(false);
    expect(b.isOpen).toBe(true);

    clock.advance(59_999);
    expect(b.retryAfterSeconds).toBe(1);
    clock.advance(1);
    expect(b.retryAfterSeconds).toBe(0);
    expect(b.canPass()).toBe(true);
    expect(b.state).toBe('open'); // half-open is entered lazily, on the next call

    await expect(b.execute(ok('probe'))).resolves.toBe('probe');
    expect(b.state).toBe('closed');
    expect(b.failureCount).toBe(0);
    expect(log).toEqual([
      'change:closed->open:failure_threshold',
      'open',
      'change:open->half_open:timeout_elapsed',
      'half_open',
      'change:half_open->closed:probe_succeeded',
      'close',
    ]);
  });

  it('a failed probe re-opens for a fresh timeout', async () => {
    const clock = createManualClock(T0);
    const b = new CircuitBreaker({ clock, failureThreshold: 1, timeoutMs: 10_000 });
    const log = recordEvents(b);
    await expect(b.execute(fail())).rejects.toThrow();
    clock.advance(10_000);
    await expect(b.execute(fail())).rejects.toThrow('slow');
    expect(b.state).toBe('open');
    expect(b.retryAfterSeconds).toBe(10);
    expect(log).toEqual([
      'change:closed->open:failure_threshold',
      'open',
      'change:open->half_open:timeout_elapsed',
      'half_open',
      'change:half_open->open:probe_failed',
      'open',
    ]);
    clock.advance(9_999);
    expect((await rejectsWith(b.execute(ok(1)))).code).toBe('BREAKER_OPEN');
  });

  it('admits exactly one concurrent probe by default; others get BREAKER_OPEN probe_in_progress', async () => {
    const clock = createManualClock(T0);
    const b = new CircuitBreaker({ clock, failureThreshold: 1, timeoutMs: 1000 });
    await expect(b.execute(fail())).rejects.toThrow();
    clock.advance(1000);
    let release!: () => void;
    const probe = b.execute(() => new Promise<string>((r) => (release = () => r('done'))));
    await vi.waitFor(() => expect(b.state).toBe('half_open'));
    const second = await rejectsWith(b.execute(ok(2)));
    expect(second.code).toBe('BREAKER_OPEN');
    expect(second.details.reason).toBe('probe_in_progress');
    expect(b.snapshot().retry_after_seconds).toBe(0);
    release();
    await expect(probe).resolves.toBe('done');
    expect(b.state).toBe('closed');
  });

  it('halfOpenMaxProbes = 3: needs three successful probes to close, admits no fourth', async () => {
    const clock = createManualClock(T0);
    const b = new CircuitBreaker({ clock, failureThreshold: 1, timeoutMs: 1000, halfOpenMaxProbes: 3 });
    await expect(b.execute(fail())).rejects.toThrow();
    clock.advance(1000);
    const gates: (() => void)[] = [];
    const probes = [0, 1, 2].map(() => b.execute(() => new Promise<void>((r) => gates.push(r))));
    await vi.waitFor(() => expect(gates).toHaveLength(3));
    expect((await rejectsWith(b.execute(ok(1)))).details.reason).toBe('probe_in_progress');
    gates[0]!();
    gates[1]!();
    await Promise.all([probes[0], probes[1]]);
    expect(b.state).toBe('half_open');
    gates[2]!();
    await probes[2];
    expect(b.state).toBe('closed');
  });

  it('consecutive strategy: a success resets the count; permanent errors do not count', async () => {
    const b = new CircuitBreaker({ clock: createManualClock(T0), failureThreshold: 3 });
    await expect(b.execute(fail())).rejects.toThrow();
    await expect(b.execute(fail())).rejects.toThrow();
    await b.execute(ok(1));
    expect(b.failureCount).toBe(0);
    await expect(b.execute(fail())).rejects.toThrow();
    await expect(b.execute(fail(new CadlensError('STEP_BAD_MAGIC', 'not a STEP file')))).rejects.toThrow();
    expect(b.failureCount).toBe(0);
    await expect(b.execute(fail(new CadlensError('MODEL_LOAD_FAILED', 'model gone')))).rejects.toThrow();
    await expect(b.execute(fail())).rejects.toThrow();
    await expect(b.execute(fail())).rejects.toThrow();
    expect(b.state).toBe('open');
  });

  it('count-window strategy: opens on threshold failures inside one window, not across windows', async () => {
    const clock = createManualClock(T0);
    const b = new CircuitBreaker({ clock, strategy: { kind: 'count-window', threshold: 3, windowMs: 10_000 } });
    await expect(b.execute(fail())).rejects.toThrow();
    clock.advance(4000);
    await b.execute(ok(1)); // successes do not reset a count window
    await expect(b.execute(fail())).rejects.toThrow();
    expect(b.failureCount).toBe(2);
    clock.advance(6000); // window started at T0 has now elapsed
    await expect(b.execute(fail())).rejects.toThrow();
    expect(b.failureCount).toBe(1);
    expect(b.state).toBe('closed');
    clock.advance(9000);
    await expect(b.execute(fail())).rejects.toThrow();
    await expect(b.execute(fail())).rejects.toThrow();
    expect(b.state).toBe('open');
    expect(b.failureCount).toBe(3);
  });

  it('isolate holds it open (BREAKER_ISOLATED) past the timeout until reset', async () => {
    const clock = createManualClock(T0);
    const b = new CircuitBreaker({ clock });
    const log = recordEvents(b);
    await b.isolate();
    expect(b.state).toBe('isolated');
    clock.advance(3_600_000);
    const e = await rejectsWith(b.execute(ok(1)));
    expect(e.code).toBe('BREAKER_ISOLATED');
    expect(e.kind).toBe('systemic');
    expect(b.canPass()).toBe(false);
    expect(b.snapshot().retry_after_seconds).toBeNull();
    await b.reset();
    expect(b.state).toBe('closed');
    await expect(b.execute(ok(7))).resolves.toBe(7);
    expect(log).toEqual(['change:closed->isolated:isolate', 'isolate', 'change:isolated->closed:reset', 'close']);
  });

  it('reset from open closes and clears counts; disposed listeners stop receiving', async () => {
    const b = new CircuitBreaker({ clock: createManualClock(T0), failureThreshold: 1 });
    const seen: StateChange[] = [];
    const sub = b.onStateChange((c) => seen.push(c));
    await expect(b.execute(fail())).rejects.toThrow();
    sub.dispose();
    await b.reset();
    expect(b.snapshot()).toMatchObject({ state: 'closed', failure_count: 0, last_failure_time: null });
    expect(seen.map((c) => c.to)).toEqual(['open']);
  });

  it('toJSON / initialState round-trips an open breaker', async () => {
    const clock = createManualClock(T0);
    const a = new CircuitBreaker({ clock, failureThreshold: 2, name: 'tier1' });
    await expect(a.execute(fail())).rejects.toThrow();
    await expect(a.execute(fail())).rejects.toThrow();
    const saved = JSON.parse(JSON.stringify(a));
    const b = new CircuitBreaker({ clock, failureThreshold: 2, initialState: saved });
    expect(b.name).toBe('tier1');
    expect(b.snapshot()).toEqual(a.snapshot());
    expect((await rejectsWith(b.execute(ok(1)))).code).toBe('BREAKER_OPEN');
  });

  it('emits circuit_breaker_opened / half_open / closed audit events, after the listeners', async () => {
    const clock = createManualClock(T0);
    const stores = createMemoryStores();
    const audit = createAuditTrail({ store: stores.audit, clock });
    const b = new CircuitBreaker({ clock, failureThreshold: 1, timeoutMs: 1000, audit, name: 'tier1' });
    let auditCountAtOpenEvent = -1;
    b.onOpen(() => {
      void stores.audit.query().then((e) => (auditCountAtOpenEvent = e.length));
    });
    await expect(b.execute(fail())).rejects.toThrow();
    clock.advance(1000);
    await b.execute(ok(1));
    const events = await audit.query();
    expect(events.map((e) => e.type)).toEqual([
      'circuit_breaker_opened',
      'circuit_breaker_half_open',
      'circuit_breaker_closed',
    ]);
    expect(events[0]).toMatchObject({
      requestId: null,
      partSha256: null,
      time: new Date(T0).toISOString(),
      details: { breaker: 'tier1', from: 'closed', to: 'open', reason: 'failure_threshold', failure_threshold: 1 },
    });
    expect(auditCountAtOpenEvent).toBe(0);
  });

  it('honours an aborted signal before admission', async () => {
    const b = new CircuitBreaker({ clock: createManualClock(T0) });
    const c = new AbortController();
    c.abort();
    const fn = vi.fn(ok(1));
    expect((await rejectsWith(b.execute(fn, { signal: c.signal }))).code).toBe('ABORTED');
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('CircuitBreaker with vi.useFakeTimers and the system clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses the default 60 s timeout and threshold 5', async () => {
    vi.useFakeTimers({ now: T0 });
    const b = new CircuitBreaker();
    const log = recordEvents(b);
    for (let i = 0; i < 5; i++) await expect(b.execute(fail())).rejects.toThrow();
    expect(b.state).toBe('open');
    vi.advanceTimersByTime(59_999);
    expect(b.retryAfterSeconds).toBe(1);
    expect((await rejectsWith(b.execute(ok(1)))).code).toBe('BREAKER_OPEN');
    vi.advanceTimersByTime(1);
    await expect(b.execute(ok('x'))).resolves.toBe('x');
    expect(log).toEqual([
      'change:closed->open:failure_threshold',
      'open',
      'change:open->half_open:timeout_elapsed',
      'half_open',
      'change:half_open->closed:probe_succeeded',
      'close',
    ]);
  });
});
