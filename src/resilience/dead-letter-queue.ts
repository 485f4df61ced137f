import { CadlensError, isCadlensError, type ErrorKind } from '../errors/index.js';
import type {
  DeadLetterAttempt,
  DeadLetterKindCounts,
  DeadLetterRecord,
  DeadLetterSink,
  DeadLetterStatus,
  DeadLetterStore,
} from '../storage/dead-letter-store.js';
import { throwIfAborted } from '../errors/abort.js';
import type { AuditTrail } from './audit-trail.js';
import { sha256Hex, toBase64 } from './bytes.js';
import { classify, type ClassificationRule } from './classify-error.js';
import { systemClock, type Clock } from './clock.js';
import { createUuidV7Generator, toIso } from './ids.js';
import { redactSecretText } from './redact-secrets.js';
import type { RetryAttempt } from './with-retry.js';

/** Options of {@link createDeadLetterQueue}. */
export interface DeadLetterQueueOptions {
  store: DeadLetterStore;
  /** Extra sinks that receive a copy of every new record (best effort; failures go to `onSinkError`). */
  sinks?: readonly DeadLetterSink[];
  /** Keep the input bytes (base64) in records so they can be reprocessed without the original file. @defaultValue false */
  includeInputBytes?: boolean;
  /** Record error stacks (the `DEBUG` setting). @defaultValue false */
  debug?: boolean;
  /** @defaultValue {@link systemClock} */
  clock?: Clock;
  /** Records `dead_lettered`, `reprocessed` and `discarded`. */
  audit?: AuditTrail;
  /** Secret values to redact, e.g. `secretValues(config)`. */
  secrets?: readonly string[];
  rules?: readonly ClassificationRule[];
  /** @defaultValue time-ordered UUID v7 from the clock */
  generateId?: () => string;
  onSinkError?: (error: unknown, sink: DeadLetterSink, record: DeadLetterRecord) => void;
  /**
   * Alert hook: called (synchronously, after the record is stored) for every dead letter whose error
   * is `systemic`: a broken model, an open breaker, a store outage. Wire it to paging.
   */
  onSystemic?: (record: DeadLetterRecord) => void;
  /**
   * Called when writing an audit event fails. The queue operation itself still succeeds (the dead
   * letter is already stored; failing would invite a duplicate add). @defaultValue ignore
   */
  onAuditError?: (error: unknown, type: 'dead_lettered' | 'reprocessed' | 'discarded', record: DeadLetterRecord) => void;
}

/** What failed, for {@link DeadLetterQueue.add}. */
export interface DeadLetterEntry {
  error: unknown;
  input: {
    name: string;
    /** The input; used for sha256/size and kept when `includeInputBytes`. */
    bytes?: Uint8Array;
    sizeBytes?: number;
    sha256?: string;
  };
  /** @defaultValue the error's stage, else `'unknown'` */
  stage?: string;
  tier?: string | null;
  requestId?: string;
  /**
   * Attempts made so far (from `withRetry`, or a job queue's history with the worker of each attempt);
   * one attempt is synthesised when absent.
   */
  attempts?: readonly (RetryAttempt & { workerId?: string })[];
  /** Duration of the failed attempt when `attempts` is absent. */
  durationMs?: number;
}

