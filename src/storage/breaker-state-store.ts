import type { StoreBase, StoreCallOptions } from './store-common.js';

/** Breaker state as stored and exchanged (snake_case matches the seed's API values). */
export type BreakerStateName = 'closed' | 'open' | 'half_open' | 'isolated';

/**
 * The shared state of one named breaker. Times are epoch milliseconds from the breakers' clocks.
 *
 * The probe lease is managed only by {@link BreakerStateStore.acquireProbeLease} and
 * {@link BreakerStateStore.releaseProbeLease}; {@link BreakerStateStore.compareAndSet} never changes it.
 */
export interface BreakerSharedState {
  state: BreakerStateName;
  /** Failures counted by the strategy (consecutive, or in the current window). */
  failureCount: number;
  /** When the breaker last opened, or `null`. */
  openedAt: number | null;
  lastFailureTime: number | null;
  /** Start of the current count window (count-window strategy), or `null`. */
  windowStartedAt: number | null;
  /** Incremented by one on every successful compare-and-set. A missing record has version 0. */
  version: number;
  probeLeaseOwner: string | null;
  probeLeaseExpiresAt: number | null;
}

/** The fields a compare-and-set writes. */
export type BreakerStateUpdate = Pick<
  BreakerSharedState,
  'state' | 'failureCount' | 'openedAt' | 'lastFailureTime' | 'windowStartedAt'
>;

/**
 * Shared breaker state, so several processes share one breaker (the seed's `system_state` table).
 *
 * Semantics (checked by `runStoreContract`):
 * - `get` returns `undefined` for an unknown name.
 * - `compareAndSet(name, expectedVersion, next)` writes atomically iff the stored version equals
 *   `expectedVersion` (0 = "no record yet": creates it) and returns `true`; the stored version becomes
 *   `expectedVersion + 1`. Otherwise it changes nothing and returns `false`. Lease fields are kept.
 * - `acquireProbeLease(name, owner, ttlMs, now)` atomically takes the lease iff a record exists and
 *   the lease is free, expired (`probeLeaseExpiresAt <= now`) or already held by `owner` (renewal);
 *   it then sets `probeLeaseOwner = owner`, `probeLeaseExpiresAt = now + ttlMs` and returns `true`.
 *   Does not change `version`.
 * - `releaseProbeLease(name, owner)` clears the lease iff `owner` holds it; returns whether it did.
 */
export interface BreakerStateStore extends StoreBase {
  get(name: string, options?: StoreCallOptions): Promise<BreakerSharedState | undefined>;
  compareAndSet(
    name: string,
    expectedVersion: number,
    next: BreakerStateUpdate,
    options?: StoreCallOptions,
  ): Promise<boolean>;
  acquireProbeLease(
    name: string,
    owner: string,
    ttlMs: number,
    now: number,
    options?: StoreCallOptions,
  ): Promise<boolean>;
  releaseProbeLease(name: string, owner: string, options?: StoreCallOptions): Promise<boolean>;
}
