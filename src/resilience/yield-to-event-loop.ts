/**
 * Yielding during long synchronous work, so that a timer-driven abort (`AbortSignal.timeout`, a
 * per-call deadline) can fire and be seen: while a loop runs on the main thread no timer callback
 * runs, and a signal's `aborted` flag only flips when its timer does. Browser-safe.
 * @internal
 */
import { throwIfAborted } from '../errors/abort.js';

/** Work between two yields of an {@link AbortCheckpoint}. @defaultValue 25 ms (as `validateStepReferences`) */
export const DEFAULT_YIELD_SLICE_MS = 25;

type Schedule = (resume: () => void) => void;

/**
 * The cheapest macrotask the host offers: `setImmediate` (Node; no 1 ms timer clamp), a `MessageChannel`
 * message (browsers and workers), else `setTimeout(0)`.
 */
const schedule: Schedule = (() => {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return (resume) => void setImmediate(resume);
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    // An open port would keep a worker alive: the port is unref'd where the host allows it.
    (channel.port1 as { unref?: () => void }).unref?.();
    return (resume) => {
      waiting.push(resume);
      channel.port2.postMessage(null);
    };
  }
  return (resume) => void setTimeout(resume, 0);
})();

/**
 * Resolves after one turn of the event loop. Cheap (no timer clamp), but a timer that is already due may
 * only run at the next turn: a loop that yields every few ms sees it one slice later at the most.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resume) => schedule(resume));
}

/**
 * Yields one turn of the event loop (the cheap way, {@link yieldToEventLoop}), then throws `ABORTED` when `signal`
 * has aborted; does nothing (not even yield) without a signal, so an analysis nobody can abort pays nothing. For the
 * few boundaries between pipeline steps: an abort timer that fell due during a step is seen at the next boundary or
 * the one after (a timer due now may run only at the next turn). Not a zero-delay timer, which would let every due
 * timer run first: its clamp costs ≈ 1 ms of idle time per boundary, +5–7 ms per analysis (+45 % measured on small
 * MFCAD parts), and the CLI, the pool and the HTTP service always pass a signal.
 * @throws CadlensError `ABORTED`
 */
export async function abortBoundary(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  throwIfAborted(signal);
  await yieldToEventLoop();
  throwIfAborted(signal);
}

/**
 * Called between units of work (faces, rules): returns `undefined` while less than the slice has passed
 * since the last yield (the caller goes on synchronously), else a promise that yields and then throws
 * `ABORTED` if the signal fired meanwhile.
 */
export type AbortCheckpoint = () => Promise<void> | undefined;

/**
 * An {@link AbortCheckpoint} for `signal`; without a signal one that never yields.
 * @param sliceMs work between two yields. @defaultValue {@link DEFAULT_YIELD_SLICE_MS}
 */
export function createAbortCheckpoint(signal: AbortSignal | undefined, sliceMs = DEFAULT_YIELD_SLICE_MS): AbortCheckpoint {
  if (!signal) return () => undefined;
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  let sliceEnd = now() + sliceMs;
  return () => {
    throwIfAborted(signal);
    if (now() < sliceEnd) return undefined;
    return yieldToEventLoop().then(() => {
      throwIfAborted(signal);
      sliceEnd = now() + sliceMs;
    });
  };
}
