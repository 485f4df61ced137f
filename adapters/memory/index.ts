/**
 * `cadlens/adapters/memory`: all four storage ports in process memory. For tests and
 * single-process use; nothing survives a restart and nothing is shared between processes.
 *
 * @packageDocumentation
 * @module cadlens/adapters/memory
 */
import {
  deadLetterNotFound,
  storeConflict,
  storeUnavailable,
  throwIfAborted,
  type AuditEvent,
  type AuditQuery,
  type AuditStore,
  type BreakerSharedState,
  type BreakerStateStore,
  type BreakerStateUpdate,
  type CadlensStores,
  type DeadLetterFilter,
  type DeadLetterKindCounts,
  type DeadLetterPatch,
  type DeadLetterRecord,
  type DeadLetterStore,
  type MetricsSampleStore,
  type ProcessingSample,
  type SampleAggregate,
  type SampleWindow,
  type SortOrder,
  type StoreCallOptions,
  type StoreCapabilities,
} from 'cadlens';

/** Options of {@link createMemoryStores}. */
export interface MemoryStoresOptions {
  /**
   * Give each call a macrotask turn before it runs, so concurrent callers interleave like they do
   * against a real database.
   * @defaultValue `false` (a microtask turn only)
   */
  yieldToEventLoop?: boolean;
}

/** The memory stores, plus a switch to simulate an outage. */
export interface MemoryStores extends CadlensStores {
  readonly id: 'memory';
  /**
   * While `true`, every call rejects with `STORE_UNAVAILABLE`, as a real store does when its
   * backing system is down. For exercising degraded paths in tests and drills.
   */
  simulateOutage(down: boolean): void;
}

const ID = 'memory';
const CAPABILITIES: StoreCapabilities = { persistent: false, multiProcess: false, serverSideQuery: true };

const clone = <T>(value: T): T => structuredClone(value);

function byTime<T extends { time: string; id?: string }>(order: SortOrder) {
  const dir = order === 'asc' ? 1 : -1;
  return (a: T, b: T): number => {
    if (a.time !== b.time) return a.time < b.time ? -dir : dir;
    const ai = a.id ?? '';
    const bi = b.id ?? '';
    return ai === bi ? 0 : ai < bi ? -dir : dir;
  };
}

function inRange(time: string, since?: string, until?: string): boolean {
  return (since === undefined || time >= since) && (until === undefined || time < until);
}

function applyLimit<T>(items: T[], limit?: number): T[] {
  return limit === undefined ? items : items.slice(0, Math.max(0, limit));
}

/**
 * Create the four memory stores.
 * @example
 * ```ts
 * const stores = createMemoryStores();
 * const dlq = createDeadLetterQueue({ store: stores.deadLetters });
 * ```
 */
