/**
 * How the `cadlens` launcher (launch.ts) tells the CLI bundle where the analyzer pool's workers keep their
 * V8 code cache: a global under this symbol, set before the bundle runs (the two are separate bundles, so a
 * module variable would not be shared). Unset when the CLI bundle runs without the launcher or the cache is off.
 * @internal
 */
export const POOL_WORKER_CODE_CACHE = Symbol.for('cadlens.poolWorkerCodeCache');

/** The pool worker's cache file for this run, if the launcher named one. @internal */
export function poolWorkerCodeCache(): string | undefined {
  const path = (globalThis as Record<symbol, unknown>)[POOL_WORKER_CODE_CACHE];
  return typeof path === 'string' ? path : undefined;
}
