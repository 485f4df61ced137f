import { CadlensError } from '../errors/index.js';
import type { AuditEventType } from '../storage/audit-store.js';
import type {
  BreakerSharedState,
  BreakerStateName,
  BreakerStateStore,
  BreakerStateUpdate,
} from '../storage/breaker-state-store.js';
import { throwIfAborted } from '../errors/abort.js';
import { classifyError, type ClassificationRule } from './classify-error.js';
import { systemClock, type Clock } from './clock.js';
import { EventEmitter, type Disposable } from './disposable.js';

// Hand-written rather than cockatiel@3: the shared-state requirements (compare-and-set against a
// pluggable store, a cross-process probe lease, degrading to local state when the store fails) do
// not fit cockatiel's in-memory `CircuitBreakerPolicy`, and wrapping it would mean keeping two
// state machines in sync. The public shape (onStateChange, isolate, toJSON/initialState, pluggable
// strategy, injected clock) follows cockatiel's ideas.

/** Breaker states. `isolated` is the manual hold-open state set by {@link CircuitBreaker.isolate}. */
export type CircuitState = BreakerStateName;

/**
 * When to open:
 * - `consecutive`: after `threshold` failures in a row (a success resets the count);
 * - `count-window`: after `threshold` failures within one window of `windowMs` that starts at the
 *   first failure (a tumbling window; successes do not reset it).
 */
export type BreakerStrategy =
  | { kind: 'consecutive'; threshold: number }
  | { kind: 'count-window'; threshold: number; windowMs: number };

/** Why a transition happened. */
export type StateChangeReason =
  | 'failure_threshold'
  | 'timeout_elapsed'
  | 'probe_succeeded'
  | 'probe_failed'
  | 'reset'
  | 'isolate'
  | 'shared_state';

/** Payload of {@link CircuitBreaker.onStateChange}. */
export interface StateChange {
  breaker: string;
  from: CircuitState;
  to: CircuitState;
  /** Epoch ms from the breaker's clock. */
  at: number;
  reason: StateChangeReason;
  /** `local`: this instance made the change; `shared`: it was observed in the shared store. */
  source: 'local' | 'shared';
}

/** Payload of {@link CircuitBreaker.onStoreStatus}. */
export interface StoreStatusChange {
  breaker: string;
  /** True when the store just failed and the breaker fell back to local state. */
  degraded: boolean;
  operation: string;
  error?: unknown;
}

/** The seed's `/circuit-breaker` response, exactly these fields. */
export interface CircuitBreakerSnapshot {
  state: CircuitState;
  failure_count: number;
  failure_threshold: number;
  /** ISO time of the last counted failure, or `null`. */
  last_failure_time: string | null;
  /** Seconds until a probe is allowed while `open`; `0` while `half_open`; otherwise `null`. */
  retry_after_seconds: number | null;
}

/** Serialisable breaker state, see {@link CircuitBreaker.toJSON} and `initialState`. */
export interface CircuitBreakerJSON {
  name: string;
  state: CircuitState;
  failureCount: number;
  openedAt: number | null;
  lastFailureTime: number | null;
  windowStartedAt: number | null;
}

