/**
 * Where OpenCascade's WebAssembly lives in Node, and the typed error when it cannot be used. The worker
 * tessellator checks the file in this thread, before any worker starts (the worker compiles it), so a broken installation is one
 * clear systemic `OCCT_UNAVAILABLE` naming the file, not a worker that "died while reading the STEP file".
 * @internal
 */
import { createRequire } from 'node:module';
import { accessSync, constants } from 'node:fs';
import { createOcctUnavailableError } from '../../tessellation/occt-unavailable.js';
import type { CadlensError } from '../../errors/index.js';

/** The `.wasm` that occt-import-js's glue loads: the same name next to its `.js`. */
export function occtWasmPathOf(occtModulePath: string): string {
  return occtModulePath.replace(/\.js$/, '.wasm');
}

/**
 * Resolves occt-import-js's entry from this module, or says it is not installed.
 * @returns the path, or the `OCCT_UNAVAILABLE` error to reject every tessellation with.
 */
export function resolveOcctModule(): string | (() => CadlensError) {
  try {
    return createRequire(import.meta.url).resolve('occt-import-js');
  } catch (e) {
    const errorMessage = `occt-import-js is not installed (${String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 300)})`;
    return () => createOcctUnavailableError('node', { errno: 'MODULE_NOT_FOUND', errorMessage }, e);
  }
}

/** The errno of a failed file operation (`ENOENT`, `EACCES`…), or its error name. */
function errnoOf(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : String((e as Error)?.name ?? 'Error');
}

/** The cause's message, cut to the 500 characters an error's details keep. */
function messageOf(e: unknown): string {
  return String((e as Error)?.message ?? e).slice(0, 500);
}

/** `OCCT_UNAVAILABLE` for a `.wasm` this process could not read (`e`: the file operation's error). */
function unreadableWasm(wasmPath: string, e: unknown): CadlensError {
  return createOcctUnavailableError('node', { wasmPath, errno: errnoOf(e), errorMessage: messageOf(e) }, e);
}

/**
 * Throws `OCCT_UNAVAILABLE` unless `wasmPath` is a file this process can read. Synchronous (one `access` call):
 * the worker tessellator checks it in the same turn that starts a worker, so the worker never waits for this
 * thread's event loop.
 */
export function assertOcctWasmReadable(wasmPath: string): void {
  try {
    accessSync(wasmPath, constants.R_OK);
  } catch (e) {
    throw unreadableWasm(wasmPath, e);
  }
}
