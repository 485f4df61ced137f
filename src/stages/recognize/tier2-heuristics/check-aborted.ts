import { createAbortError } from '../../../errors/abort.js';

/** Throws `ABORTED` when the signal has aborted. @internal */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw createAbortError(signal);
}