/** Filter for {@link DeadLetterQueue.list}. */
export interface DeadLetterListFilter {
  kind?: ErrorKind;
  /** Alias of `kind` (the seed's name). */
  error_type?: ErrorKind;
  code?: string;
  status?: DeadLetterStatus;
  since?: Date | string | number;
  until?: Date | string | number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** The seed's dead-letter stats shape. */
export interface DeadLetterStats {
  total_failures_24h: number;
  by_error_type: DeadLetterKindCounts;
}

/** Re-runs the pipeline for one record; resolve = fixed, reject = still failing. */
export type ReprocessFn = (record: DeadLetterRecord, context: { signal?: AbortSignal }) => Promise<unknown>;

/** Result of one reprocess. */
export interface ReprocessResult {
  id: string;
  outcome: 'reprocessed' | 'failed';
  record: DeadLetterRecord;
  /** The new failure, when `outcome` is `failed`. */
  error?: unknown;
}

/** Result of {@link DeadLetterQueue.redrive}. */
export interface RedriveResult {
  attempted: number;
  reprocessed: number;
  failed: number;
  results: ReprocessResult[];
}

/** The dead-letter queue service. */
export interface DeadLetterQueue {
  /**
   * Record a failure (redacted; stack only with `debug`).
   * @throws CadlensError `STORE_UNAVAILABLE`, `ABORTED`
   */
  add(entry: DeadLetterEntry, options?: { signal?: AbortSignal }): Promise<DeadLetterRecord>;
  get(id: string, options?: { signal?: AbortSignal }): Promise<DeadLetterRecord | undefined>;
  /** Records, newest first by default. */
  list(filter?: DeadLetterListFilter, options?: { signal?: AbortSignal }): Promise<DeadLetterRecord[]>;
  /** Failures recorded in the last 24 h (any status), by kind. */
  stats(options?: { signal?: AbortSignal }): Promise<DeadLetterStats>;
  /**
   * Re-run one pending record through `run`. Success: status `reprocessed`, `retryCount + 1`, audit
   * `reprocessed`. Failure: stays `pending`, `retryCount + 1`, the attempt is appended.
   * @throws CadlensError `DLQ_NOT_FOUND`; `USAGE` when the record is not pending or already being reprocessed
   */
  reprocess(id: string, run: ReprocessFn, options?: { signal?: AbortSignal }): Promise<ReprocessResult>;
  /**
   * Reprocess pending records matching `filter` (oldest first), one at a time, up to `limit`.
   * Records are never deleted by a redrive.
   */
  redrive(
    request: { filter?: Omit<DeadLetterListFilter, 'status' | 'order' | 'limit'>; limit?: number },
    run: ReprocessFn,
    options?: { signal?: AbortSignal },
  ): Promise<RedriveResult>;
  /**
   * Mark a record `discarded` with a reason.
   * @throws CadlensError `DLQ_NOT_FOUND`
   */
  discard(id: string, reason: string, options?: { signal?: AbortSignal }): Promise<DeadLetterRecord>;
  /** Delete records older than `retentionMs`; returns how many. */
  purge(retentionMs: number, options?: { signal?: AbortSignal }): Promise<number>;
}

const DAY_MS = 86_400_000;

/**
 * Create the dead-letter queue service.
 * @example
 * ```ts
 * const dlq = createDeadLetterQueue({ store: stores.deadLetters, audit });
 * try { await analyze(bytes); } catch (error) { await dlq.add({ error, input: { name, bytes }, stage: 'parse' }); }
 * await dlq.redrive({ filter: { kind: 'transient' } }, (r) => analyze(base64ToBytes(r.input.bytes!)));
 * ```
 */
export function createDeadLetterQueue(options: DeadLetterQueueOptions): DeadLetterQueue {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const generateId = options.generateId ?? createUuidV7Generator(() => clock.now());
  const redact = { secrets: options.secrets };
  const inFlight = new Set<string>();
  const nowIso = (): string => new Date(clock.now()).toISOString();

  const describe = (error: unknown): { code: string; kind: ErrorKind; message: string } => {
    const c = classify(error, options.rules);
    const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unknown error';
    return { code: c.code, kind: c.kind, message: redactSecretText(raw, redact) };
  };

  const toAttempt = (a: RetryAttempt & { workerId?: string }): DeadLetterAttempt => ({
    at: a.at,
    code: a.error?.code ?? 'UNKNOWN',
    kind: a.error?.kind ?? 'systemic',
    message: redactSecretText(a.error?.message ?? '', redact),
    durationMs: a.durationMs,
    ...(a.workerId !== undefined ? { workerId: redactSecretText(a.workerId, redact) } : {}),
  });

  // The audit write runs after the main write succeeded, so it ignores the caller's signal (the
  // operation already happened and must be audited) and never fails the operation.
  const auditRecord = async (
    type: 'dead_lettered' | 'reprocessed' | 'discarded',
    record: DeadLetterRecord,
    details: Record<string, unknown>,
  ): Promise<void> => {
    if (!options.audit) return;
    await options.audit
      .record(type, {
        requestId: record.requestId ?? null,
        partSha256: record.input.sha256,
        details: { dead_letter_id: record.id, stage: record.stage, tier: record.tier, ...details },
      })
      .catch((error: unknown) => options.onAuditError?.(error, type, record));
  };

  const getOrThrow = async (id: string, signal?: AbortSignal): Promise<DeadLetterRecord> => {
    const r = await store.get(id, { signal });
    if (!r) {
      throw new CadlensError('DLQ_NOT_FOUND', `No dead letter with id "${id}"`, {
        kind: 'permanent',
        stage: 'storage',
        details: { id },
      });
    }
    return r;
  };

  const queue: DeadLetterQueue = {
    async add(entry, opts = {}) {
      const { signal } = opts;
      throwIfAborted(signal);
      const err = describe(entry.error);
      const bytes = entry.input.bytes;
      const sha256 = entry.input.sha256 ?? (bytes ? await sha256Hex(bytes) : '');
      const stack =
        options.debug && entry.error instanceof Error && entry.error.stack
          ? redactSecretText(entry.error.stack, redact)
          : undefined;
      const stage =
        entry.stage ?? (isCadlensError(entry.error) && entry.error.stage ? entry.error.stage : 'unknown');
      const now = nowIso();
      const attempts: DeadLetterAttempt[] = entry.attempts?.length
        ? entry.attempts.filter((a) => !a.ok).map(toAttempt)
        : [{ at: now, code: err.code, kind: err.kind, message: err.message, durationMs: entry.durationMs ?? 0 }];
      const record: DeadLetterRecord = {
        id: generateId(),
        time: now,
        ...(entry.requestId !== undefined ? { requestId: entry.requestId } : {}),
        input: {
          name: redactSecretText(entry.input.name, redact),
          sizeBytes: entry.input.sizeBytes ?? bytes?.byteLength ?? 0,
          sha256,
          ...(options.includeInputBytes && bytes ? { bytes: toBase64(bytes) } : {}),
        },
        error: { ...err, ...(stack !== undefined ? { stack } : {}) },
        stage,
        tier: entry.tier ?? null,
        retryCount: 0,
        attempts,
        status: 'pending',
      };
      await store.put(record, { signal });
      await Promise.all(
        (options.sinks ?? []).map((sink) =>
          sink.put(record, { signal }).catch((e: unknown) => options.onSinkError?.(e, sink, record)),
        ),
      );
      await auditRecord('dead_lettered', record, { code: err.code, kind: err.kind, message: err.message });
      if (err.kind === 'systemic' && options.onSystemic) {
        try {
          options.onSystemic(record);
        } catch {
          // an alert hook must not turn a recorded failure into a new one
        }
      }
      return record;
    },

    get(id, opts = {}) {
      return store.get(id, opts);
    },

    list(filter = {}, opts = {}) {
      const kind = filter.kind ?? filter.error_type;
      return store.list(
        {
          ...(kind !== undefined ? { kind } : {}),
          ...(filter.code !== undefined ? { code: filter.code } : {}),
          ...(filter.status !== undefined ? { status: filter.status } : {}),
          ...(filter.since !== undefined ? { since: toIso(filter.since) } : {}),
          ...(filter.until !== undefined ? { until: toIso(filter.until) } : {}),
          ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
          ...(filter.order !== undefined ? { order: filter.order } : {}),
        },
        opts,
      );
    },

    async stats(opts = {}) {
      const since = new Date(clock.now() - DAY_MS).toISOString();
      let counts: DeadLetterKindCounts;
      if (store.countByKind) counts = await store.countByKind({ since }, opts);
      else {
        counts = { transient: 0, permanent: 0, systemic: 0 };
        for (const r of await store.list({ since }, opts)) counts[r.error.kind]++;
      }
      return {
        total_failures_24h: counts.transient + counts.permanent + counts.systemic,
        by_error_type: { transient: counts.transient, permanent: counts.permanent, systemic: counts.systemic },
      };
    },

    async reprocess(id, run, opts = {}) {
      const { signal } = opts;
      throwIfAborted(signal);
      const record = await getOrThrow(id, signal);
      if (record.status !== 'pending') {
        throw new CadlensError('USAGE', `Dead letter "${id}" is ${record.status}, not pending`, {
          kind: 'permanent',
          stage: 'resilience',
          details: { id, status: record.status },
        });
      }
      if (inFlight.has(id)) {
        throw new CadlensError('USAGE', `Dead letter "${id}" is already being reprocessed`, {
          kind: 'permanent',
          stage: 'resilience',
          details: { id },
        });
      }
      inFlight.add(id);
      try {
        const started = clock.now();
        try {
          await run(record, { signal });
        } catch (error) {
          if (signal?.aborted) throw error;
          const d = describe(error);
          const attempt: DeadLetterAttempt = { at: new Date(started).toISOString(), ...d, durationMs: clock.now() - started };
          const updated = await store.update(
            id,
            { retryCount: record.retryCount + 1, attempts: [...record.attempts, attempt] },
            { signal },
          );
          return { id, outcome: 'failed', record: updated, error };
        }
        const updated = await store.update(
          id,
          {
            status: 'reprocessed',
            retryCount: record.retryCount + 1,
            resolution: { time: nowIso(), action: 'reprocessed' },
          },
          { signal },
        );
        await auditRecord('reprocessed', updated, { retry_count: updated.retryCount });
        return { id, outcome: 'reprocessed', record: updated };
      } finally {
        inFlight.delete(id);
      }
    },

    async redrive(request, run, opts = {}) {
      const { signal } = opts;
      const candidates = await queue.list({ ...(request.filter ?? {}), status: 'pending', order: 'asc', limit: request.limit }, opts);
      const result: RedriveResult = { attempted: 0, reprocessed: 0, failed: 0, results: [] };
      for (const c of candidates) {
        throwIfAborted(signal);
        if (inFlight.has(c.id)) continue;
        const r = await queue.reprocess(c.id, run, opts);
        result.attempted++;
        if (r.outcome === 'reprocessed') result.reprocessed++;
        else result.failed++;
        result.results.push(r);
      }
      return result;
    },

    async discard(id, reason, opts = {}) {
      const { signal } = opts;
      await getOrThrow(id, signal);
      const note = redactSecretText(reason, redact);
      const updated = await store.update(
        id,
        { status: 'discarded', resolution: { time: nowIso(), action: 'discarded', note } },
        { signal },
      );
      await auditRecord('discarded', updated, { reason: note });
      return updated;
    },

    purge(retentionMs, opts = {}) {
      return store.purge(new Date(clock.now() - retentionMs).toISOString(), opts);
    },
  };
  return queue;
}
