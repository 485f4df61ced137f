import { createAbortError } from '../errors/abort.js';

/**
 * Time source used by every resilience part, so tests can drive time (`createManualClock`) or use
 * `vi.useFakeTimers()` with {@link systemClock}.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolve after `ms` milliseconds.
   * @throws CadlensError `ABORTED` (rejects) when `signal` aborts first
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout` (both replaced by `vi.useFakeTimers()`). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(createAbortError(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(createAbortError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  /** Move time forward by `ms`, resolving every sleep whose deadline is reached, in deadline order. */
  advance(ms: number): void;
  /** Jump to an absolute time (must not go backwards). */
  set(epochMs: number): void;
  /** Number of sleeps still waiting. */
  readonly pendingSleeps: number;
}

/**
 * A {@link ManualClock} starting at `startMs`.
 * @example
 * ```ts
 * const clock = createManualClock(Date.parse('2026-01-01T00:00:00Z'));
 * const breaker = new CircuitBreaker({ clock });
 * clock.advance(60_000);
 * ```
 */
export function createManualClock(startMs = 0): ManualClock {
  let current = startMs;
  let seq = 0;
  const sleepers: { at: number; seq: number; resolve: () => void }[] = [];
  const flush = (): void => {
    sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    while (sleepers.length > 0 && sleepers[0]!.at <= current) sleepers.shift()!.resolve();
  };
  return {
    now: () => current,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(createAbortError(signal));
          return;
        }
        const entry = {
          at: current + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          const i = sleepers.indexOf(entry);
          if (i >= 0) sleepers.splice(i, 1);
          reject(createAbortError(signal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(entry);
        flush();
      });
    },
    advance(ms) {
      current += ms;
      flush();
    },
    set(epochMs) {
      if (epochMs < current) throw new RangeError('A manual clock cannot go backwards');
      current = epochMs;
      flush();
    },
    get pendingSleeps() {
      return sleepers.length;
    },
  };
}