/** Minimal audit hook the breaker needs (an `AuditTrail` satisfies it). */
export interface BreakerAuditHook {
  record(
    type: AuditEventType,
    event: { requestId?: string | null; partSha256?: string | null; details?: Record<string, unknown> },
  ): Promise<unknown>;
}

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Key in the shared store and label in events. @defaultValue `'default'` */
  name?: string;
  /** Shorthand for `{ kind: 'consecutive', threshold }`. @defaultValue 5 (`CIRCUIT_BREAKER_THRESHOLD`) */
  failureThreshold?: number;
  /** Overrides `failureThreshold`. */
  strategy?: BreakerStrategy;
  /** How long the breaker stays open before a probe. @defaultValue 60_000 (`CIRCUIT_BREAKER_TIMEOUT_S` = 60) */
  timeoutMs?: number;
  /** Probe calls admitted in half-open; all must succeed to close, one failure re-opens. @defaultValue 1 */
  halfOpenMaxProbes?: number;
  /** @defaultValue {@link systemClock} */
  clock?: Clock;
  /** Shared state; without it the breaker is process-local. */
  store?: BreakerStateStore;
  /** Owner id for the probe lease. @defaultValue a random UUID */
  instanceId?: string;
  /** Probe lease lifetime: if the prober dies, another instance may probe after this. @defaultValue `timeoutMs` */
  probeLeaseMs?: number;
  /**
   * Which errors count as failures. @defaultValue transient and systemic errors count; permanent
   * ones (bad input) do not, and count as a success because the dependency answered.
   */
  isFailure?: (error: unknown) => boolean;
  /** Extra classification rules for the default `isFailure`. */
  rules?: readonly ClassificationRule[];
  /** Records `circuit_breaker_opened` / `_closed` / `_half_open` for transitions this instance makes. */
  audit?: BreakerAuditHook;
  /** Start from a saved {@link CircuitBreakerJSON}. */
  initialState?: CircuitBreakerJSON;
}

/** @internal local mirror of the shared record */
interface LocalState extends BreakerStateUpdate {
  version: number;
}

type Admission = 'normal' | 'probe';

const AUDIT_TYPE: Partial<Record<CircuitState, AuditEventType>> = {
  open: 'circuit_breaker_opened',
  closed: 'circuit_breaker_closed',
  half_open: 'circuit_breaker_half_open',
};

