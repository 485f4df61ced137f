/**
 * Where OpenCascade's WebAssembly lives in Node, and the typed error when it cannot be used. The worker
 * tessellator checks the file in this thread, before any worker starts, so a broken installation is one
 * clear systemic `OCCT_UNAVAILABLE` naming the file, not a worker that "died while reading the STEP file".
 * @internal
 */
import { createRequire } from 'node:module';
import { access, constants, readFile } from 'node:fs/promises';
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

/** Throws `OCCT_UNAVAILABLE` unless `wasmPath` is a file this process can read. */
export async function assertOcctWasmReadable(wasmPath: string): Promise<void> {
  try {
    await access(wasmPath, constants.R_OK);
  } catch (e) {
    throw unreadableWasm(wasmPath, e);
  }
}

/**
 * Reads and compiles the wasm in this thread. A file missing, unreadable or not WebAssembly is `OCCT_UNAVAILABLE`;
 * any other compile failure (V8 out of memory) gives `null`, and each worker then compiles the file itself.
 */
export async function compileOcctWasm(wasmPath: string): Promise<WebAssembly.Module | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(wasmPath);
  } catch (e) {
    throw unreadableWasm(wasmPath, e);
  }
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    if (!(e instanceof WebAssembly.CompileError)) return null;
    throw createOcctUnavailableError('node', { wasmPath, errno: 'CompileError', errorMessage: messageOf(e) }, e);
  }
}
