import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { CadlensError } from 'cadlens';

/**
 * Cross-process mutual exclusion with a lock file created by `open(O_CREAT|O_EXCL)`.
 *
 * Why a lock file and not `flock`: Node has no portable advisory-lock API, and `O_EXCL` creation
 * is atomic on every local filesystem. The file holds `{pid, host, token, at}`.
 *
 * Stale locks (the holder was SIGKILLed) are detected by the holder's pid no longer existing on
 * this host, or, for another host or an unreadable file, by age beyond `staleMs`. Breaking a
 * stale lock is itself guarded by a second O_EXCL file (`<lock>.break`) and a re-read of the
 * token, so two processes that both saw the same stale lock cannot delete each other's fresh
 * lock. A `.break` file older than `staleMs` (its creator died in the few microseconds it is
 * held) is removed.
 *
 * Critical sections must be short (milliseconds): rotation, compaction, compare-and-set.
 *
 * @internal
 */
export interface LockOptions {
  /** Give up after this long. @defaultValue 10_000 */
  timeoutMs?: number;
  /** A lock whose holder cannot be checked is stale after this long. @defaultValue 30_000 */
  staleMs?: number;
  signal?: AbortSignal;
}

const HOST = hostname();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockBody {
  pid: number;
  host: string;
  token: string;
  at: number;
}

async function tryCreate(path: string, body: LockBody): Promise<boolean> {
  try {
    const fh = await open(path, 'wx');
    try {
      await fh.writeFile(JSON.stringify(body));
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

async function readBody(path: string): Promise<{ body: LockBody | null; mtimeMs: number } | null> {
  try {
    const [raw, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let body: LockBody | null = null;
    try {
      body = JSON.parse(raw) as LockBody;
    } catch {
      body = null; // holder died between create and write: judged by age
    }
    return { body, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isStale(info: { body: LockBody | null; mtimeMs: number }, staleMs: number): boolean {
  const b = info.body;
  if (b && b.host === HOST && typeof b.pid === 'number') return !pidAlive(b.pid);
  return Date.now() - info.mtimeMs > staleMs;
}

async function breakIfStale(path: string, staleMs: number): Promise<void> {
  const seen = await readBody(path);
  if (!seen || !isStale(seen, staleMs)) return;
  const breakPath = `${path}.break`;
  const me: LockBody = { pid: process.pid, host: HOST, token: randomUUID(), at: Date.now() };
  if (!(await tryCreate(breakPath, me))) {
    const b = await readBody(breakPath);
    if (b && Date.now() - b.mtimeMs > staleMs) await unlink(breakPath).catch(() => undefined);
    return;
  }
  try {
    const again = await readBody(path);
    // Only remove the exact stale lock we judged (same token, or same unreadable file age).
    if (again && isStale(again, staleMs) && (again.body?.token ?? null) === (seen.body?.token ?? null)) {
      await unlink(path).catch(() => undefined);
    }
  } finally {
    await unlink(breakPath).catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding the lock file at `path`.
 *
 * @throws CadlensError `STORE_UNAVAILABLE` (transient) when the lock is not acquired in time;
 *   `ABORTED` when `signal` aborts.
 * @internal
 */
export async function withLockFile<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const body: LockBody = { pid: process.pid, host: HOST, token: randomUUID(), at: Date.now() };
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  let attempts = 0;
  for (;;) {
    if (options.signal?.aborted) {
      throw new CadlensError('ABORTED', 'lock acquisition aborted', { kind: 'permanent', stage: 'storage', cause: options.signal.reason });
    }
    if (await tryCreate(path, body)) break;
    attempts++;
    if (attempts % 8 === 1) await breakIfStale(path, staleMs);
    if (Date.now() > deadline) {
      throw new CadlensError('STORE_UNAVAILABLE', 'file store lock not acquired in time', {
        kind: 'transient',
        stage: 'storage',
        details: { timeoutMs },
      });
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 20);
  }
  try {
    return await fn();
  } finally {
    // Only remove our own lock (a peer may have broken it if we were suspended past staleMs).
    const now = await readBody(path).catch(() => null);
    if (now?.body?.token === body.token) await unlink(path).catch(() => undefined);
  }
}
