/**
 * A browser-safe {@link Tessellator} that runs occt-import-js in the calling thread (use it inside your own
 * Web Worker to keep a page responsive). No `node:` imports.
 */
import { CadlensError } from '../../errors/index.js';
import { createAbortError } from '../../errors/abort.js';
import type { DeflectionOptions, OcctFormat, OcctImportResult, TessellateOptions, Tessellator } from '../../tessellation/occt-types.js';
import { createOcctUnavailableError, unreadableWasmIn } from '../../tessellation/occt-unavailable.js';
import {
  classifyOcctThrow,
  convertOcctRawResult,
  createOcctError,
  describeNoMesh,
  occtOutcomeOf,
  resolveDeflection,
  type RawOcctResult,
} from '../../tessellation/occt-outcome.js';

/** The occt-import-js module instance (what `await occtimportjs(overrides)` resolves to). */
export interface OcctModule {
  ReadStepFile(content: Uint8Array, params: DeflectionOptions | null): RawOcctResult;
  ReadIgesFile(content: Uint8Array, params: DeflectionOptions | null): RawOcctResult;
  ReadBrepFile(content: Uint8Array, params: DeflectionOptions | null): RawOcctResult;
  HEAP8?: Int8Array;
}

/** occt-import-js's default export: the Emscripten module factory. */
export type OcctModuleFactory = (overrides?: Record<string, unknown>) => Promise<OcctModule>;

/** Options of {@link createOcctInlineTessellator}. */
export interface OcctInlineTessellatorOptions {
  /**
   * Returns the occt-import-js factory, e.g. `() => import('occt-import-js').then((m) => m.default)`.
   * Loaded once, lazily.
   */
  loadFactory: () => Promise<OcctModuleFactory> | OcctModuleFactory;
  /**
   * Extra Emscripten module overrides, e.g. `{ locateFile: (f) => '/assets/' + f }` to find the `.wasm`.
   * `print`/`printErr` are always silenced.
   */
  moduleOverrides?: Record<string, unknown>;
  /** Default triangulation settings; missing fields take `DEFAULT_DEFLECTION`. */
  deflection?: Partial<DeflectionOptions>;
  /**
   * Discard the module instance after an import that left the wasm heap above this (MiB).
   * @defaultValue `384`
   */
  recycleHeapMb?: number;
}

/**
 * Create an in-thread {@link Tessellator}. The import itself is synchronous WebAssembly: `deadlineMs` and
 * `signal` are honoured before the call starts and checked when it returns (a result past its deadline is
 * discarded with `OCCT_TIMEOUT`), but a running import cannot be interrupted — use the Node worker runner
 * (`cadlens/node`) or run this inside a Web Worker you can terminate. After any throw the module instance
 * is discarded and a new one is created for the next file (an instance that trapped leaks heap and later
 * fails every call).
 *
 * @example
 * ```ts
 * const tess = createOcctInlineTessellator({ loadFactory: () => import('occt-import-js').then((m) => m.default) });
 * const result = await tess.tessellate(bytes, 'step');
 * ```
 */
export function createOcctInlineTessellator(options: OcctInlineTessellatorOptions): Tessellator {
  const base = resolveDeflection(options.deflection);
  const recycleBytes = (options.recycleHeapMb ?? 384) * 1024 * 1024;
  let factory: Promise<OcctModuleFactory> | null = null;
  let instance: Promise<OcctModule> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  const getInstance = (): Promise<OcctModule> => {
    factory ??= Promise.resolve(options.loadFactory());
    instance ??= factory.then((f) => f({ ...(options.moduleOverrides ?? {}), print() {}, printErr() {} }));
    return instance;
  };

  const runOne = async (bytes: Uint8Array, format: OcctFormat, opts: TessellateOptions): Promise<OcctImportResult> => {
    if (closed) throw new CadlensError('ABORTED', 'the tessellator is closed', { stage: 'parse', kind: 'permanent' });
    if (opts.signal?.aborted) throw createAbortError(opts.signal);
    const params = opts.deflection ? resolveDeflection({ ...base, ...opts.deflection }) : base;
    const deadlineMs = opts.deadlineMs ?? Infinity;
    const started = Date.now();
    let occt: OcctModule;
    try {
      occt = await getInstance();
    } catch (e) {
      instance = null;
      throw occtLoadError(format, e);
    }
    const read = format === 'iges' ? occt.ReadIgesFile : format === 'brep' ? occt.ReadBrepFile : occt.ReadStepFile;
    const t0 = Date.now();
    let raw: RawOcctResult;
    try {
      raw = read.call(occt, bytes, params);
    } catch (e) {
      instance = null; // never reuse an instance that threw
      const kind = classifyOcctThrow(e, false);
      throw createOcctError(kind, { format, byteLength: bytes.byteLength, errorName: (e as Error)?.name, errorMessage: String((e as Error)?.message ?? e).slice(0, 500) }, e);
    }
    const importMs = Date.now() - t0;
    const heap = occt.HEAP8 ? occt.HEAP8.buffer.byteLength : null;
    if (heap !== null && heap > recycleBytes) instance = null;
    if (opts.signal?.aborted) throw createAbortError(opts.signal);
    if (Date.now() - started > deadlineMs) throw createOcctError('timeout', { format, deadlineMs, elapsedMs: Date.now() - started });
    const outcome = occtOutcomeOf(raw);
    if (outcome === 'failed') throw createOcctError('failed', { format, byteLength: bytes.byteLength });
    if (outcome === 'no-mesh') throw createOcctError('no-mesh', { format, noMeshReason: describeNoMesh(bytes, format) });
    return convertOcctRawResult(raw, format, params, importMs, heap);
  };

  return {
    tessellate(bytes, format, opts = {}) {
      const p = chain.then(() => runOne(bytes, format, opts));
      chain = p.catch(() => undefined);
      return p;
    },
    async close() {
      closed = true;
      instance = null;
    },
  };
}

/**
 * The error when the OpenCascade module itself cannot be instantiated (nothing was read yet): the systemic
 * `OCCT_UNAVAILABLE`, never a crash of the part. In Node (an analyzer pool's worker) Emscripten reads the
 * `.wasm` from node_modules and its ENOENT/EACCES names the file: the message says to reinstall. In a browser a
 * wrong `occtWasmBase` on a dev server or SPA host fetches index.html ("expected magic word 00 61 73 6d, found
 * 3c 21 64 6f"): the message points at where the wasm is served.
 */
function occtLoadError(format: OcctFormat, e: unknown): CadlensError {
  const message = String((e as Error)?.message ?? e).slice(0, 500);
  const file = unreadableWasmIn(message);
  if (file) return createOcctUnavailableError('node', { format, ...file, errorMessage: message }, e);
  return createOcctUnavailableError('browser', { format, errorMessage: message }, e);
}
