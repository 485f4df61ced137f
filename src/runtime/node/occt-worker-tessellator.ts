import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CadlensError, isCadlensError } from '../../errors/index.js';
import { createAbortError } from '../../errors/abort.js';
import { DEFAULT_OCCT_DEADLINE_MS, type DeflectionOptions, type OcctFormat, type OcctImportResult, type TessellateOptions, type Tessellator } from '../../tessellation/occt-types.js';
import { createOcctError, describeNoMesh, resolveDeflection, type OcctFailureKind } from '../../tessellation/occt-outcome.js';
import { applyWasmTiering, type WasmTiering } from './wasm-tiering.js';
import { assertOcctWasmReadable, occtWasmPathOf, resolveOcctModule } from './occt-wasm-file.js';
import { unreadableWasmIn, createOcctUnavailableError } from '../../tessellation/occt-unavailable.js';

/** Options of {@link createOcctWorkerTessellator}. */
export interface OcctWorkerTessellatorOptions {
  /**
   * Per-file deadline (ms), counted from the moment the file is handed to a worker (queue time excluded,
   * worker start-up included). On expiry the worker is terminated and the call rejects with `OCCT_TIMEOUT`.
   * @defaultValue {@link DEFAULT_OCCT_DEADLINE_MS} (120 s)
   */
  deadlineMs?: number;
  /**
   * Cap on the WebAssembly heap of one worker (MiB). Growth past it is refused, so the import fails inside
   * the worker with `OCCT_OUT_OF_MEMORY` (occt needs roughly 4.5× the input size).
   * @defaultValue `1024`
   */
  maxWasmHeapMb?: number;
  /**
   * V8 old-generation limit of each worker (MiB, `resourceLimits.maxOldGenerationSizeMb`); occt's JSON result
   * lives there before conversion. Exceeding it kills the worker with `OCCT_OUT_OF_MEMORY`.
   * @defaultValue `1024`
   */
  maxJsHeapMb?: number;
  /**
   * After a successful import, recycle the worker when its WebAssembly heap has grown past this (MiB):
   * wasm memory never shrinks.
   * @defaultValue `384`
   */
  recycleHeapMb?: number;
  /**
   * Recycle a worker after this many files even when nothing went wrong.
   * @defaultValue `200`
   */
  maxFilesPerWorker?: number;
  /**
   * Number of workers (files imported in parallel). occt is single-threaded, so more than the core count
   * does not help.
   * @defaultValue `1`
   */
  concurrency?: number;
  /**
   * Terminate a worker that has been idle this long (ms); 0 keeps idle workers. Idle workers never keep the
   * process alive (they are `unref`ed).
   * @defaultValue `30_000`
   */
  idleTimeoutMs?: number;
  /** Default triangulation settings; missing fields take `DEFAULT_DEFLECTION`. */
  deflection?: Partial<DeflectionOptions>;
  /**
   * Hand the occt wasm the first worker compiled (it sends the module back) to every worker started after
   * it, so a fresh worker (after a crash or a recycle) skips compilation and tier-up. The first worker always
   * compiles on its own thread: nothing waits for the caller's thread before a file's import starts.
   * @defaultValue `true`
   */
  shareCompiledModule?: boolean;
  /**
   * How V8 compiles OpenCascade's WebAssembly. `'liftoff-only'` skips V8's optimizing recompilation,
   * which costs more CPU than it saves on the imports measured (bench/README.md, session 6), but it is
   * a V8 flag, so it applies to all WebAssembly this process compiles from then on: see
   * {@link WasmTiering}. Set before the first module compile (the first `warmUp()` or `tessellate()`).
   * The `cadlens` CLI runs with `'liftoff-only'`.
   * @defaultValue `'v8-default'`
   */
  wasmTiering?: WasmTiering;
  /** Stack size of each worker (MiB, `resourceLimits.stackSizeMb`). @defaultValue `4` */
  stackSizeMb?: number;
  /** Override the worker script (default: `occt-worker.mjs` next to this module). @internal */
  workerUrl?: URL;
  /** Override the path of `occt-import-js/dist/occt-import-js.js`. */
  occtModulePath?: string;
}

