import { availableParallelism } from 'node:os';
import { basename, isAbsolute } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { CadlensError, isCadlensError } from '../../../errors/index.js';
import { createAbortError } from '../../../errors/abort.js';
import { readInputBytes, type AnalyzeInput, type AnalyzeStep } from '../../../analyze/index.js';
import { isNodeReadable, nodeReadableToWeb, type NodeAnalyzeInput } from '../node-readable-input.js';
import type { AnalysisResult } from '../../../result/index.js';
import type { DeadLetterQueue } from '../../../resilience/dead-letter-queue.js';
import type { Disposable } from '../../../resilience/disposable.js';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../../../stages/intake/index.js';
import { checkAnalyzerOptions } from '../../../analyze/check-analyzer-options.js';
import { deserializeError, serializeError, type PoolAnalyzerSettings, type PoolJobUsage, type PoolPortMessage, type PoolReply, type PoolTask, type PoolWorkerData } from './pool-protocol.js';
import { poolWorkerSpec } from './pool-worker-url.js';
import { serveStoresToWorkers, type PoolSharedStores } from './store-bridge.js';
import { drainJobPort } from './drain-job-port.js';

/** Options of {@link createAnalyzerPool}. */
export interface AnalyzerPoolOptions {
  /** Worker threads. @defaultValue `os.availableParallelism()` */
  workers?: number;
  /**
   * Jobs that may wait for a free worker; one more is refused with `OVERLOADED`.
   * @defaultValue `workers * 16`
   */
  maxQueue?: number;
  /**
   * Deadline of one job (ms), counted from the moment a worker starts it (queue time excluded; a fresh
   * worker's first job includes loading OpenCascade and the ONNX session). On expiry the worker is
   * terminated and replaced, and the job rejects with transient `TIMEOUT` (during `recognize` the
   * worker is terminated only once the onnxruntime-node call has returned; see `NATIVE_GRACE_MS`).
   * @defaultValue 120_000
   */
  jobTimeoutMs?: number;
  /** V8 heap limit of each worker (MiB, `resourceLimits.maxOldGenerationSizeMb`). @defaultValue 2048 */
  maxWorkerHeapMb?: number;
  /** Terminate a worker idle this long (ms); it is re-created on demand. @defaultValue 60_000 */
  idleTimeoutMs?: number;
  /** How long {@link AnalyzerPool.close} waits for running and queued jobs (ms). @defaultValue 30_000 */
  closeGracePeriodMs?: number;
  /** Jobs still unfinished when the grace period ends are recorded here (and reject with `ABORTED`). */
  deadLetters?: DeadLetterQueue;
  /** Analyzer settings each worker uses (clone-able only). */
  analyzer?: PoolAnalyzerSettings;
  /**
   * Share the host's stores with the workers. Each worker then runs its Tier 1 breaker (`aagnet`),
   * dead-letter queue (input bytes kept, for reprocessing), audit trail and metrics on these stores,
   * reached through the host thread, so every worker and the host see one breaker state and one DLQ,
   * whatever the adapter (the memory stores too). `createCadlensService({ workers })` sets this.
   */
  shared?: PoolSharedServices;
  /**
   * Build each worker's recognizers with a module instead of `createDefaultRecognizers()`: functions
   * cannot cross into a worker, a module URL can. Its default export is a {@link PoolRecognizersFactory},
   * called once per worker; `options` must be clone-able. From source (tsx) the module may be `.ts`
   * only if it is CommonJS-compatible; prefer `.mjs`/`.js`.
   */
  recognizers?: { module: string | URL; options?: unknown };
  /**
   * @internal The CLI's V8 code-cache file for the workers' bundle (cli/pool-worker-code-cache.ts): each worker
   * then compiles cadlens through it instead of from source. Ignored where that build is not beside the pool.
   */
  workerCodeCache?: string;
  /** @internal Honour fault-injection inputs (`TEST_FAULT_PREFIX`); tests only. */
  testFaults?: boolean;
}

