/**
 * OpenCascade that cannot be loaded at all: the occt-import-js package, or its `.wasm` file, missing,
 * unreadable or not a WebAssembly module. That is a fault of the installation (or of where a browser app
 * serves the file), never of the part being read, and trying the same file again cannot help — so it has
 * its own code, `OCCT_UNAVAILABLE`, of kind `systemic`, instead of the transient `OCCT_WORKER_CRASHED` it
 * used to be reported as (which `withRetry` retried and which read as if the part had crashed OpenCascade).
 * Browser-safe: no Node imports.
 */
import { CadlensError } from '../errors/index.js';
import type { OcctFormat } from './occt-types.js';

/** What is known about why OpenCascade could not be loaded. */
export interface OcctUnavailableDetails {
  /** The format of the file that needed OpenCascade, when known. */
  format?: OcctFormat;
  /** The `.wasm` file (Node) or URL (browser) that could not be read, when known. */
  wasmPath?: string;
  /** `ENOENT`, `EACCES`, `EISDIR`…, or `CompileError` for a file that is not a WebAssembly module. */
  errno?: string;
  /** The underlying message (Emscripten's or Node's), cut to 500 characters. */
  errorMessage?: string;
}

/** Node's errno codes that mean "this file cannot be read here" (as opposed to a busy or full disk). */
const UNREADABLE = /\b(ENOENT|EACCES|EPERM|EISDIR|ENOTDIR|ELOOP)\b/;

/**
 * Recognises, in a load failure's message, a `.wasm` file Node could not open — Emscripten's glue reports
 * it as `Aborted(Error: ENOENT: no such file or directory, open '/…/occt-import-js.wasm')`.
 * @returns the errno and the path, or `null` when the message is about something else.
 * @internal
 */
export function unreadableWasmIn(message: string): { errno: string; wasmPath: string } | null {
  const errno = UNREADABLE.exec(message)?.[1];
  const wasmPath = /'([^']+\.wasm)'/.exec(message)?.[1];
  return errno && wasmPath ? { errno, wasmPath } : null;
}

/**
 * The `OCCT_UNAVAILABLE` error (systemic, stage `parse`) with a message that names the file and the fix.
 * `where` says how the file is found: `'node'` (read from node_modules: reinstall) or `'browser'`
 * (served by the app: check its URL).
 * @internal
 */
export function createOcctUnavailableError(where: 'node' | 'browser', details: OcctUnavailableDetails, cause?: unknown): CadlensError {
  const opts = { stage: 'parse' as const, kind: 'systemic' as const, details: { ...details } as Record<string, unknown>, cause };
  const message = details.errorMessage ?? '';
  if (where === 'browser') {
    const html = /found 3c/i.test(message) ? ' (it got an HTML page, not the wasm: the file is not served at that URL)' : '';
    return new CadlensError(
      'OCCT_UNAVAILABLE',
      `OpenCascade (occt-import-js) could not be loaded${html}; check where its wasm is served (occtWasmBase, or locateFile in moduleOverrides): ${message}`,
      opts,
    );
  }
  const fix =
    'the occt-import-js install is incomplete: reinstall it (npm ci, or npm install occt-import-js) and, when you copy or bundle node_modules, keep occt-import-js.wasm next to occt-import-js.js';
  if (details.errno === 'CompileError')
    return new CadlensError('OCCT_UNAVAILABLE', `OpenCascade's WebAssembly file ${details.wasmPath ?? ''} is not a valid WebAssembly module (${message}); ${fix}`, opts);
  if (details.wasmPath)
    return new CadlensError('OCCT_UNAVAILABLE', `OpenCascade's WebAssembly file is missing or unreadable (${details.errno ?? 'unreadable'}): ${details.wasmPath}; ${fix}`, opts);
  return new CadlensError('OCCT_UNAVAILABLE', `OpenCascade (occt-import-js) could not be loaded (${message}); ${fix}`, opts);
}