const CLOSED: BreakerStateUpdate = {
  state: 'closed',
  failureCount: 0,
  openedAt: null,
  lastFailureTime: null,
  windowStartedAt: null,
};

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * A circuit breaker: CLOSED → OPEN after the strategy's failures, OPEN → HALF_OPEN once `timeoutMs`
 * has passed (checked on the next call), HALF_OPEN → CLOSED after the probe(s) succeed or back to
 * OPEN on a probe failure. `isolate()` holds it open until `reset()`.
 *
 * With a {@link BreakerStateStore}, instances in several processes share one breaker: every change
 * is a compare-and-set on the stored version, and only the instance holding the probe lease may
 * probe. If the store fails, the breaker keeps working on its local state, sets
 * {@link CircuitBreaker.storeDegraded} and emits {@link CircuitBreaker.onStoreStatus}.
 *
 * Events fire synchronously in this order for a transition: `onStateChange`, then the specific one
 * (`onOpen` / `onClose` / `onHalfOpen` / `onIsolate`), then the audit record is written.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ name: 'tier1', store: stores.breakerState, audit });
 * const features = await breaker.execute((signal) => tier1.recognize(part, { signal }));
 * ```
 */
export class CircuitBreaker {
  readonly name: string;
  readonly strategy: BreakerStrategy;
  readonly timeoutMs: number;
  readonly halfOpenMaxProbes: number;
  readonly instanceId: string;

  private readonly clock: Clock;
  private readonly store: BreakerStateStore | undefined;
  private readonly probeLeaseMs: number;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly audit: BreakerAuditHook | undefined;

  private local: LocalState;
  private probesAdmitted = 0;
  private probeSuccesses = 0;
  private holdsLease = false;
  private degraded = false;
  private pendingAudit: Promise<unknown>[] = [];

  private readonly stateChange = new EventEmitter<StateChange>();
  private readonly opened = new EventEmitter<StateChange>();
  private readonly closed = new EventEmitter<StateChange>();
  private readonly halfOpened = new EventEmitter<StateChange>();
  private readonly isolatedEv = new EventEmitter<StateChange>();
  private readonly storeStatus = new EventEmitter<StoreStatusChange>();

  constructor(options: CircuitBreakerOptions = {}) {
    this.name = options.name ?? options.initialState?.name ?? 'default';
    this.strategy = options.strategy ?? { kind: 'consecutive', threshold: options.failureThreshold ?? 5 };
    if (!(this.strategy.threshold >= 1))
      throw new CadlensError('CONFIG_INVALID', `failureThreshold (the strategy's threshold) must be at least 1, got ${String(this.strategy.threshold)}`, { stage: 'config' });
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.halfOpenMaxProbes = Math.max(1, Math.floor(options.halfOpenMaxProbes ?? 1));
    this.clock = options.clock ?? systemClock;
    this.store = options.store;
    this.instanceId = options.instanceId ?? randomId();
    this.probeLeaseMs = options.probeLeaseMs ?? this.timeoutMs;
    const rules = options.rules;
    this.isFailure = options.isFailure ?? ((e) => classifyError(e, rules) !== 'permanent');
    this.audit = options.audit;
    const init = options.initialState;
    this.local = init
      ? {
          state: init.state,
          failureCount: init.failureCount,
          openedAt: init.openedAt,
          lastFailureTime: init.lastFailureTime,
          windowStartedAt: init.windowStartedAt,
          version: 0,
        }
      : { ...CLOSED, version: 0 };
  }

  // ---------------------------------------------------------------- public state

  /** Current state as this instance knows it (call {@link refresh} to re-read the shared store). */
  get state(): CircuitState {
    return this.local.state;
  }

  /** Failures counted by the strategy. */
  get failureCount(): number {
    return this.local.failureCount;
  }

  /** The threshold of the strategy. */
  get failureThreshold(): number {
    return this.strategy.threshold;
  }

  /** True when the last store call failed and the breaker is running on local state. */
  get storeDegraded(): boolean {
    return this.degraded;
  }

  /** Seconds until a probe is allowed while open; 0 while half-open; `null` when closed or isolated. */
  get retryAfterSeconds(): number | null {
    if (this.local.state === 'half_open') return 0;
    if (this.local.state !== 'open' || this.local.openedAt === null) return null;
    return Math.max(0, Math.ceil((this.local.openedAt + this.timeoutMs - this.clock.now()) / 1000));
  }

  /**
   * Whether a call would be admitted now, from the local view (no store round trip). A degradation
   * orchestrator uses this to skip the wrapped tier with reason `breaker_open`. In shared mode a
   * `true` may still be refused by {@link execute} when another process holds the probe lease.
   */
  canPass(): boolean {
    switch (this.local.state) {
      case 'closed':
        return true;
      case 'isolated':
        return false;
      case 'open':
        return this.local.openedAt === null || this.clock.now() >= this.local.openedAt + this.timeoutMs;
      case 'half_open':
        return this.probesAdmitted < this.halfOpenMaxProbes && (!this.store || this.degraded || this.holdsLease);
    }
  }

  /** `!canPass()`: calls would be rejected with `BREAKER_OPEN` / `BREAKER_ISOLATED`. */
  get isOpen(): boolean {
    return !this.canPass();
  }

  /** The seed's `/circuit-breaker` fields. */
  snapshot(): CircuitBreakerSnapshot {
    return {
      state: this.local.state,
      failure_count: this.local.failureCount,
      failure_threshold: this.strategy.threshold,
      last_failure_time: this.local.lastFailureTime === null ? null : new Date(this.local.lastFailureTime).toISOString(),
      retry_after_seconds: this.retryAfterSeconds,
    };
  }

  /** Serialisable state; pass it back as `initialState` to restore. */
  toJSON(): CircuitBreakerJSON {
    const { state, failureCount, openedAt, lastFailureTime, windowStartedAt } = this.local;
    return { name: this.name, state, failureCount, openedAt, lastFailureTime, windowStartedAt };
  }

  // ---------------------------------------------------------------- events

  /** Every transition. */
  onStateChange(listener: (change: StateChange) => void): Disposable {
    return this.stateChange.on(listener);
  }
  /** Transitions into `open`. */
  onOpen(listener: (change: StateChange) => void): Disposable {
    return this.opened.on(listener);
  }
  /** Transitions into `closed`. */
  onClose(listener: (change: StateChange) => void): Disposable {
    return this.closed.on(listener);
  }
  /** Transitions into `half_open`. */
  onHalfOpen(listener: (change: StateChange) => void): Disposable {
    return this.halfOpened.on(listener);
  }
  /** Transitions into `isolated`. */
  onIsolate(listener: (change: StateChange) => void): Disposable {
    return this.isolatedEv.on(listener);
  }
  /** The shared store failed (`degraded: true`) or answered again (`degraded: false`). */
  onStoreStatus(listener: (change: StoreStatusChange) => void): Disposable {
    return this.storeStatus.on(listener);
  }

  // ---------------------------------------------------------------- operations

  /**
   * Run `fn` through the breaker.
   * @throws CadlensError `BREAKER_OPEN` (systemic, `details.reason` = `breaker_open` or
   *   `probe_in_progress`, `details.retryAfterSeconds`), `BREAKER_ISOLATED`, `ABORTED`, or whatever `fn` throws
   */
  async execute<T>(fn: (signal?: AbortSignal) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const { signal } = options;
    throwIfAborted(signal);
    await this.refresh({ signal });
    const admission = await this.admit(signal);
    let result: T;
    try {
      result = await fn(signal);
    } catch (error) {
      await this.settle(admission, this.isFailure(error));
      throw error;
    }
    await this.settle(admission, false);
    return result;
  }

  /** Re-read the shared state (no-op without a store). Never throws for store failures. */
  async refresh(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.store) return;
    const shared = await this.tryStore('get', () => this.store!.get(this.name, options), options.signal);
    if (shared === FAILED || shared === undefined) return;
    this.adopt(shared, 'shared', 'shared_state');
    await this.flushAudit();
  }

  /** Close the breaker and clear its counts (also in the shared store). */
  async reset(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.mutate(() => ({ ...CLOSED }), 'reset', options.signal);
    await this.releaseLease(options.signal);
  }

  /** Hold the breaker open (every call fails with `BREAKER_ISOLATED`) until {@link reset}. */
  async isolate(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.mutate((cur) => ({ ...cur, state: 'isolated' }), 'isolate', options.signal);
    await this.releaseLease(options.signal);
  }

  // ---------------------------------------------------------------- internals

  private openError(reason: 'breaker_open' | 'probe_in_progress'): CadlensError {
    return new CadlensError('BREAKER_OPEN', `Circuit breaker "${this.name}" is open`, {
      kind: 'systemic',
      stage: 'resilience',
      details: { breaker: this.name, state: this.local.state, reason, retryAfterSeconds: this.retryAfterSeconds },
    });
  }

  private async admit(signal?: AbortSignal): Promise<Admission> {
    const now = this.clock.now();
    if (this.local.state === 'isolated') {
      throw new CadlensError('BREAKER_ISOLATED', `Circuit breaker "${this.name}" is isolated`, {
        kind: 'systemic',
        stage: 'resilience',
        details: { breaker: this.name, state: 'isolated', reason: 'breaker_open' },
      });
    }
    if (this.local.state === 'closed') return 'normal';
    if (this.local.state === 'open') {
      if (this.local.openedAt !== null && now < this.local.openedAt + this.timeoutMs) throw this.openError('breaker_open');
      if (!(await this.takeLease(now, signal))) throw this.openError('probe_in_progress');
      await this.mutate(
        (cur) =>
          cur.state === 'open' && (cur.openedAt === null || now >= cur.openedAt + this.timeoutMs)
            ? { ...cur, state: 'half_open' }
            : undefined,
        'timeout_elapsed',
        signal,
      );
      const after = this.local.state as CircuitState;
      if (after === 'closed') {
        await this.releaseLease(signal);
        return 'normal';
      }
      if (after !== 'half_open') {
        await this.releaseLease(signal);
        throw this.openError('breaker_open');
      }
    } else if (this.store && !this.degraded && !this.holdsLease) {
      // Half-open observed from the store: the previous prober may have died; its lease expires.
      if (!(await this.takeLease(now, signal))) throw this.openError('probe_in_progress');
      this.probesAdmitted = 0;
      this.probeSuccesses = 0;
    }
    if (this.probesAdmitted >= this.halfOpenMaxProbes) throw this.openError('probe_in_progress');
    this.probesAdmitted++;
    return 'probe';
  }

  private async settle(admission: Admission, failed: boolean): Promise<void> {
    const now = this.clock.now();
    if (admission === 'probe') {
      if (failed) {
        await this.mutate(
          (cur) =>
            cur.state === 'half_open' || cur.state === 'open'
              ? { ...cur, state: 'open', openedAt: now, lastFailureTime: now, failureCount: cur.failureCount + 1 }
              : { ...cur, lastFailureTime: now },
          'probe_failed',
        );
        await this.releaseLease();
        return;
      }
      this.probeSuccesses++;
      if (this.probeSuccesses >= this.halfOpenMaxProbes) {
        await this.mutate((cur) => (cur.state === 'half_open' ? { ...CLOSED } : undefined), 'probe_succeeded');
        await this.releaseLease();
      }
      return;
    }
    if (failed) {
      await this.mutate((cur) => this.countFailure(cur, now), 'failure_threshold');
    } else if (this.strategy.kind === 'consecutive' && this.local.failureCount > 0) {
      await this.mutate(
        (cur) => (cur.state === 'closed' && cur.failureCount > 0 ? { ...cur, failureCount: 0 } : undefined),
        'failure_threshold',
      );
    }
  }

  private countFailure(cur: BreakerStateUpdate, now: number): BreakerStateUpdate {
    if (cur.state !== 'closed') return { ...cur, lastFailureTime: now };
    let count: number;
    let windowStartedAt = cur.windowStartedAt;
    if (this.strategy.kind === 'count-window') {
      if (windowStartedAt === null || now - windowStartedAt >= this.strategy.windowMs) {
        windowStartedAt = now;
        count = 1;
      } else count = cur.failureCount + 1;
    } else count = cur.failureCount + 1;
    if (count >= this.strategy.threshold) {
      return { state: 'open', failureCount: count, openedAt: now, lastFailureTime: now, windowStartedAt: null };
    }
    return { ...cur, failureCount: count, lastFailureTime: now, windowStartedAt };
  }

  /**
   * Apply `compute` atomically: in shared mode as a read / compare-and-set loop on the store, else
   * (or when the store fails) to the local state. `compute` returning `undefined` means "no change".
   */
  private async mutate(
    compute: (cur: BreakerStateUpdate) => BreakerStateUpdate | undefined,
    reason: StateChangeReason,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.store) {
      for (let i = 0; i < 16; i++) {
        const shared = await this.tryStore('get', () => this.store!.get(this.name, { signal }), signal);
        if (shared === FAILED) break;
        const cur: BreakerSharedState | LocalState = shared ?? { ...CLOSED, version: 0 };
        const next = compute(pick(cur));
        if (!next) {
          if (shared) this.adopt(shared, 'shared', 'shared_state');
          await this.flushAudit();
          return;
        }
        const ok = await this.tryStore(
          'compareAndSet',
          () => this.store!.compareAndSet(this.name, cur.version, next, { signal }),
          signal,
        );
        if (ok === FAILED) break;
        if (ok) {
          if (shared) this.adopt(shared, 'shared', 'shared_state');
          this.adopt({ ...next, version: cur.version + 1 }, 'local', reason);
          await this.flushAudit();
          return;
        }
      }
      if (!this.degraded) {
        // 16 lost races in a row: give up on this update rather than spin; state re-syncs on the next call.
        await this.flushAudit();
        return;
      }
    }
    const next = compute(pick(this.local));
    if (next) this.adopt({ ...next, version: this.local.version + 1 }, 'local', reason);
    await this.flushAudit();
  }

  private adopt(next: BreakerStateUpdate & { version: number }, source: 'local' | 'shared', reason: StateChangeReason): void {
    const from = this.local.state;
    this.local = { ...pick(next), version: next.version };
    if (from === next.state) return;
    if (next.state === 'half_open' || from === 'half_open') {
      this.probesAdmitted = 0;
      this.probeSuccesses = 0;
    }
    if (next.state !== 'half_open' && next.state !== 'open' && source === 'shared') this.holdsLease = false;
    const change: StateChange = { breaker: this.name, from, to: next.state, at: this.clock.now(), reason, source };
    this.stateChange.emit(change);
    const specific =
      next.state === 'open'
        ? this.opened
        : next.state === 'closed'
          ? this.closed
          : next.state === 'half_open'
            ? this.halfOpened
            : this.isolatedEv;
    specific.emit(change);
    const type = AUDIT_TYPE[next.state];
    if (this.audit && type && source === 'local') {
      this.pendingAudit.push(
        this.audit
          .record(type, {
            requestId: null,
            partSha256: null,
            details: {
              breaker: this.name,
              from,
              to: next.state,
              reason,
              failure_count: next.failureCount,
              failure_threshold: this.strategy.threshold,
              instance_id: this.instanceId,
            },
          })
          .catch(() => undefined),
      );
    }
  }

  private async flushAudit(): Promise<void> {
    if (this.pendingAudit.length === 0) return;
    const pending = this.pendingAudit;
    this.pendingAudit = [];
    await Promise.all(pending);
  }

  private async takeLease(now: number, signal?: AbortSignal): Promise<boolean> {
    if (!this.store) return true;
    const got = await this.tryStore(
      'acquireProbeLease',
      () => this.store!.acquireProbeLease(this.name, this.instanceId, this.probeLeaseMs, now, { signal }),
      signal,
    );
    if (got === FAILED) return true; // degraded: decide locally
    this.holdsLease = got;
    return got;
  }

  private async releaseLease(signal?: AbortSignal): Promise<void> {
    if (!this.store || !this.holdsLease) return;
    this.holdsLease = false;
    await this.tryStore('releaseProbeLease', () => this.store!.releaseProbeLease(this.name, this.instanceId, { signal }), signal);
  }

  /** Run a store call; on failure switch to degraded mode and return {@link FAILED}. Aborts propagate. */
  private async tryStore<T>(operation: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T | typeof FAILED> {
    try {
      const value = await call();
      if (this.degraded) {
        this.degraded = false;
        this.storeStatus.emit({ breaker: this.name, degraded: false, operation });
      }
      return value;
    } catch (error) {
      if (signal?.aborted) throw error;
      if (!this.degraded) {
        this.degraded = true;
        this.storeStatus.emit({ breaker: this.name, degraded: true, operation, error });
      }
      return FAILED;
    }
  }
}

const FAILED: unique symbol = Symbol('store-failed');

function pick(s: BreakerStateUpdate): BreakerStateUpdate {
  return {
    state: s.state,
    failureCount: s.failureCount,
    openedAt: s.openedAt,
    lastFailureTime: s.lastFailureTime,
    windowStartedAt: s.windowStartedAt,
  };
}

/**
 * Wrap a function with a breaker (composition helper in the spirit of cockatiel's `wrap`).
 * @example
 * ```ts
 * const guarded = withBreaker(breaker, (signal) => tier1.recognize(part, { signal }));
 * await guarded(signal);
 * ```
 */
export function withBreaker<T>(
  breaker: CircuitBreaker,
  fn: (signal?: AbortSignal) => Promise<T>,
): (signal?: AbortSignal) => Promise<T> {
  return (signal) => breaker.execute(fn, { signal });
}
