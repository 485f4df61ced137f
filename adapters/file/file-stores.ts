import { mkdir, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  deadLetterNotFound,
  isCadlensError,
  storeConflict,
  storeUnavailable,
  throwIfAborted,
  type AuditEvent,
  type AuditQuery,
  type AuditStore,
  type CadlensStores,
  type DeadLetterFilter,
  type DeadLetterKindCounts,
  type DeadLetterPatch,
  type DeadLetterRecord,
  type DeadLetterStore,
  type IsoTime,
  type MetricsSampleStore,
  type ProcessingSample,
  type SampleAggregate,
  type SampleWindow,
  type StoreCallOptions,
  type StoreCapabilities,
} from 'cadlens';
import { SegmentLog, type LogEntry } from './segment-log.js';
import { FileBreakerStateStore } from './breaker-state-file.js';
import { resolveInside } from './safe-path.js';
import { aggregateSamples, countKinds, filterAudit, filterDeadLetters, windowSamples } from './in-memory-query.js';

/** Options of {@link createFileStores}. */
export interface FileStoresOptions {
  /** Directory holding every store (created if missing). Everything the adapter writes stays inside it. */
  dir: string;
  /**
   * A writer's segment is sealed and a new one started once it reaches this size.
   * @defaultValue 8_388_608 (8 MiB)
   */
  maxSegmentBytes?: number;
  /**
   * How long a locked operation (update, purge, breaker compare-and-set) waits for the lock.
   * @defaultValue 10_000
   */
  lockTimeoutMs?: number;
  /**
   * A lock file whose holder cannot be checked (another host, unreadable) counts as stale after
   * this long. Locks of dead local processes are broken at once.
   * @defaultValue 30_000
   */
  staleLockMs?: number;
  signal?: AbortSignal;
  /** @internal test hook, see the segment log. */
  maxWriteBytes?: number;
}

const CAPS: StoreCapabilities = { persistent: true, multiProcess: true, serverSideQuery: false };
const clone = <T>(v: T): T => structuredClone(v);

function wrap(op: string, e: unknown): unknown {
  return isCadlensError(e) ? e : storeUnavailable('file', op, e);
}

class FileDeadLetterStore implements DeadLetterStore {
  readonly id = 'file';
  readonly capabilities = CAPS;
  private readonly inFlight = new Set<string>();
  constructor(private readonly log: SegmentLog<DeadLetterRecord>) {}

  async put(record: DeadLetterRecord, options?: StoreCallOptions): Promise<void> {
    throwIfAborted(options?.signal);
    await this.log.refresh();
    // Uniqueness: exact within a process; across processes best effort (ids are UUIDs in practice).
    if (this.log.get(record.id) || this.inFlight.has(record.id)) throw storeConflict('file', 'dead letter', record.id);
    this.inFlight.add(record.id);
    try {
      await this.log.append([{ id: record.id, v: 1, ts: Date.now(), op: 'put', data: clone(record) }]);
    } finally {
      this.inFlight.delete(record.id);
    }
  }

  async get(id: string, options?: StoreCallOptions): Promise<DeadLetterRecord | undefined> {
    throwIfAborted(options?.signal);
    await this.log.refresh();
    const e = this.log.get(id);
    return e?.data ? clone(e.data) : undefined;
  }

  async list(filter?: DeadLetterFilter, options?: StoreCallOptions): Promise<DeadLetterRecord[]> {
    throwIfAborted(options?.signal);
    await this.log.refresh();
    return filterDeadLetters(this.records(), filter).map(clone);
  }

  private *records(): IterableIterator<DeadLetterRecord> {
    for (const e of this.log.values()) if (e.data) yield e.data;
  }

  async update(id: string, patch: DeadLetterPatch, options?: StoreCallOptions): Promise<DeadLetterRecord> {
    throwIfAborted(options?.signal);
    try {
      const e = await this.log.update(
        id,
        (cur) => {
          if (!cur?.data) throw deadLetterNotFound(id);
          const next: DeadLetterRecord = { ...cur.data };
          if (patch.status !== undefined) next.status = patch.status;
          if (patch.retryCount !== undefined) next.retryCount = patch.retryCount;
          if (patch.attempts !== undefined) next.attempts = clone(patch.attempts);
          if (patch.resolution !== undefined) next.resolution = clone(patch.resolution);
          return next;
        },
        options?.signal,
      );
      return clone((e as LogEntry<DeadLetterRecord>).data as DeadLetterRecord);
    } catch (err) {
      throw wrap('update', err);
    }
  }

  async purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number> {
    throwIfAborted(options?.signal);
    try {
      return await this.log.compact((e) => (e.data?.time ?? '') < olderThan, options?.signal);
    } catch (err) {
      throw wrap('purge', err);
    }
  }

  async countByKind(range: { since?: IsoTime; until?: IsoTime }, options?: StoreCallOptions): Promise<DeadLetterKindCounts> {
    throwIfAborted(options?.signal);
    await this.log.refresh();
    return countKinds(this.records(), range);
  }
}

class FileAuditStore implements AuditStore {
  readonly id = 'file';
  readonly capabilities = CAPS;
  private readonly inFlight = new Set<string>();
  constructor(private readonly log: SegmentLog<AuditEvent>) {}

  async append(event: AuditEvent, options?: StoreCallOptions): Promise<void> {
    throwIfAborted(options?.signal);
    await this.log.refresh();
    if (this.log.get(event.id) || this.inFlight.has(event.id)) throw storeConflict('file', 'audit event', event.id);
    this.inFlight.add(event.id);
    try {
      await this.log.append([{ id: event.id, v: 1, ts: Date.now(), op: 'put', data: clone(event) }]);
    } finally {
      this.inFlight.delete(event.id);
    }
  }

