import type { IsoTime, SortOrder, StoreBase, StoreCallOptions } from './store-common.js';

/** Every audit event type. */
export type AuditEventType =
  | 'validation_complete'
  | 'healing_applied'
  | 'processing_complete'
  | 'circuit_breaker_opened'
  | 'circuit_breaker_closed'
  | 'circuit_breaker_half_open'
  | 'dead_lettered'
  | 'reprocessed'
  | 'discarded';

/** One audit record. Events are immutable once appended. */
export interface AuditEvent {
  id: string;
  time: IsoTime;
  type: AuditEventType;
  /** The analysis request, or `null` for events not tied to one (breaker transitions). */
  requestId: string | null;
  /** sha256 of the part, or `null` when not tied to a part. */
  partSha256: string | null;
  /** Log-safe, JSON-serialisable details (secrets redacted). */
  details: Record<string, unknown>;
}

/** Filter for {@link AuditStore.query}. All fields combine with AND. */
export interface AuditQuery {
  /** One type or any of several. */
  type?: AuditEventType | readonly AuditEventType[];
  requestId?: string;
  partSha256?: string;
  /** Inclusive. */
  since?: IsoTime;
  /** Exclusive. */
  until?: IsoTime;
  limit?: number;
  /** @defaultValue `'asc'` (chronological) */
  order?: SortOrder;
}

/** Append-only audit storage. */
export interface AuditStore extends StoreBase {
  /**
   * Append one event.
   * @throws CadlensError `STORE_CONFLICT` when the id exists, `STORE_UNAVAILABLE`, `ABORTED`
   */
  append(event: AuditEvent, options?: StoreCallOptions): Promise<void>;
  /**
   * Events matching `query`, ordered by `time` then `id` (`asc`, the default: oldest first), or the exact reverse
   * (`desc`: equal times by `id` descending). `runStoreContract` checks the tie order.
   */
  query(query?: AuditQuery, options?: StoreCallOptions): Promise<AuditEvent[]>;
  /** Delete events with `time < olderThan`; returns how many were deleted. */
  purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number>;
}
