/**
 * Pieces shared by every storage port. Ports are interfaces only: no Node APIs, no clients.
 *
 * Conventions every adapter must follow (checked by `runStoreContract` in `cadlens/testing`):
 * - Times in records are ISO 8601 UTC strings as produced by `Date.prototype.toISOString()`
 *   (`2026-01-02T03:04:05.678Z`), so they compare correctly as strings.
 * - Time filters: `since` is inclusive, `until` is exclusive.
 * - `purge(olderThan)` deletes records whose `time` is strictly before `olderThan` and returns how many.
 * - Every async method accepts `{ signal }`; an already-aborted signal rejects with a
 *   `CadlensError` `ABORTED` before any work is done.
 * - Failures of the backing system reject with `CadlensError` `STORE_UNAVAILABLE` (kind `systemic`,
 *   stage `storage`); an id collision rejects with `STORE_CONFLICT` (kind `permanent`); unreadable
 *   data with `STORE_CORRUPT`; updating a missing dead letter with `DLQ_NOT_FOUND`.
 * - Returned records are copies: mutating them never changes stored data.
 *
 * @packageDocumentation
 */

/** Options accepted by every async store method. */
export interface StoreCallOptions {
  /** Abort the call. The store rejects with `ABORTED` (best effort once the call is in flight). */
  signal?: AbortSignal;
}

/**
 * Optional capabilities a store declares (in the spirit of unstorage driver flags). Consumers may
 * use them to pick a strategy, and tests to skip what a store cannot do. Absent means `false`.
 */
export interface StoreCapabilities {
  /** Data survives a process restart. */
  persistent?: boolean;
  /** Several processes may use the same backing store at once safely. */
  multiProcess?: boolean;
  /** Filters, ordering and limits run in the backing system (not by scanning in memory). */
  serverSideQuery?: boolean;
}

/** Members every store port has. */
export interface StoreBase {
  /** Stable identifier of the adapter, e.g. `memory`, `file`, `postgres`, `supabase`. */
  readonly id: string;
  /** Optional capabilities; see {@link StoreCapabilities}. */
  readonly capabilities?: StoreCapabilities;
}

/** Result ordering by `time` (ties broken by `id` in the same direction). */
export type SortOrder = 'asc' | 'desc';

/** An ISO 8601 UTC timestamp string (`Date.prototype.toISOString()` format). */
export type IsoTime = string;
