import { CadlensError } from './cadlens-error.js';

/**
 * A `CadlensError` `ABORTED` (kind `permanent`: the caller asked to stop, retrying would defy it)
 * carrying the signal's reason as `cause`.
 */
export function createAbortError(signal?: AbortSignal, message = 'The operation was aborted'): CadlensError {
  return new CadlensError('ABORTED', message, {
    kind: 'permanent',
    stage: 'resilience',
    cause: signal?.reason,
  });
}

/**
 * Throw `ABORTED` when `signal` is already aborted.
 * @throws CadlensError `ABORTED`
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw createAbortError(signal);
}
