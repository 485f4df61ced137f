import type { ErrorKind } from '../errors/index.js';
import { createAbortError, throwIfAborted } from '../errors/abort.js';
import { classify, type ClassificationRule } from './classify-error.js';
import { systemClock, type Clock } from './clock.js';

/** One attempt made by {@link withRetry}. */
export interface RetryAttempt {
  /** 1-based attempt number. */
  attempt: number;
  /** ISO time the attempt started. */
  at: string;
  durationMs: number;
  ok: boolean;
  /** Present when the attempt failed. */
  error?: { code: string; kind: ErrorKind; message: string };
  /** Delay before the next attempt; absent when no retry follows. */
  nextDelayMs?: number;
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Total attempts including the first. @defaultValue 3 */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles each time. @defaultValue 200 */
  baseDelayMs?: number;
  /** Cap on any single delay. @defaultValue 10_000 */
  maxDelayMs?: number;
  /**
   * `full`: uniform in [0, backoff]; `equal`: backoff/2 + uniform in [0, backoff/2]; `none`: exactly
   * the backoff.
   * @defaultValue `'full'`
   */
  jitter?: 'full' | 'equal' | 'none';
  signal?: AbortSignal;
  /** @defaultValue {@link systemClock} */
  clock?: Clock;
  /** Random source in [0, 1) for jitter. @defaultValue `Math.random` */
  random?: () => number;
  /** Extra classification rules (only `transient` errors are retried). */
  rules?: readonly ClassificationRule[];
  /** Called after every attempt, before any delay. */
  onAttempt?: (attempt: RetryAttempt) => void;
  /** Caller-owned array that receives every attempt (handy for dead letters). */
  attempts?: RetryAttempt[];
}

/** Delay before attempt `attempt + 1` (attempt is 1-based), before jitter. @internal */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Run `fn`, retrying `transient` failures with capped exponential backoff and jitter. Permanent and
 * systemic errors are rethrown at once; after the last attempt the last error is rethrown unchanged.
 *
 * @throws the last error of `fn`; CadlensError `ABORTED` when `signal` aborts (also during a delay)
 * @example
 * ```ts
 * const attempts: RetryAttempt[] = [];
 * const part = await withRetry(({ signal }) => readPart(bytes, { signal }), { maxAttempts: 3, attempts });
 * ```
 */
export async function withRetry<T>(
  fn: (context: { attempt: number; signal?: AbortSignal }) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 10_000;
  const jitter = options.jitter ?? 'full';
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const { signal } = options;

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    const startedAt = clock.now();
    try {
      const value = await fn({ attempt, signal });
      report({ attempt, at: new Date(startedAt).toISOString(), durationMs: clock.now() - startedAt, ok: true });
      return value;
    } catch (error) {
      const c = classify(error, options.rules);
      const aborted = signal?.aborted === true;
      const retry = !aborted && c.kind === 'transient' && attempt < maxAttempts;
      let delay: number | undefined;
      if (retry) {
        const b = backoffDelayMs(attempt, base, cap);
        delay = jitter === 'none' ? b : jitter === 'equal' ? b / 2 + random() * (b / 2) : random() * b;
        delay = Math.round(delay);
      }
      report({
        attempt,
        at: new Date(startedAt).toISOString(),
        durationMs: clock.now() - startedAt,
        ok: false,
        error: { code: c.code, kind: c.kind, message: error instanceof Error ? error.message : String(error) },
        ...(delay !== undefined ? { nextDelayMs: delay } : {}),
      });
      if (aborted) throw createAbortError(signal);
      if (!retry) throw error;
      await clock.sleep(delay!, signal);
    }
  }

  function report(a: RetryAttempt): void {
    options.attempts?.push(a);
    options.onAttempt?.(a);
  }
}