interface Job {
  bytes: Uint8Array;
  format: OcctFormat;
  params: DeflectionOptions;
  deadlineMs: number;
  signal: AbortSignal | undefined;
  transferInput: boolean;
  resolve: (r: OcctImportResult) => void;
  reject: (e: unknown) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker | null;
  busy: boolean;
  files: number;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'module'; module: WebAssembly.Module }
  | { type: 'result'; id: number; result: OcctImportResult }
  | {
      type: 'failure';
      id: number;
      kind: OcctFailureKind;
      name?: string;
      message?: string;
      bytes?: Uint8Array;
      wasmHeapBytes?: number | null;
    };

const MIB = 1024 * 1024;

/** Locate the worker script: next to this module (src and dist alike). @internal */
export function defaultOcctWorkerUrl(): URL {
  return new URL('./occt-worker.mjs', import.meta.url);
}

function positive(name: string, v: number | undefined, def: number, allowZero = false): number {
  const x = v ?? def;
  if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0))
    throw new CadlensError('CONFIG_INVALID', `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(v)}`, { stage: 'config' });
  return x;
}

/**
 * The execArgv of an OpenCascade worker: none given (the worker inherits the host's, V8 flags such as
 * `--max-old-space-size` included, which Node refuses in an explicit list), except where the host was
 * started with `--input-type` (`node --input-type=module -e …`): that flag only applies to string input,
 * a worker started from a file with it fails, so the host's flags are passed without it.
 * @internal
 */
export function workerExecArgv(hostExecArgv: readonly string[]): string[] | undefined {
  return hostExecArgv.some((a) => a.startsWith('--input-type')) ? hostExecArgv.filter((a) => !a.startsWith('--input-type')) : undefined;
}

/** The flags an `ERR_WORKER_INVALID_EXEC_ARGV` error names ("… invalid execArgv flags: --a, --b"), else none. */
function refusedExecArgv(e: unknown): string[] {
  const err = e as { code?: string; message?: string } | null;
  if (err?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || typeof err.message !== 'string') return [];
  const at = err.message.indexOf(': ');
  return at < 0 ? [] : err.message.slice(at + 2).split(', ').map((f) => f.trim()).filter(Boolean);
}

/**
 * A {@link Tessellator} that runs occt-import-js in `worker_threads` workers with a per-file deadline and
 * memory caps. A trap, abort, out-of-memory or timeout ends that worker (never the host process) and the
 * next file gets a fresh one; a worker is also recycled when its wasm heap grows past `recycleHeapMb`.
 *
 * @example
 * ```ts
 * const tess = createOcctWorkerTessellator({ deadlineMs: 30_000 });
 * try { const r = await tess.tessellate(bytes, 'step', { signal }); } finally { await tess.close(); }
 * ```
 * @throws CadlensError `CONFIG_INVALID` for bad options. Calls reject with the codes listed on {@link Tessellator}.
 */