/** What {@link AnalyzerPoolOptions.shared} takes. */
export interface PoolSharedServices {
  /** The stores (any adapter); the pool never closes them. */
  stores: PoolSharedStores;
  /** Values to redact in dead letters and audit events (`secretValues(config)`). */
  secrets?: readonly string[];
  /** Record error stacks in dead letters. @defaultValue false */
  debug?: boolean;
  /** Consecutive Tier 1 failures that open the breaker. @defaultValue 5 */
  failureThreshold?: number;
  /** How long the breaker stays open before a probe (ms). @defaultValue the breaker's default */
  breakerTimeoutMs?: number;
  /**
   * Record failed analyses and recognizer failures in `stores.deadLetters`. `false` when the caller records
   * them itself (the pg-boss queue dead-letters each job once, under the job's id); the metrics still read the
   * store. @defaultValue true
   */
  recordDeadLetters?: boolean;
}

/** Per-call options of {@link AnalyzerPool.analyze}. */
export interface AnalyzerPoolCallOptions {
  /** Name for messages and `result.input.name`. @defaultValue `'input'` (the file name for paths) */
  name?: string;
  /** Aborting removes a queued job, or terminates (and replaces) the worker running it. */
  signal?: AbortSignal;
  requestId?: string;
  /** Called as each analysis step starts in the worker. */
  onProgress?: (step: AnalyzeStep) => void;
}

/** A progress event of the pool (see {@link AnalyzerPool.onProgress}). */
export type AnalyzerPoolEvent =
  | { type: 'queued'; jobId: number; name: string }
  | { type: 'started'; jobId: number; name: string }
  | { type: 'step'; jobId: number; name: string; step: AnalyzeStep }
  | {
      type: 'completed';
      jobId: number;
      name: string;
      /** From the start on the worker to the result here (includes the trip back). */
      durationMs: number;
      /** What the job cost its worker thread (wall and, on Linux, CPU time), measured there. */
      usage?: PoolJobUsage;
    }
  | { type: 'failed'; jobId: number; name: string; code: string }
  | { type: 'dead_lettered'; jobId: number; name: string };

/** Counters of an {@link AnalyzerPool}. */
export interface AnalyzerPoolStats {
  workers: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  /** Workers terminated by a crash, a deadline or an abort (piscina starts replacements). */
  workersReplaced: number;
}

/**
 * Analyses inputs on a pool of worker threads, each running the whole pipeline. Same call surface as
 * the Node analyzer's `analyze` / `analyzeFile`; `AsyncDisposable`.
 */
export interface AnalyzerPool extends AsyncDisposable {
  /**
   * Analyse bytes (a `Blob` or stream is read here first, up to `maxFileSizeMb`). Bad input is a result with a
   * failed input stage, as from `createNodeAnalyzer`: not bytes at all (`INTAKE_UNSUPPORTED_INPUT`), a stream past
   * the limit (`INTAKE_TOO_LARGE`), a stream that fails (`INTAKE_NOT_READABLE`).
   * @throws CadlensError `OVERLOADED` (queue full), `TIMEOUT` (deadline; worker replaced), `WORKER_CRASHED`
   * or `RESOURCE_EXHAUSTED` (the worker died; replaced), all transient; `ABORTED` (signal or close)
   */
  analyze(input: NodeAnalyzeInput, options?: AnalyzerPoolCallOptions): Promise<AnalysisResult>;
  /** Analyse a file, by path or `file:` URL; the worker reads it. Throws like {@link AnalyzerPool.analyze}. */
  analyzeFile(path: string | URL, options?: AnalyzerPoolCallOptions): Promise<AnalysisResult>;
  /** Subscribe to job events of every call. */
  onProgress(listener: (event: AnalyzerPoolEvent) => void): Disposable;
  stats(): AnalyzerPoolStats;
  /**
   * Stop taking jobs, wait up to the grace period for running and queued ones, then dead-letter (when
   * `deadLetters` is set) and reject what is left with `ABORTED`, and terminate the workers.
   */
  close(options?: { gracePeriodMs?: number }): Promise<void>;
  /** Same as `close()`. */
  dispose(): Promise<void>;
}

