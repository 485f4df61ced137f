import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  storeCorrupt,
  storeUnavailable,
  throwIfAborted,
  isCadlensError,
  type BreakerSharedState,
  type BreakerStateStore,
  type BreakerStateUpdate,
  type StoreCallOptions,
  type StoreCapabilities,
} from 'cadlens';
import { withLockFile } from './lock-file.js';
import { keyToFileName } from './safe-path.js';

/**
 * Breaker state as one small JSON file per breaker name (`<dir>/<name>.json`), replaced atomically
 * (write temp + fsync + rename + fsync dir). Every compare-and-set and lease operation runs under
 * the per-name lock file `<dir>/<name>.lock`, so read-compare-write is atomic across processes.
 * `get` needs no lock: rename makes every read see a whole old or whole new file.
 *
 * @internal
 */
export class FileBreakerStateStore implements BreakerStateStore {
  readonly id = 'file';
  readonly capabilities: StoreCapabilities = { persistent: true, multiProcess: true, serverSideQuery: false };
  private ready: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly lock: { timeoutMs?: number; staleMs?: number },
  ) {}

  private init(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  private async read(file: string): Promise<BreakerSharedState | undefined> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw storeUnavailable(this.id, 'breaker read', e);
    }
    try {
      return JSON.parse(raw) as BreakerSharedState;
    } catch (e) {
      throw storeCorrupt(this.id, 'breaker state', e);
    }
  }

  private async write(file: string, st: BreakerSharedState): Promise<void> {
    const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(st));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    const d = await open(this.dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  private async locked<R>(name: string, op: string, signal: AbortSignal | undefined, fn: (file: string) => Promise<R>): Promise<R> {
    throwIfAborted(signal);
    const base = keyToFileName(name);
    await this.init().catch((e) => {
      throw storeUnavailable(this.id, op, e);
    });
    const file = join(this.dir, `${base}.json`);
    try {
      return await withLockFile(join(this.dir, `${base}.lock`), () => fn(file), { ...this.lock, signal });
    } catch (e) {
      if (isCadlensError(e)) throw e;
      throw storeUnavailable(this.id, op, e);
    }
  }

  async get(name: string, options?: StoreCallOptions): Promise<BreakerSharedState | undefined> {
    throwIfAborted(options?.signal);
    return this.read(join(this.dir, `${keyToFileName(name)}.json`));
  }

  compareAndSet(name: string, expectedVersion: number, next: BreakerStateUpdate, options?: StoreCallOptions): Promise<boolean> {
    return this.locked(name, 'breaker compareAndSet', options?.signal, async (file) => {
      const cur = await this.read(file);
      if ((cur?.version ?? 0) !== expectedVersion) return false;
      await this.write(file, {
        state: next.state,
        failureCount: next.failureCount,
        openedAt: next.openedAt,
        lastFailureTime: next.lastFailureTime,
        windowStartedAt: next.windowStartedAt,
        version: expectedVersion + 1,
        probeLeaseOwner: cur?.probeLeaseOwner ?? null,
        probeLeaseExpiresAt: cur?.probeLeaseExpiresAt ?? null,
      });
      return true;
    });
  }

  acquireProbeLease(name: string, owner: string, ttlMs: number, now: number, options?: StoreCallOptions): Promise<boolean> {
    return this.locked(name, 'breaker acquireProbeLease', options?.signal, async (file) => {
      const cur = await this.read(file);
      if (!cur) return false;
      const free = cur.probeLeaseOwner === null || cur.probeLeaseExpiresAt === null || cur.probeLeaseExpiresAt <= now || cur.probeLeaseOwner === owner;
      if (!free) return false;
      await this.write(file, { ...cur, probeLeaseOwner: owner, probeLeaseExpiresAt: now + ttlMs });
      return true;
    });
  }

  releaseProbeLease(name: string, owner: string, options?: StoreCallOptions): Promise<boolean> {
    return this.locked(name, 'breaker releaseProbeLease', options?.signal, async (file) => {
      const cur = await this.read(file);
      if (!cur || cur.probeLeaseOwner !== owner) return false;
      await this.write(file, { ...cur, probeLeaseOwner: null, probeLeaseExpiresAt: null });
      return true;
    });
  }
}