export function createOcctWorkerTessellator(options: OcctWorkerTessellatorOptions = {}): Tessellator {
  const deadlineDefault = positive('deadlineMs', options.deadlineMs, DEFAULT_OCCT_DEADLINE_MS);
  const maxWasmHeapBytes = positive('maxWasmHeapMb', options.maxWasmHeapMb, 1024) * MIB;
  const maxJsHeapMb = positive('maxJsHeapMb', options.maxJsHeapMb, 1024);
  const recycleHeapBytes = positive('recycleHeapMb', options.recycleHeapMb, 384) * MIB;
  const maxFiles = positive('maxFilesPerWorker', options.maxFilesPerWorker, 200);
  const concurrency = Math.max(1, Math.floor(positive('concurrency', options.concurrency, 1)));
  const idleTimeoutMs = positive('idleTimeoutMs', options.idleTimeoutMs, 30_000, true);
  const stackSizeMb = positive('stackSizeMb', options.stackSizeMb, 4);
  const baseDeflection = resolveDeflection(options.deflection);
  const workerUrl = options.workerUrl ?? defaultOcctWorkerUrl();
  // Resolved now, but a missing package fails the tessellations (OCCT_UNAVAILABLE), not the constructor: an
  // analyzer with `mesh: 'never'` never needs OpenCascade.
  const resolved = options.occtModulePath ?? resolveOcctModule();
  const occtModulePath = typeof resolved === 'string' ? resolved : '';
  const notInstalled = typeof resolved === 'string' ? null : resolved;
  const wasmPath = occtWasmPathOf(occtModulePath);
  const share = options.shareCompiledModule ?? true;
  const wasmTiering = options.wasmTiering ?? 'v8-default';
  if (wasmTiering !== 'v8-default' && wasmTiering !== 'liftoff-only')
    throw new CadlensError('CONFIG_INVALID', `wasmTiering must be 'v8-default' or 'liftoff-only', got ${String(wasmTiering)}`, { stage: 'config' });

  if (!existsSync(fileURLToPath(workerUrl)))
    throw new CadlensError('CONFIG_INVALID', `occt worker script not found at ${fileURLToPath(workerUrl)} (the build must ship occt-worker.mjs next to the node entry)`, {
      stage: 'config',
      kind: 'systemic',
    });

  /** The wasm a first worker compiled and sent back (share: on), handed to the workers started after it. */
  let compiledModule: WebAssembly.Module | null = null;

  const slots: Slot[] = [];
  const queue: Job[] = [];
  let closed = false;
  let nextId = 1;

  const retire = (slot: Slot) => {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const w = slot.worker;
    slot.worker = null;
    slot.files = 0;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => {});
      void w.terminate().catch(() => {});
    }
  };

  /** Keeps the compiled wasm a worker sends back; `true` when `m` was that message. */
  const keepModule = (m: WorkerMessage): boolean => {
    if (m.type !== 'module') return false;
    if (share && m.module instanceof WebAssembly.Module) compiledModule ??= m.module;
    return true;
  };

  /**
   * Starts a worker now, in this thread's current turn: the worker boots, compiles (or receives) the wasm and
   * takes the file posted to it while this thread goes on with its own work — nothing in between waits for this
   * thread's event loop (an await here delayed the import until the caller's synchronous B-Rep build ended, so
   * the two never overlapped on a first file). The installation is checked here first, so a broken one is one
   * systemic `OCCT_UNAVAILABLE` naming the file, checked again at every start (a repaired install is picked up).
   */
  const spawn = (): Worker => {
    if (notInstalled) throw notInstalled();
    assertOcctWasmReadable(wasmPath);
    // Before any compile, in a worker (V8 reads the tiering flags while compiling and running).
    applyWasmTiering(wasmTiering);
    const wasmModule = share ? compiledModule : null;
    const start = (execArgv: string[] | undefined) =>
      new Worker(workerUrl, {
        ...(execArgv ? { execArgv } : {}),
        // sendModule: the first worker compiles the wasm itself and sends the module back for the next ones.
        workerData: { occtModulePath, wasmModule, maxWasmHeapBytes, sendModule: share && !wasmModule },
        resourceLimits: { maxOldGenerationSizeMb: maxJsHeapMb, stackSizeMb },
      });
    // Not `stdout: true`: draining piped worker stdio keeps an internal port ref'd (the process would not
    // exit while the worker idles); the worker script silences its own stdout and stderr instead.
    const execArgv = workerExecArgv(process.execArgv);
    let w: Worker;
    try {
      w = start(execArgv);
    } catch (e) {
      // A list given explicitly may hold V8 flags of the host (`--max-old-space-size=…`), which Node refuses
      // in a worker's execArgv: drop the ones it names and start once more.
      const refused = execArgv ? refusedExecArgv(e) : [];
      if (refused.length === 0) throw e;
      w = start(execArgv!.filter((a) => !refused.includes(a)));
    }
    // Until a job listens (a worker started by warmUp), keep the module; boot failures reach the job.
    w.on('message', keepModule);
    w.on('error', () => {});
    return w;
  };

  const pump = () => {
    while (queue.length > 0) {
      let slot = slots.find((s) => !s.busy);
      if (!slot) {
        if (slots.length >= concurrency) return;
        slot = { worker: null, busy: false, files: 0, idleTimer: null };
        slots.push(slot);
      }
      const job = queue.shift()!;
      void run(slot, job);
    }
  };

  const run = async (slot: Slot, job: Job) => {
    slot.busy = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const id = nextId++;
    const started = Date.now();
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const details = (extra: Record<string, unknown> = {}) => ({
      format: job.format,
      byteLength: job.bytes.byteLength,
      elapsedMs: Date.now() - started,
      deadlineMs: job.deadlineMs,
      ...extra,
    });

    const finish = (outcome: { ok: OcctImportResult } | { err: unknown }, recycle: boolean) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
      const w = slot.worker;
      if (w) {
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        w.removeAllListeners('exit');
      }
      if (recycle) retire(slot);
      else if (w) {
        w.unref();
        w.on('error', () => retire(slot));
        w.on('exit', () => {
          if (slot.worker === w) slot.worker = null;
        });
        if (idleTimeoutMs > 0) {
          slot.idleTimer = setTimeout(() => {
            if (!slot.busy) retire(slot);
          }, idleTimeoutMs);
          slot.idleTimer.unref?.();
        }
      }
      slot.busy = false;
      if ('ok' in outcome) job.resolve(outcome.ok);
      else job.reject(outcome.err);
      if (closed) retire(slot);
      else pump();
    };

    if (job.signal?.aborted) return finish({ err: createAbortError(job.signal) }, false);

    try {
      if (!slot.worker) slot.worker = spawn();
    } catch (e) {
      if (isCadlensError(e) && e.code === 'OCCT_UNAVAILABLE') {
        e.details.format ??= job.format;
        return finish({ err: e }, true);
      }
      return finish({ err: createOcctError('crashed', details({ errorMessage: String((e as Error)?.message ?? e) }), e) }, true);
    }
    if (settled) return;
    const w = slot.worker!;
    w.ref();
    if (job.signal?.aborted) return finish({ err: createAbortError(job.signal) }, false);

    job.onAbort = () => finish({ err: createAbortError(job.signal) }, true);
    job.signal?.addEventListener('abort', job.onAbort, { once: true });
    timer = setTimeout(() => finish({ err: createOcctError('timeout', details()) }, true), job.deadlineMs);

    w.removeAllListeners('message');
    w.removeAllListeners('error');
    w.removeAllListeners('exit');
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready' || keepModule(m)) return;
      if (m.type === 'result' && m.id === id) {
        slot.files++;
        const heap = m.result.wasmHeapBytes ?? 0;
        return finish({ ok: m.result }, heap > recycleHeapBytes || slot.files >= maxFiles);
      }
      if (m.type === 'failure' && (m.id === id || m.id === -1)) {
        const extra = { wasmHeapBytes: m.wasmHeapBytes ?? null, errorName: m.name, errorMessage: m.message };
        if (m.kind === 'no-mesh') {
          slot.files++;
          return finish({ err: createOcctError('no-mesh', details({ ...extra, noMeshReason: describeNoMesh(m.bytes, job.format) })) }, slot.files >= maxFiles);
        }
        if (m.kind === 'failed') {
          slot.files++;
          return finish({ err: createOcctError('failed', details(extra)) }, slot.files >= maxFiles);
        }
        // The worker could not load OpenCascade (its wasm went missing after this thread checked it): systemic.
        const file =
          m.kind === 'crashed' && m.name === 'CompileError'
            ? { wasmPath, errno: 'CompileError' }
            : m.kind === 'crashed'
              ? unreadableWasmIn(m.message ?? '')
              : null;
        if (file) return finish({ err: createOcctUnavailableError('node', { format: job.format, ...file, errorMessage: m.message }) }, true);
        // trap / oom / crashed: this instance is not to be trusted again.
        return finish({ err: createOcctError(m.kind, details(extra)) }, true);
      }
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (e?.code === 'CADLENS_CLOSED')
        return finish({ err: new CadlensError('ABORTED', 'the tessellator was closed', { stage: 'parse', kind: 'permanent' }) }, true);
      const kind: OcctFailureKind = e?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'crashed';
      finish({ err: createOcctError(kind, details({ errorName: e?.name, errorMessage: String(e?.message ?? e).slice(0, 500) }), e) }, true);
    });
    w.on('exit', (code: number) => {
      if (slot.worker === w) slot.worker = null;
      finish({ err: createOcctError('crashed', details({ exitCode: code, errorMessage: `worker exited with code ${code}` })) }, true);
    });

    let input = job.bytes;
    if (!job.transferInput || input.byteOffset !== 0 || input.byteLength !== input.buffer.byteLength || !(input.buffer instanceof ArrayBuffer))
      // Uint8Array's slice, not the argument's own: Buffer#slice is a view, so transferring its buffer
      // would detach the caller's Buffer (a second analysis of the same Buffer then read 0 bytes).
      input = Uint8Array.prototype.slice.call(input);
    try {
      w.postMessage({ type: 'import', id, format: job.format, bytes: input, params: job.params }, [input.buffer as ArrayBuffer]);
    } catch (e) {
      finish({ err: createOcctError('crashed', details({ errorMessage: String((e as Error)?.message ?? e) }), e) }, true);
    }
  };

  return {
    warmUp() {
      // A worker boots and compiles OpenCascade on its own thread while the caller reads and builds the file.
      if (closed || slots.some((s) => s.worker)) return;
      let slot = slots.find((s) => !s.busy);
      if (!slot) {
        if (slots.length >= concurrency) return;
        slot = { worker: null, busy: false, files: 0, idleTimer: null };
        slots.push(slot);
      }
      try {
        slot.worker = spawn();
      } catch {
        return; // a broken installation is reported by the first tessellate()
      }
      slot.worker.unref();
      if (idleTimeoutMs > 0) {
        const idle = slot;
        idle.idleTimer = setTimeout(() => {
          if (!idle.busy) retire(idle);
        }, idleTimeoutMs);
        idle.idleTimer.unref?.();
      }
    },
    tessellate(bytes: Uint8Array, format: OcctFormat, opts: TessellateOptions = {}): Promise<OcctImportResult> {
      if (closed) return Promise.reject(new CadlensError('ABORTED', 'the tessellator is closed', { stage: 'parse', kind: 'permanent' }));
      if (!(bytes instanceof Uint8Array))
        return Promise.reject(new CadlensError('CONFIG_INVALID', 'tessellate() needs a Uint8Array', { stage: 'config' }));
      if (format !== 'step' && format !== 'iges' && format !== 'brep')
        return Promise.reject(new CadlensError('CONFIG_INVALID', `unsupported occt format ${String(format)}`, { stage: 'config' }));
      let params: DeflectionOptions;
      let deadlineMs: number;
      try {
        params = opts.deflection ? resolveDeflection({ ...baseDeflection, ...opts.deflection }) : baseDeflection;
        deadlineMs = positive('deadlineMs', opts.deadlineMs, deadlineDefault);
      } catch (e) {
        return Promise.reject(e);
      }
      if (opts.signal?.aborted) return Promise.reject(createAbortError(opts.signal));
      return new Promise<OcctImportResult>((resolve, reject) => {
        const job: Job = { bytes, format, params, deadlineMs, signal: opts.signal, transferInput: opts.transferInput ?? false, resolve, reject };
        if (opts.signal) {
          // While queued, an abort just removes the job.
          const onQueuedAbort = () => {
            const i = queue.indexOf(job);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(createAbortError(opts.signal));
            }
          };
          opts.signal.addEventListener('abort', onQueuedAbort, { once: true });
          const origResolve = job.resolve;
          const origReject = job.reject;
          job.resolve = (r) => {
            opts.signal!.removeEventListener('abort', onQueuedAbort);
            origResolve(r);
          };
          job.reject = (e) => {
            opts.signal!.removeEventListener('abort', onQueuedAbort);
            origReject(e);
          };
        }
        queue.push(job);
        pump();
      });
    },
    async close(): Promise<void> {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new CadlensError('ABORTED', 'the tessellator was closed', { stage: 'parse', kind: 'permanent' }));
      for (const s of slots) {
        if (!s.busy) retire(s);
      }
      // Busy slots: terminate now; their jobs reject as crashed → report ABORTED instead.
      const busy = slots.filter((s) => s.busy && s.worker);
      await Promise.all(
        busy.map(async (s) => {
          const w = s.worker!;
          w.emit('error', Object.assign(new Error('tessellator closed'), { code: 'CADLENS_CLOSED' }));
          await w.terminate().catch(() => {});
        }),
      );
    },
  };
}
