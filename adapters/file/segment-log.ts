import { mkdir, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CadlensError } from 'cadlens';
import { crc32Hex } from './crc32.js';
import { withLockFile } from './lock-file.js';

/**
 * A durable, multi-process, append-only record log in one directory.
 *
 * Layout: `<dir>/<startMs>-<pid>-<rand>.seg.jsonl` (one per writer), `<dir>/<ms>-c-<rand>.seg.jsonl`
 * (compacted), `<dir>/.lock` (held only for updates, rotation-free compaction and purge).
 *
 * **Concurrency design (why per-writer segments):** every writer (one per `SegmentLog` instance,
 * i.e. per process and store) appends only to segments it created itself, so no two processes ever
 * write to the same file. A single `write()` of a large line is not atomic with respect to other
 * writers, so shared O_APPEND files would need a lock on every append; per-writer segments make
 * appends lock-free and let a crashed writer leave at most a torn tail in *its own* file, which no
 * later write can follow. The lock file serialises only read-modify-write operations (updates,
 * which get `v = current + 1`, so "last one wins" is a total order per record even across
 * processes) and compaction/purge.
 *
 * **Line format:** `<crc32 hex of the JSON bytes> <JSON>\n`. A reader only consumes complete lines
 * (ending in `\n`) whose CRC matches; an incomplete tail is left unread (a live writer may still be
 * writing it, a dead one never will), and a complete line with a bad CRC is skipped and counted.
 *
 * **Durability:** an append resolves after `write` + `fdatasync` of its segment (concurrent appends
 * are group-committed into one write + one sync); a new segment's directory entry is `fsync`ed
 * before the first append to it resolves.
 *
 * @internal
 */
export interface LogEntry<T> {
  id: string;
  /** Version of the record; updates write `v + 1`; the highest version wins. */
  v: number;
  /** Wall-clock ms when this version was written (tie-break only). */
  ts: number;
  op: 'put' | 'del';
  data?: T;
}

/** @internal */
export interface SegmentLogOptions {
  /** Rotate the writer's segment after it reaches this size. @defaultValue 8 MiB */
  maxSegmentBytes?: number;
  lockTimeoutMs?: number;
  staleLockMs?: number;
  /**
   * Test hook: split every write into `write()` calls of at most this many bytes, so a kill can land
   * between them and leave a torn line (exercises torn-tail handling for real). @internal
   */
  maxWriteBytes?: number;
}

/** @internal counters for observability and tests. */
export interface SegmentLogStats {
  segments: number;
  corruptLines: number;
  records: number;
}

interface SegState {
  offset: number;
  sealed: boolean;
}

const SEG_SUFFIX = '.seg.jsonl';
const NL = 0x0a;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** @internal */
export function encodeLine(obj: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(obj), 'utf8');
  return Buffer.concat([Buffer.from(`${crc32Hex(json)} `, 'ascii'), json, Buffer.from('\n')]);
}

/** Parses one line without its `\n`; null when torn/corrupt. @internal */
export function decodeLine(line: Buffer): unknown | null {
  if (line.length < 10 || line[8] !== 0x20) return null;
  const json = line.subarray(9);
  if (line.subarray(0, 8).toString('ascii') !== crc32Hex(json)) return null;
  try {
    return JSON.parse(json.toString('utf8'));
  } catch {
    return null;
  }
}

function storeError(e: unknown, what: string): CadlensError {
  const code = (e as NodeJS.ErrnoException)?.code;
  return new CadlensError('STORE_UNAVAILABLE', `file store ${what} failed${code ? ` (${code})` : ''}`, {
    kind: 'systemic',
    stage: 'storage',
    cause: e,
    details: { errno: code },
  });
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: FileHandle, data: Buffer, maxWriteBytes = Infinity): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, Math.min(data.length - off, maxWriteBytes));
    off += bytesWritten;
  }
}

function newer<T>(a: LogEntry<T>, b: LogEntry<T> | undefined): boolean {
  if (!b) return true;
  if (a.v !== b.v) return a.v > b.v;
  return a.ts > b.ts;
}