interface Job {
  id: number;
  name: string;
  requestId: string | undefined;
  bytes: Uint8Array | undefined;
  controller: AbortController;
  /** Why the job was aborted by the pool, if it was. */
  abortedBy: 'deadline' | 'close' | null;
  started: boolean;
  /** The step the worker last reported. */
  step: AnalyzeStep | null;
  /** Gives up on the job: rejects the caller now and terminates the worker (see {@link NATIVE_GRACE_MS}). */
  stop: (reason: 'deadline' | 'close' | 'caller') => void;
  promise: Promise<unknown>;
}

/**
 * Terminating a worker thread while an onnxruntime-node call is in flight aborts the whole process
 * (the native completion throws `Napi::Error` into the torn-down environment; reproduced with a
 * deadline landing in Tier 1). So a job given up during `recognize` is rejected at once, but its
 * worker is terminated only when that call has returned, or after this long.
 */
const NATIVE_GRACE_MS = 30_000;

function positiveInt(name: string, v: number | undefined, def: number): number {
  const x = v ?? def;
  if (!Number.isFinite(x) || x < 1) throw new CadlensError('CONFIG_INVALID', `${name} must be a positive number, got ${String(v)}`, { stage: 'config' });
  return Math.floor(x);
}

/**
 * Creates a pool of analyzer worker threads (piscina underneath). Each worker builds its analyzer once
 * (OpenCascade, the ONNX session, the tiers) and reuses it. A worker that crashes, runs out of memory
 * or passes the job deadline is terminated and replaced, and its job rejects with a transient error, so
 * `withRetry` runs it again on a fresh worker. Idle workers never keep the process alive.
 *
 * @throws CadlensError `CONFIG_INVALID` for bad options
 * @example
 * ```ts
 * import { createAnalyzerPool, withRetry } from 'cadlens/node';
 * await using pool = createAnalyzerPool({ workers: 4, jobTimeoutMs: 60_000 });
 * const result = await withRetry(() => pool.analyzeFile('part.step'));
 * ```
 */
