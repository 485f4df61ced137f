import { CadlensError } from '../errors/index.js';
import { createAbortError, throwIfAborted } from '../errors/abort.js';
import { systemClock, type Clock } from './clock.js';

/** Options of {@link withTimeout}. */
export interface TimeoutOptions {
  /** Caller's signal; aborting it aborts `fn` too. */
  signal?: AbortSignal;
  /** @defaultValue {@link systemClock} */
  clock?: Clock;
}

/** Why a deadline timer is stopped once `fn` has settled (read by no one). */
const SETTLED = Object.freeze({ reason: 'settled before the deadline' });

/**
 * Run `fn` with a deadline. `fn` receives a signal that aborts on timeout or when the caller's
 * signal aborts; the returned promise settles at the deadline even if `fn` ignores its signal.
 *
 * @throws CadlensError `TIMEOUT` (transient) when `timeoutMs` passes first; `ABORTED` when the caller aborts
 * @example
 * ```ts
 * const result = await withTimeout((signal) => engine.run(feeds, { signal }), 30_000);
 * ```
 */
export async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  options: TimeoutOptions = {},
): Promise<T> {
  const { signal } = options;
  throwIfAborted(signal);
  const clock = options.clock ?? systemClock;
  const inner = new AbortController();
  const timer = new AbortController();
  const onOuterAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onOuterAbort, { once: true });

  const deadline = clock.sleep(timeoutMs, timer.signal).then(
    () => {
      const err = new CadlensError('TIMEOUT', `Timed out after ${timeoutMs} ms`, {
        kind: 'transient',
        stage: 'resilience',
        details: { timeoutMs },
      });
      inner.abort(err);
      throw err;
    },
    () => new Promise<never>(() => {}),
  );
  let onAbortReject: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    if (!signal) return;
    onAbortReject = () => reject(createAbortError(signal));
    signal.addEventListener('abort', onAbortReject, { once: true });
  });
  try {
    return await Promise.race([fn(inner.signal), deadline, aborted]);
  } finally {
    // With a reason: `abort()` without one builds a DOMException (with its stack) that nobody reads.
    timer.abort(SETTLED);
    signal?.removeEventListener('abort', onOuterAbort);
    if (onAbortReject) signal?.removeEventListener('abort', onAbortReject);
  }
}
