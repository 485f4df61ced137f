import { createAbortError, isCadlensError } from '../../errors/index.js';
import type { CircuitBreaker } from '../../resilience/circuit-breaker.js';
import type { Recognizer } from './recognizer.js';

/**
 * Puts a recognizer behind a {@link CircuitBreaker}: while the breaker is open, `canRecognize` answers
 * `breaker_open` so the degradation orchestrator moves on to the next tier without calling it; when it
 * runs, its failures count toward the breaker (only the kinds the breaker counts, by default transient
 * and systemic). With a breaker shared through a store, every check reads the shared state first, so
 * an instance skips the tier as soon as another process opened the breaker, before any call of its own.
 * The call counts as settled when its signal aborts, even if the recognizer ignores the signal: a deadline
 * (the analyzer's `recognizeTimeoutMs`) is then a `TIMEOUT` failure, so a hung dependency opens the breaker.
 *
 * @example
 * ```ts
 * const tier1 = guardWithBreaker(createAagnetRecognizer(engine), new CircuitBreaker({ name: 'aagnet' }));
 * ```
 */
export function guardWithBreaker(recognizer: Recognizer, breaker: CircuitBreaker): Recognizer {
  return {
    id: recognizer.id,
    tier: recognizer.tier,
    ...(recognizer.variant !== undefined ? { variant: recognizer.variant } : {}),
    nominalConfidence: recognizer.nominalConfidence,
    async canRecognize(part, ctx) {
      // A breaker shared through a store (several processes) may have been opened by another instance:
      // read the shared state first (a no-op without a store; a store failure keeps the local view).
      await breaker.refresh({ signal: ctx.signal });
      if (!breaker.canPass()) {
        const after = breaker.retryAfterSeconds;
        return { ok: false, reason: 'breaker_open', detail: after === null ? 'isolated' : `retry after ${after} s` };
      }
      return recognizer.canRecognize(part, ctx);
    },
    recognize(part, ctx) {
      // A recognizer that ignores its signal never settles on a hung dependency: without this race its failures
      // were never counted and a half-open probe stayed in progress for good.
      return breaker.execute(() => settledByAbort(recognizer.recognize(part, ctx), ctx.signal), { signal: ctx.signal });
    },
    ...(recognizer.dispose ? { dispose: () => recognizer.dispose!() } : {}),
  };
}

/** `work`, or a rejection as soon as `signal` aborts: with its reason when that is a CadlensError (`TIMEOUT`), else `ABORTED`. */
function settledByAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(isCadlensError(signal.reason) ? signal.reason : createAbortError(signal));
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(isCadlensError(signal.reason) ? signal.reason : createAbortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort!));
}