export function createAnalyzerPool(options: AnalyzerPoolOptions = {}): AnalyzerPool {
  checkAnalyzerOptions(options.analyzer ?? {}); // here, not as a failure of every job in the workers
  const workers = positiveInt('workers', options.workers, availableParallelism());
  const maxQueue = Math.floor(options.maxQueue ?? workers * 16);
  if (!(maxQueue >= 0)) throw new CadlensError('CONFIG_INVALID', `maxQueue must be non-negative, got ${String(options.maxQueue)}`, { stage: 'config' });
  const jobTimeoutMs = positiveInt('jobTimeoutMs', options.jobTimeoutMs, 120_000);
  const graceDefault = options.closeGracePeriodMs ?? 30_000;
  const maxFileSizeMb = options.analyzer?.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB;
  const spec = poolWorkerSpec(options.workerCodeCache);
  const shared = options.shared;
  const channel = shared ? `cadlens-pool-stores:${randomUUID()}` : null;
  const storeServer = shared && channel ? serveStoresToWorkers(shared.stores, channel) : null;
  const workerData: PoolWorkerData = {
    settings: options.analyzer ?? {},
    testFaults: options.testFaults === true,
    ...(spec.codeCache !== undefined ? { codeCache: spec.codeCache } : {}),
    ...(shared && channel
      ? {
          shared: {
            channel,
            secrets: [...(shared.secrets ?? [])],
            debug: shared.debug === true,
            ...(shared.failureThreshold !== undefined ? { failureThreshold: shared.failureThreshold } : {}),
            ...(shared.breakerTimeoutMs !== undefined ? { breakerTimeoutMs: shared.breakerTimeoutMs } : {}),
            ...(shared.recordDeadLetters === false ? { recordDeadLetters: false } : {}),
          },
        }
      : {}),
    ...(options.recognizers
      ? { recognizers: { module: moduleUrl(options.recognizers.module), ...(options.recognizers.options !== undefined ? { options: options.recognizers.options } : {}) } }
      : {}),
  };

  const piscinaOptions: ConstructorParameters<typeof Piscina>[0] = {
    filename: spec.filename,
    ...(spec.execArgv ? { execArgv: spec.execArgv } : {}),
    minThreads: 0,
    maxThreads: workers,
    // The bound is enforced here, not by piscina: its maxQueue does not count tasks that carry an
    // AbortSignal (they wait in a separate skip queue), and every job here has one.
    idleTimeout: options.idleTimeoutMs ?? 60_000,
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxOldGenerationSizeMb: positiveInt('maxWorkerHeapMb', options.maxWorkerHeapMb, 2048) },
    workerData,
  };
  // piscina's own check, kept synchronous now that piscina itself is created at the first job.
  if (piscinaOptions.idleTimeout !== undefined && (typeof piscinaOptions.idleTimeout !== 'number' || piscinaOptions.idleTimeout < 0))
    throw new CadlensError('CONFIG_INVALID', `idleTimeoutMs must be a non-negative number, got ${String(options.idleTimeoutMs)}`, { stage: 'config' });
  // piscina is imported and created at the first job, not with cadlens/node: an in-process analysis never needs it
  // (bench/README.md, session 8: the library entry's import cost). minThreads is 0, so no worker started earlier.
  let piscina: Piscina | undefined;
  let piscinaReady: Promise<Piscina> | undefined;
  const getPiscina = (): Promise<Piscina> =>
    (piscinaReady ??= (async () => {
      const { Piscina: PiscinaPool } = await import('piscina');
      piscina = new PiscinaPool(piscinaOptions);
      // With no task attached, a dying worker surfaces as an 'error' event; never let it crash the host.
      piscina.on('error', () => undefined);
      return piscina;
    })());

  const listeners = new Set<(event: AnalyzerPoolEvent) => void>();
  const jobs = new Map<number, Job>();
  const counters = { completed: 0, failed: 0, workersReplaced: 0, running: 0 };
  let nextId = 1;
  let closing: Promise<void> | null = null;

  const emit = (event: AnalyzerPoolEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // a listener that throws never fails a job
      }
    }
  };

  async function run(task: PoolTask, call: AnalyzerPoolCallOptions, bytes: Uint8Array | undefined): Promise<AnalysisResult> {
    if (closing) throw new CadlensError('ABORTED', 'the analyzer pool is closed', { stage: 'resilience', kind: 'permanent' });
    if (call.signal?.aborted) throw createAbortError(call.signal);
    // Jobs not yet started may fill the idle workers plus `maxQueue` places.
    const waiting = [...jobs.values()].filter((j) => !j.started).length;
    if (waiting >= maxQueue + Math.max(0, workers - counters.running))
      throw new CadlensError('OVERLOADED', `the analyzer pool queue is full (${maxQueue} waiting); retry later`, {
        stage: 'resilience',
        kind: 'transient',
        details: { maxQueue, workers },
      });
    const id = nextId++;
    const controller = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let deadline: ReturnType<typeof setTimeout> | null = null;
    let started = 0;
    let rejectEarly: (error: unknown) => void = () => undefined;
    const early = new Promise<never>((_, reject) => (rejectEarly = reject));
    let settled = false;
    let usage: PoolJobUsage | undefined;
    const job: Job = {
      id,
      name: task.name,
      requestId: task.requestId,
      bytes,
      controller,
      abortedBy: null,
      started: false,
      step: null,
      promise: Promise.resolve(),
      stop(reason) {
        if (reason !== 'caller') job.abortedBy ??= reason;
        if (job.step !== 'recognize') return controller.abort(call.signal?.reason);
        rejectEarly(toPoolError({ name: 'AbortError' }, job, call.signal, jobTimeoutMs));
        const timer = setTimeout(() => controller.abort(call.signal?.reason), NATIVE_GRACE_MS);
        void job.promise.then(() => clearTimeout(timer));
        // A job that returns within the grace frees its worker normally (its result is discarded).
      },
    };
    const onCallerAbort = () => job.stop('caller');
    call.signal?.addEventListener('abort', onCallerAbort, { once: true });

    const onPortMessage = (message: PoolPortMessage) => {
      if (message.type === 'started') {
        started = performance.now();
        job.started = true;
        counters.running++;
        emit({ type: 'started', jobId: id, name: task.name });
        // The deadline counts from the start on a worker, so a long queue never times jobs out.
        deadline = setTimeout(() => job.stop('deadline'), jobTimeoutMs);
      } else {
        job.step = message.step;
        emit({ type: 'step', jobId: id, name: task.name, step: message.step });
        try {
          call.onProgress?.(message.step);
        } catch {
          // ignored, as in the in-thread analyzer
        }
      }
    };
    port1.on('message', onPortMessage);
    // The job's port must not keep the process alive on its own.
    port1.unref();

    const attempt = (async (): Promise<AnalysisResult> => {
      try {
        const pool = await getPiscina();
        const reply = (await pool.run({ ...task, port: port2 }, { transferList: [port2], signal: controller.signal })) as PoolReply;
        // Steps still queued on the job's port reach the listeners before the result does (drain-job-port.ts).
        drainJobPort(port1, onPortMessage);
        usage = reply.usage;
        if (!reply.ok) throw deserializeError(reply.error);
        return reply.result;
      } catch (error) {
        throw toPoolError(error, job, call.signal, jobTimeoutMs);
      }
    })();
    job.promise = attempt.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    // Kept until the worker is really done (also after an early rejection), so close() waits for it.
    void job.promise.then(() => jobs.delete(id));
    jobs.set(id, job);
    emit({ type: 'queued', jobId: id, name: task.name });
    try {
      const result = await Promise.race([attempt, early]);
      counters.completed++;
      emit({ type: 'completed', jobId: id, name: task.name, durationMs: performance.now() - started, ...(usage ? { usage } : {}) });
      return result;
    } catch (error) {
      counters.failed++;
      const code = isCadlensError(error) ? error.code : 'UNKNOWN';
      if (isCadlensError(error) && (error.code === 'TIMEOUT' || error.code === 'WORKER_CRASHED' || error.code === 'RESOURCE_EXHAUSTED' || (error.code === 'ABORTED' && started > 0)))
        counters.workersReplaced++;
      emit({ type: 'failed', jobId: id, name: task.name, code });
      throw error;
    } finally {
      if (started > 0) counters.running--;
      if (deadline) clearTimeout(deadline);
      call.signal?.removeEventListener('abort', onCallerAbort);
      void job.promise.then(() => port1.close());
    }
  }

  async function close(closeOptions: { gracePeriodMs?: number } = {}): Promise<void> {
    closing ??= (async () => {
      const grace = closeOptions.gracePeriodMs ?? graceDefault;
      const pending = () => Promise.all([...jobs.values()].map((j) => j.promise));
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([pending(), new Promise((r) => (timer = setTimeout(r, grace)))]);
      clearTimeout(timer);
      const left = [...jobs.values()];
      for (const job of left) {
        if (options.deadLetters) {
          await options.deadLetters
            .add({
              error: new CadlensError('ABORTED', `the analyzer pool closed before the job finished (grace period ${grace} ms)`, {
                stage: 'resilience',
                kind: 'transient',
                details: { reason: 'pool_closed', gracePeriodMs: grace },
              }),
              input: { name: job.name, ...(job.bytes ? { bytes: job.bytes } : {}) },
              stage: 'resilience',
              ...(job.requestId ? { requestId: job.requestId } : {}),
            })
            .catch(() => undefined);
          emit({ type: 'dead_lettered', jobId: job.id, name: job.name });
        }
        job.stop('close');
      }
      await pending();
      if (piscinaReady) await piscinaReady.then((pool) => pool.destroy(), () => undefined);
      storeServer?.close();
    })();
    return closing;
  }

  async function analyze(input: NodeAnalyzeInput, call: AnalyzerPoolCallOptions = {}): Promise<AnalysisResult> {
    const name = call.name ?? 'input';
    const requestId = call.requestId ? { requestId: call.requestId } : {};
    let bytes: Uint8Array;
    try {
      bytes = await readPoolInput(input, maxFileSizeMb * 1024 * 1024, call.signal);
    } catch (error) {
      // Bad input is a result, as from createNodeAnalyzer (not bytes at all, a stream past the limit or one
      // that failed): a worker reports it, so metrics, dead letters and the result are the analyzer's.
      if (isCadlensError(error) && error.code === 'ABORTED') throw error;
      return run({ kind: 'bytes', bytes: new Uint8Array(0), unreadable: serializeError(error), name, ...requestId }, call, undefined);
    }
    // Structured clone copies the bytes, so the caller's buffer stays usable (for a retry, say).
    return run({ kind: 'bytes', bytes, name, ...requestId }, call, bytes);
  }

  return {
    analyze,
    async analyzeFile(path, call = {}) {
      if (path instanceof URL && path.protocol === 'file:') path = fileURLToPath(path);
      // Plain JavaScript can pass a non-string: the same result as analyze() of it (INTAKE_UNSUPPORTED_INPUT for a
      // number), as createNodeAnalyzer gives, never a TypeError from `basename`.
      if (typeof path !== 'string') return analyze(path as unknown as NodeAnalyzeInput, call);
      const name = call.name ?? basename(path);
      return run({ kind: 'file', path, name, ...(call.requestId ? { requestId: call.requestId } : {}) }, call, undefined);
    },
    onProgress(listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    stats: () => ({
      workers: piscina?.threads.length ?? 0,
      queued: [...jobs.values()].filter((j) => !j.started).length,
      running: counters.running,
      completed: counters.completed,
      failed: counters.failed,
      workersReplaced: counters.workersReplaced,
    }),
    close,
    dispose: () => close(),
    [Symbol.asyncDispose]: () => close(),
  };
}