  async query(query?: AuditQuery, options?: StoreCallOptions): Promise<AuditEvent[]> {
    throwIfAborted(options?.signal);
    await this.log.refresh();
    const all: AuditEvent[] = [];
    for (const e of this.log.values()) if (e.data) all.push(e.data);
    return filterAudit(all, query).map(clone);
  }

  async purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number> {
    throwIfAborted(options?.signal);
    try {
      return await this.log.compact((e) => (e.data?.time ?? '') < olderThan, options?.signal);
    } catch (err) {
      throw wrap('purge', err);
    }
  }
}

class FileMetricsSampleStore implements MetricsSampleStore {
  readonly id = 'file';
  readonly capabilities = CAPS;
  constructor(private readonly log: SegmentLog<ProcessingSample>) {}

  async record(sample: ProcessingSample, options?: StoreCallOptions): Promise<void> {
    throwIfAborted(options?.signal);
    await this.log.append([{ id: randomUUID(), v: 1, ts: Date.now(), op: 'put', data: clone(sample) }]);
  }

  private async all(): Promise<{ id: string; sample: ProcessingSample }[]> {
    await this.log.refresh();
    const out: { id: string; sample: ProcessingSample }[] = [];
    for (const e of this.log.values()) if (e.data) out.push({ id: e.id, sample: e.data });
    return out;
  }

  async query(window?: SampleWindow, options?: StoreCallOptions): Promise<ProcessingSample[]> {
    throwIfAborted(options?.signal);
    return windowSamples(await this.all(), window).map(clone);
  }

  async purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number> {
    throwIfAborted(options?.signal);
    try {
      return await this.log.compact((e) => (e.data?.time ?? '') < olderThan, options?.signal);
    } catch (err) {
      throw wrap('purge', err);
    }
  }

  async aggregate(window: SampleWindow, options?: StoreCallOptions): Promise<SampleAggregate> {
    throwIfAborted(options?.signal);
    return aggregateSamples(windowSamples(await this.all(), window));
  }
}

/** The file adapter's stores plus file-specific maintenance. */
export interface FileStores extends CadlensStores {
  /** The resolved store directory. */
  readonly dir: string;
  /**
   * Merge sealed segments (rotated ones and those of exited processes) into one compacted segment
   * per store, keeping only the latest version of every record. Safe while other processes write.
   */
  compact(options?: StoreCallOptions): Promise<void>;
  /** Counters for monitoring: segments per store and lines skipped as torn/corrupt. */
  stats(options?: StoreCallOptions): Promise<Record<'deadLetters' | 'audit' | 'metrics', { segments: number; corruptLines: number; records: number }>>;
}

/**
 * Durable, multi-process stores in a local directory: append-only JSON-lines segments per store
 * (CRC-checked lines, fsync before a call returns), breaker state in atomically replaced files
 * under lock files. Node only.
 *
 * Layout: `<dir>/dead-letters/`, `<dir>/audit/`, `<dir>/metrics/` (segments), `<dir>/breaker/`.
 *
 * @throws CadlensError `STORE_PATH_ESCAPE` when a store folder inside `dir` is a symlink;
 *   `STORE_UNAVAILABLE` when `dir` cannot be created.
 * @example
 * ```ts
 * const stores = await createFileStores({ dir: './.cadlens' });
 * await stores.audit.append(event);
 * await stores.close();
 * ```
 */
export async function createFileStores(options: FileStoresOptions): Promise<FileStores> {
  throwIfAborted(options.signal);
  let root: string;
  try {
    await mkdir(resolve(options.dir), { recursive: true });
    root = await realpath(resolve(options.dir));
  } catch (e) {
    throw storeUnavailable('file', 'open directory', e);
  }
  const logOpts = { maxSegmentBytes: options.maxSegmentBytes, lockTimeoutMs: options.lockTimeoutMs, staleLockMs: options.staleLockMs, maxWriteBytes: options.maxWriteBytes };
  const dlqLog = new SegmentLog<DeadLetterRecord>(await resolveInside(root, 'dead-letters'), logOpts);
  const auditLog = new SegmentLog<AuditEvent>(await resolveInside(root, 'audit'), logOpts);
  const metricsLog = new SegmentLog<ProcessingSample>(await resolveInside(root, 'metrics'), logOpts);
  const breakerDir = await resolveInside(root, 'breaker');
  await Promise.all([dlqLog.init(), auditLog.init(), metricsLog.init()]);
  let closed = false;
  return {
    id: 'file',
    dir: root,
    deadLetters: new FileDeadLetterStore(dlqLog),
    audit: new FileAuditStore(auditLog),
    metrics: new FileMetricsSampleStore(metricsLog),
    breakerState: new FileBreakerStateStore(breakerDir, { timeoutMs: options.lockTimeoutMs, staleMs: options.staleLockMs }),
    async compact(o?: StoreCallOptions) {
      throwIfAborted(o?.signal);
      for (const l of [dlqLog, auditLog, metricsLog] as SegmentLog<unknown>[]) await l.compact(undefined, o?.signal);
    },
    async stats(o?: StoreCallOptions) {
      throwIfAborted(o?.signal);
      await Promise.all([dlqLog.refresh(), auditLog.refresh(), metricsLog.refresh()]);
      return { deadLetters: dlqLog.stats(), audit: auditLog.stats(), metrics: metricsLog.stats() };
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([dlqLog.close(), auditLog.close(), metricsLog.close()]);
    },
  };
}
