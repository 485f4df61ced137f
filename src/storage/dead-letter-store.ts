import type { ErrorKind } from '../errors/index.js';
import type { IsoTime, SortOrder, StoreBase, StoreCallOptions } from './store-common.js';

/** Lifecycle of a dead letter. */
export type DeadLetterStatus = 'pending' | 'reprocessed' | 'discarded';

/** Reference to the input that failed. */
export interface DeadLetterInput {
  /** File name (no directory), or a caller-chosen label. */
  name: string;
  sizeBytes: number;
  /** Lower-case hex sha256 of the input bytes. */
  sha256: string;
  /** The input bytes, base64. Present only when the queue is configured with `includeInputBytes`. */
  bytes?: string;
}

/** The error that sent the input to the queue (secrets already redacted). */
export interface DeadLetterError {
  code: string;
  kind: ErrorKind;
  message: string;
  /** Only recorded when `DEBUG` is on. */
  stack?: string;
}

/** One processing attempt (the original one and every reprocess). */
export interface DeadLetterAttempt {
  at: IsoTime;
  code: string;
  kind: ErrorKind;
  message: string;
  durationMs: number;
  /** Which worker ran the attempt, when the attempts ran on several (e.g. `host:pid` of a queue worker). */
  workerId?: string;
}

/** How a dead letter was resolved. */
export interface DeadLetterResolution {
  time: IsoTime;
  action: 'reprocessed' | 'discarded';
  /** Free text (discard reason, reprocess note). Redacted. */
  note?: string;
}

/** A failed analysis kept for inspection and reprocessing. */
export interface DeadLetterRecord {
  id: string;
  time: IsoTime;
  /** Request id of the failed analysis, when known (links to the audit trail). */
  requestId?: string;
  input: DeadLetterInput;
  error: DeadLetterError;
  /** Stage that failed (`parse`, `recognize`, …). */
  stage: string;
  /** Recognition tier that failed, or `null` when not in recognition. */
  tier: string | null;
  /** Number of reprocess attempts after the first failure. */
  retryCount: number;
  /** Every attempt, oldest first. */
  attempts: DeadLetterAttempt[];
  status: DeadLetterStatus;
  resolution?: DeadLetterResolution;
}

/** Filter for {@link DeadLetterStore.list}. All fields combine with AND. */
export interface DeadLetterFilter {
  /** Error kind (the seed's `error_type`). */
  kind?: ErrorKind;
  /** Exact error code. */
  code?: string;
  status?: DeadLetterStatus;
  /** Inclusive lower bound on `time`. */
  since?: IsoTime;
  /** Exclusive upper bound on `time`. */
  until?: IsoTime;
  /** Maximum number of records; no limit when absent. */
  limit?: number;
  /** @defaultValue `'desc'` (newest first) */
  order?: SortOrder;
}

/** Fields {@link DeadLetterStore.update} may replace. Absent fields are kept. */
export interface DeadLetterPatch {
  status?: DeadLetterStatus;
  retryCount?: number;
  /** Replaces the whole attempts array. */
  attempts?: DeadLetterAttempt[];
  resolution?: DeadLetterResolution;
}

/** Counts by error kind, see {@link DeadLetterStore.countByKind}. */
export interface DeadLetterKindCounts {
  transient: number;
  permanent: number;
  systemic: number;
}

/**
 * Where dead letters go: the minimal write-only interface users can plug in (a log forwarder, a
 * webhook). Checked by `runSinkContract`.
 */
export interface DeadLetterSink extends StoreBase {
  /**
   * Store one record.
   * @throws CadlensError `STORE_UNAVAILABLE`, `STORE_CONFLICT` (id exists), `ABORTED`
   */
  put(record: DeadLetterRecord, options?: StoreCallOptions): Promise<void>;
}

/** A queryable dead-letter store (the DLQ service needs this). */
export interface DeadLetterStore extends DeadLetterSink {
  /** The record, or `undefined` when there is none with this id. */
  get(id: string, options?: StoreCallOptions): Promise<DeadLetterRecord | undefined>;
  /**
   * Records matching `filter`, ordered by `time` then `id` (`asc`), or the exact reverse (`desc`, the default: newest
   * first, equal times by `id` descending). `runStoreContract` checks the tie order.
   */
  list(filter?: DeadLetterFilter, options?: StoreCallOptions): Promise<DeadLetterRecord[]>;
  /**
   * Replace some fields and return the updated record.
   * @throws CadlensError `DLQ_NOT_FOUND` when there is no such record
   */
  update(id: string, patch: DeadLetterPatch, options?: StoreCallOptions): Promise<DeadLetterRecord>;
  /** Delete records with `time < olderThan`; returns how many were deleted. */
  purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number>;
  /**
   * Optional: counts of records by error kind with `since <= time < until` (server side). When
   * absent, the DLQ service counts the result of `list`.
   */
  countByKind?(
    range: { since?: IsoTime; until?: IsoTime },
    options?: StoreCallOptions,
  ): Promise<DeadLetterKindCounts>;
}