/** A module specifier a worker can import: URLs and absolute paths become `file:` URLs. */
function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return isAbsolute(module) ? pathToFileURL(module).href : module;
}

/** Maps what piscina rejects with onto a typed error. */
function toPoolError(error: unknown, job: Job, signal: AbortSignal | undefined, jobTimeoutMs: number): CadlensError {
  if (isCadlensError(error)) return error;
  const e = error as { name?: string; message?: string; code?: string };
  if (job.abortedBy === 'deadline')
    return new CadlensError('TIMEOUT', `the job passed its ${jobTimeoutMs} ms deadline; its worker was replaced`, {
      stage: 'resilience',
      kind: 'transient',
      details: { jobTimeoutMs },
    });
  if (job.abortedBy === 'close')
    return new CadlensError('ABORTED', 'the analyzer pool closed before the job finished', { stage: 'resilience', kind: 'transient', details: { reason: 'pool_closed' } });
  if (e.name === 'AbortError' || signal?.aborted) return createAbortError(signal);
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new CadlensError('RESOURCE_EXHAUSTED', 'the worker ran out of memory; it was replaced', { stage: 'resilience', kind: 'transient', cause: error });
  return new CadlensError('WORKER_CRASHED', `the worker died mid-job (${e.message ?? 'unknown'}); it was replaced`, {
    stage: 'resilience',
    kind: 'transient',
    cause: error,
  });
}

/** The job's bytes: a Node Readable (fs.createReadStream, a request) is read as a web stream, under the same size limit. */
async function readPoolInput(input: NodeAnalyzeInput, maxBytes: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (!isNodeReadable(input)) return readInputBytes(input, maxBytes, signal);
  const web = nodeReadableToWeb(input);
  try {
    return await readInputBytes(web.stream, maxBytes, signal);
  } finally {
    await web.close();
  }
}