/** @internal */
export class SegmentLog<T> {
  readonly dir: string;
  private readonly maxSegmentBytes: number;
  private readonly maxWriteBytes: number;
  private readonly lockOpts: { timeoutMs?: number; staleMs?: number };
  private readonly segs = new Map<string, SegState>();
  private readonly view = new Map<string, LogEntry<T>>();
  private corrupt = 0;
  private refreshing: Promise<void> | null = null;
  // writer state
  private active: { name: string; fh: FileHandle; size: number } | null = null;
  private segCounter = 0;
  private readonly writerId = randomBytes(4).toString('hex');
  private pending: { buf: Buffer; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(dir: string, options: SegmentLogOptions = {}) {
    this.dir = dir;
    this.maxSegmentBytes = options.maxSegmentBytes ?? 8 * 1024 * 1024;
    this.maxWriteBytes = options.maxWriteBytes ?? Infinity;
    this.lockOpts = { timeoutMs: options.lockTimeoutMs, staleMs: options.staleLockMs };
  }

  async init(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (e) {
      throw storeError(e, 'mkdir');
    }
  }

  // ---------------------------------------------------------------- writing

  /** Appends entries durably (resolves after fdatasync). */
  append(entries: readonly LogEntry<T>[]): Promise<void> {
    if (this.closed) return Promise.reject(new CadlensError('STORE_UNAVAILABLE', 'file store is closed', { kind: 'systemic', stage: 'storage' }));
    const buf = Buffer.concat(entries.map((e) => encodeLine(e)));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ buf, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.length) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        const seg = await this.ensureSegment();
        const data = batch.length === 1 ? batch[0].buf : Buffer.concat(batch.map((b) => b.buf));
        await writeAll(seg.fh, data, this.maxWriteBytes);
        await seg.fh.datasync();
        seg.size += data.length;
        for (const b of batch) b.resolve();
        if (seg.size >= this.maxSegmentBytes) await this.sealActive().catch(() => this.abandonActive());
      } catch (e) {
        // A failed/partial write may have left a torn tail: never append after it again.
        await this.abandonActive();
        const err = storeError(e, 'append');
        for (const b of batch) b.reject(err);
      }
    }
  }

  private async ensureSegment(): Promise<{ name: string; fh: FileHandle; size: number }> {
    if (this.active) return this.active;
    const name = `${String(Date.now()).padStart(13, '0')}-${process.pid}-${this.writerId}${(this.segCounter++).toString(36).padStart(3, '0')}${SEG_SUFFIX}`;
    const fh = await open(join(this.dir, name), 'a');
    await fsyncDir(this.dir);
    this.active = { name, fh, size: 0 };
    return this.active;
  }

  private async abandonActive(): Promise<void> {
    const a = this.active;
    this.active = null;
    if (a) await a.fh.close().catch(() => undefined);
  }

  /** Writes a seal line and closes the writer's segment; the next append opens a new one. */
  private async sealActive(): Promise<void> {
    const a = this.active;
    if (!a) return;
    await writeAll(a.fh, encodeLine({ seal: true }));
    await a.fh.datasync();
    this.active = null;
    await a.fh.close();
  }

  /** Seals the writer's current segment once pending appends are flushed. */
  async rotate(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.sealActive();
  }

  // ---------------------------------------------------------------- reading

  /** Brings the in-memory view up to date with every segment on disk (own and other writers'). */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.refreshOnce();
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 8) {
          this.resetView(); // a compaction removed a segment under us: rebuild from scratch
          continue;
        }
        throw storeError(e, 'read');
      }
    }
  }

  private resetView(): void {
    this.segs.clear();
    this.view.clear();
    this.corrupt = 0;
  }

  private async listSegments(): Promise<string[]> {
    return (await readdir(this.dir)).filter((n) => n.endsWith(SEG_SUFFIX)).sort();
  }

  private async refreshOnce(): Promise<void> {
    const names = await this.listSegments();
    const present = new Set(names);
    for (const known of this.segs.keys()) {
      if (!present.has(known)) {
        this.resetView();
        break;
      }
    }
    for (const name of names) {
      let st = this.segs.get(name);
      if (!st) {
        st = { offset: 0, sealed: false };
        this.segs.set(name, st);
      }
      if (st.sealed) continue;
      await this.readSegment(name, st, (obj) => this.apply(obj));
    }
  }

  private async readSegment(name: string, st: SegState, onObj: (o: Record<string, unknown>) => void): Promise<void> {
    const fh = await open(join(this.dir, name), 'r');
    try {
      const size = (await fh.stat()).size;
      if (size <= st.offset) return;
      const buf = Buffer.allocUnsafe(size - st.offset);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, st.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(NL, start);
        if (nl < 0 || nl >= got) break; // incomplete tail: leave it (live writer) / torn (dead writer)
        const obj = decodeLine(buf.subarray(start, nl));
        if (obj === null || typeof obj !== 'object') this.corrupt++;
        else if ((obj as { seal?: boolean }).seal === true) st.sealed = true;
        else onObj(obj as Record<string, unknown>);
        start = nl + 1;
      }
      st.offset += start;
    } finally {
      await fh.close();
    }
  }

  private apply(obj: Record<string, unknown>): void {
    const e = obj as unknown as LogEntry<T>;
    if (typeof e.id !== 'string' || typeof e.v !== 'number') {
      this.corrupt++;
      return;
    }
    if (newer(e, this.view.get(e.id))) this.view.set(e.id, e);
  }

  /** The latest live version of `id` (after {@link refresh}). */
  get(id: string): LogEntry<T> | undefined {
    const e = this.view.get(id);
    return e && e.op === 'put' ? e : undefined;
  }

  /** All live records (after {@link refresh}). */
  *values(): IterableIterator<LogEntry<T>> {
    for (const e of this.view.values()) if (e.op === 'put') yield e;
  }

  stats(): SegmentLogStats {
    let records = 0;
    for (const e of this.view.values()) if (e.op === 'put') records++;
    return { segments: this.segs.size, corruptLines: this.corrupt, records };
  }

  // ---------------------------------------------------------------- locked operations

  /** Runs `fn` under this log's cross-process lock, with the view refreshed first. */
  async locked<R>(fn: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    return withLockFile(
      join(this.dir, '.lock'),
      async () => {
        await this.refresh();
        return fn();
      },
      { ...this.lockOpts, signal },
    );
  }

  /**
   * Atomically replaces record `id` (read-modify-write under the lock): `fn` gets the current
   * live version (or undefined) and returns the new data, or `undefined` to leave it unchanged.
   */
  async update(id: string, fn: (cur: LogEntry<T> | undefined) => T | undefined, signal?: AbortSignal): Promise<LogEntry<T> | undefined> {
    return this.locked(async () => {
      const cur = this.get(id);
      const data = fn(cur);
      if (data === undefined) return undefined;
      const prevV = this.view.get(id)?.v ?? 0;
      const entry: LogEntry<T> = { id, v: prevV + 1, ts: Date.now(), op: 'put', data };
      await this.append([entry]);
      this.apply(entry as unknown as Record<string, unknown>);
      return entry;
    }, signal);
  }

  /**
   * Compaction and retention purge under the lock. Segments that are sealed (rotated, or whose
   * writer process is gone) are merged into one new compacted segment holding only the latest live
   * version of each record; records matching `drop` are removed everywhere (those that also live in
   * a still-active segment of another process get a tombstone). Whole old segments are deleted.
   *
   * @returns the number of live records dropped.
   */
  async compact(drop?: (e: LogEntry<T>) => boolean, signal?: AbortSignal): Promise<number> {
    await this.rotate();
    return this.locked(async () => {
      const names = await this.listSegments();
      const sealed: string[] = [];
      const open_: string[] = [];
      for (const n of names) {
        const st = this.segs.get(n);
        const m = /^\d+-(\d+)-/.exec(n);
        const writerGone = m ? !pidAlive(Number(m[1])) : true;
        if (st?.sealed || writerGone) sealed.push(n);
        else open_.push(n);
      }
      // ids present in still-active segments (their older versions must stay shadowed)
      const openIds = new Set<string>();
      for (const n of open_) await this.readSegment(n, { offset: 0, sealed: false }, (o) => openIds.add(String(o.id)));
      // purge
      const purged: LogEntry<T>[] = [];
      if (drop) for (const e of this.values()) if (drop(e)) purged.push(e);
      const tombstones = purged
        .filter((e) => openIds.has(e.id))
        .map((e): LogEntry<T> => ({ id: e.id, v: e.v + 1, ts: Date.now(), op: 'del' }));
      if (tombstones.length) {
        await this.append(tombstones);
        await this.rotate(); // keep the compacted set's invariants simple: tombstones live in a sealed seg too
        await this.refresh();
      }
      const purgedIds = new Set(purged.map((e) => e.id));
      if (sealed.length <= 1 && purged.length === 0) return 0;
      // best version of each id within the sealed set
      const best = new Map<string, LogEntry<T>>();
      for (const n of sealed) {
        await this.readSegment(n, { offset: 0, sealed: false }, (o) => {
          const e = o as unknown as LogEntry<T>;
          if (typeof e.id === 'string' && newer(e, best.get(e.id))) best.set(e.id, e);
        });
      }
      const out: Buffer[] = [];
      for (const e of best.values()) {
        if (purgedIds.has(e.id) && !openIds.has(e.id)) continue;
        const g = this.view.get(e.id);
        if (g && (g.v !== e.v || g.ts !== e.ts)) continue; // superseded by a version in an open segment
        if (e.op === 'del' && !openIds.has(e.id)) continue; // nothing left to shadow
        out.push(encodeLine(e));
      }
      out.push(encodeLine({ seal: true }));
      const finalName = `${String(Date.now()).padStart(13, '0')}-c-${randomBytes(6).toString('hex')}${SEG_SUFFIX}`;
      const tmp = join(this.dir, `.tmp-${finalName}`);
      const fh = await open(tmp, 'w');
      try {
        await writeAll(fh, Buffer.concat(out));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, join(this.dir, finalName));
      await fsyncDir(this.dir);
      for (const n of sealed) await unlink(join(this.dir, n)).catch(() => undefined);
      await fsyncDir(this.dir);
      this.resetView();
      await this.refresh();
      return purged.length;
    }, signal);
  }

  /** Flushes pending appends, seals the writer's segment (so others may compact it) and closes it. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.sealActive().catch(() => this.abandonActive());
  }
}