export function createMemoryStores(options: MemoryStoresOptions = {}): MemoryStores {
  let down = false;
  let closed = false;

  async function enter(operation: string, opts?: StoreCallOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    if (options.yieldToEventLoop) await new Promise<void>((r) => setTimeout(r, 0));
    else await Promise.resolve();
    throwIfAborted(opts?.signal);
    if (down || closed) throw storeUnavailable(ID, closed ? `${operation} after close` : operation);
  }

  const letters = new Map<string, DeadLetterRecord>();
  const events = new Map<string, AuditEvent>();
  let samples: ProcessingSample[] = [];
  const breakers = new Map<string, BreakerSharedState>();

  const deadLetters: DeadLetterStore = {
    id: ID,
    capabilities: CAPABILITIES,
    async put(record, opts) {
      await enter('deadLetters.put', opts);
      if (letters.has(record.id)) throw storeConflict(ID, 'dead letter', record.id);
      letters.set(record.id, clone(record));
    },
    async get(id, opts) {
      await enter('deadLetters.get', opts);
      const r = letters.get(id);
      return r ? clone(r) : undefined;
    },
    async list(filter: DeadLetterFilter = {}, opts) {
      await enter('deadLetters.list', opts);
      const out = [...letters.values()].filter(
        (r) =>
          (filter.kind === undefined || r.error.kind === filter.kind) &&
          (filter.code === undefined || r.error.code === filter.code) &&
          (filter.status === undefined || r.status === filter.status) &&
          inRange(r.time, filter.since, filter.until),
      );
      out.sort(byTime(filter.order ?? 'desc'));
      return applyLimit(out, filter.limit).map(clone);
    },
    async update(id, patch: DeadLetterPatch, opts) {
      await enter('deadLetters.update', opts);
      const r = letters.get(id);
      if (!r) throw deadLetterNotFound(id);
      const next: DeadLetterRecord = { ...r };
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.retryCount !== undefined) next.retryCount = patch.retryCount;
      if (patch.attempts !== undefined) next.attempts = clone(patch.attempts);
      if (patch.resolution !== undefined) next.resolution = clone(patch.resolution);
      letters.set(id, next);
      return clone(next);
    },
    async purge(olderThan, opts) {
      await enter('deadLetters.purge', opts);
      let n = 0;
      for (const [id, r] of letters) if (r.time < olderThan && letters.delete(id)) n++;
      return n;
    },
    async countByKind(range, opts) {
      await enter('deadLetters.countByKind', opts);
      const counts: DeadLetterKindCounts = { transient: 0, permanent: 0, systemic: 0 };
      for (const r of letters.values()) if (inRange(r.time, range.since, range.until)) counts[r.error.kind]++;
      return counts;
    },
  };

  const audit: AuditStore = {
    id: ID,
    capabilities: CAPABILITIES,
    async append(event, opts) {
      await enter('audit.append', opts);
      if (events.has(event.id)) throw storeConflict(ID, 'audit event', event.id);
      events.set(event.id, clone(event));
    },
    async query(q: AuditQuery = {}, opts) {
      await enter('audit.query', opts);
      const types = q.type === undefined ? undefined : typeof q.type === 'string' ? [q.type] : q.type;
      const out = [...events.values()].filter(
        (e) =>
          (types === undefined || types.includes(e.type)) &&
          (q.requestId === undefined || e.requestId === q.requestId) &&
          (q.partSha256 === undefined || e.partSha256 === q.partSha256) &&
          inRange(e.time, q.since, q.until),
      );
      out.sort(byTime(q.order ?? 'asc'));
      return applyLimit(out, q.limit).map(clone);
    },
    async purge(olderThan, opts) {
      await enter('audit.purge', opts);
      let n = 0;
      for (const [id, e] of events) if (e.time < olderThan && events.delete(id)) n++;
      return n;
    },
  };

  const metrics: MetricsSampleStore = {
    id: ID,
    capabilities: CAPABILITIES,
    async record(sample, opts) {
      await enter('metrics.record', opts);
      samples.push(clone(sample));
    },
    async query(w: SampleWindow = {}, opts) {
      await enter('metrics.query', opts);
      return samples
        .filter((s) => inRange(s.time, w.since, w.until))
        .sort(byTime('asc'))
        .map(clone);
    },
    async purge(olderThan, opts) {
      await enter('metrics.purge', opts);
      const before = samples.length;
      samples = samples.filter((s) => s.time >= olderThan);
      return before - samples.length;
    },
    async aggregate(w, opts) {
      await enter('metrics.aggregate', opts);
      const agg: SampleAggregate = {
        count: 0,
        sumDurationMs: 0,
        qualityCount: 0,
        sumQualityScore: 0,
        recognizedCount: 0,
        okCount: 0,
      };
      for (const s of samples) {
        if (!inRange(s.time, w.since, w.until)) continue;
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
    },
  };

  const breakerState: BreakerStateStore = {
    id: ID,
    capabilities: CAPABILITIES,
    async get(name, opts) {
      await enter('breakerState.get', opts);
      const s = breakers.get(name);
      return s ? { ...s } : undefined;
    },
    async compareAndSet(name, expectedVersion, next: BreakerStateUpdate, opts) {
      await enter('breakerState.compareAndSet', opts);
      const current = breakers.get(name);
      const version = current?.version ?? 0;
      if (version !== expectedVersion) return false;
      breakers.set(name, {
        state: next.state,
        failureCount: next.failureCount,
        openedAt: next.openedAt,
        lastFailureTime: next.lastFailureTime,
        windowStartedAt: next.windowStartedAt,
        version: version + 1,
        probeLeaseOwner: current?.probeLeaseOwner ?? null,
        probeLeaseExpiresAt: current?.probeLeaseExpiresAt ?? null,
      });
      return true;
    },
    async acquireProbeLease(name, owner, ttlMs, now, opts) {
      await enter('breakerState.acquireProbeLease', opts);
      const s = breakers.get(name);
      if (!s) return false;
      const free =
        s.probeLeaseOwner === null ||
        s.probeLeaseOwner === owner ||
        s.probeLeaseExpiresAt === null ||
        s.probeLeaseExpiresAt <= now;
      if (!free) return false;
      breakers.set(name, { ...s, probeLeaseOwner: owner, probeLeaseExpiresAt: now + ttlMs });
      return true;
    },
    async releaseProbeLease(name, owner, opts) {
      await enter('breakerState.releaseProbeLease', opts);
      const s = breakers.get(name);
      if (!s || s.probeLeaseOwner !== owner) return false;
      breakers.set(name, { ...s, probeLeaseOwner: null, probeLeaseExpiresAt: null });
      return true;
    },
  };

  return {
    id: ID,
    deadLetters,
    audit,
    metrics,
    breakerState,
    simulateOutage(on) {
      down = on;
    },
    async close() {
      closed = true;
    },
  };
}

export { createMemoryResultCache, type MemoryResultCache, type MemoryResultCacheOptions } from './memory-result-cache.js';
