/**
 * What crosses the thread boundary between an analyzer pool and its workers. Everything here is
 * structured-clone-able: plain objects, strings, numbers and `Uint8Array`s.
 * @internal
 */
import type { MessagePort } from 'node:worker_threads';
import { CadlensError, isCadlensError, type CadlensErrorCode, type ErrorKind, type StageName } from '../../../errors/index.js';
import type { AnalyzeStep, AnalyzerOptions } from '../../../analyze/index.js';
import type { AnalysisResult } from '../../../result/index.js';
import type { OnnxNodeEngineOptions } from '../onnx-engine.js';
import type { CircuitBreaker } from '../../../resilience/circuit-breaker.js';
import type { Recognizer } from '../../../stages/recognize/index.js';
import type { DefaultRecognizersOptions } from '../default-recognizers.js';

/** What a pool worker hands the default export of an {@link AnalyzerPoolOptions.recognizers} module. */
export interface PoolRecognizersContext {
  /** The worker's Tier 1 breaker (`aagnet`; shares its state with the host when the pool has `shared` stores). */
  breaker: CircuitBreaker;
  /** `createDefaultRecognizers()` with this worker's breaker and engine settings; add options (e.g. `wrapTier1`). */
  defaults(options?: Omit<DefaultRecognizersOptions, 'breaker' | 'engine'>): Recognizer[];
  /** The clone-able `options` given with the module. */
  options: unknown;
}

/**
 * The default export of a pool recognizers module: builds one worker's recognizers (best tier first),
 * once per worker.
 */
export type PoolRecognizersFactory = (context: PoolRecognizersContext) => readonly Recognizer[] | Promise<readonly Recognizer[]>;

/**
 * Analyzer options a pool hands to each worker. Only clone-able settings: functions, stores and
 * breakers cannot cross a thread boundary, so each worker builds its own tessellator and tiers.
 */
export type PoolAnalyzerSettings = Pick<
  AnalyzerOptions,
  'maxFileSizeMb' | 'stepLimits' | 'importTimeoutMs' | 'recognizeTimeoutMs' | 'recognize' | 'tier' | 'heal' | 'mesh' | 'combineTiers'
> & {
  /** Options of each worker's onnxruntime-node engine (model path, execution providers…). */
  engine?: Omit<OnnxNodeEngineOptions, 'signal'>;
  /**
   * A result cache on Redis for every worker (`cadlens/adapters/redis`; each worker opens its own connection): a
   * part analysed before with the same options is served from it, as with an analyzer's `cache` option. The URL
   * may carry a password: it stays in the workers' memory and is never logged. A cache that fails is a miss.
   */
  resultCache?: PoolResultCacheSettings;
};

/** The `resultCache` of {@link PoolAnalyzerSettings}: clone-able, so it can cross into the workers. */
export interface PoolResultCacheSettings {
  /** `redis://` or `rediss://` URL of the Redis server. */
  redisUrl: string;
  /** Time to live of stored results (ms). @defaultValue the Redis adapter's default */
  ttlMs?: number;
  /** Deadline of one cache call (ms). @defaultValue 1000 */
  timeoutMs?: number;
  /** Extra text in the cache key (see `ResultCacheConfig.namespace`). */
  namespace?: string;
}

/** `workerData` of a pool worker. @internal */
export interface PoolWorkerData {
  settings: PoolAnalyzerSettings;
  /** The host serves its stores on this `BroadcastChannel` (see store-bridge.ts), with these settings. */
  shared?: { channel: string; secrets: string[]; debug: boolean; failureThreshold?: number; breakerTimeoutMs?: number; recordDeadLetters?: false };
  /** URL of a module whose default export builds the worker's recognizers ({@link PoolRecognizersFactory}). */
  recognizers?: { module: string; options?: unknown };
  /** Honour the fault-injection inputs of {@link TEST_FAULT_PREFIX} (tests only). */
  testFaults: boolean;
  /** The V8 code-cache file of `pool-worker-cached.js` (the CLI's pools only). */
  codeCache?: string;
}

/** One job for a worker. @internal */
export type PoolTask = { name: string; requestId?: string; port?: MessagePort } & (
  /** `unreadable`: the host could not read the caller's input (a stream past the limit, not bytes at all); the worker reports it as a result. */
  | { kind: 'bytes'; bytes: Uint8Array; unreadable?: SerializedError }
  | { kind: 'file'; path: string }
);

/** A `CadlensError` flattened for the trip back. @internal */
export interface SerializedError {
  code: CadlensErrorCode;
  kind: ErrorKind;
  message: string;
  stage?: StageName;
  details?: Record<string, unknown>;
}

/** A worker's answer: the result, or the error the analysis threw (`ABORTED`, a bug…). @internal */
export type PoolReply = ({ ok: true; result: AnalysisResult } | { ok: false; error: SerializedError }) & { usage?: PoolJobUsage };

/** What one job cost its worker thread (measured there). */
export interface PoolJobUsage {
  /** Wall time of the job on the worker (ms). */
  wallMs: number;
  /**
   * CPU time of the worker's JavaScript thread during the job (ms; Linux `/proc/thread-self`, 10 ms
   * ticks), without V8's shared GC helper threads; absent elsewhere.
   */
  threadCpuMs?: number;
}

/** Messages a worker sends on a job's port while it runs. @internal */
export type PoolPortMessage = { type: 'started' } | { type: 'step'; step: AnalyzeStep };

/**
 * Input prefix that, in a pool created with `testFaults: true`, makes the worker misbehave on
 * purpose (first line of the input): `exit` ends the worker thread mid-job, `hang` loops forever,
 * `oom` allocates until the worker's memory limit kills it, `exit-once=<marker path>` ends the worker
 * if the marker file does not exist yet (creating it) and otherwise analyses the bytes after the
 * first line. Without `testFaults` such input is analysed like any other bytes
 * (and fails the format check). @internal
 */
export const TEST_FAULT_PREFIX = 'CADLENS-TEST-FAULT:';

/** Flattens any thrown value into a {@link SerializedError}. @internal */
export function serializeError(error: unknown): SerializedError {
  if (isCadlensError(error)) {
    return {
      code: error.code,
      kind: error.kind,
      message: error.message,
      ...(error.stage ? { stage: error.stage } : {}),
      ...(error.details ? { details: { ...error.details } } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', kind: 'systemic', message };
}

/** Rebuilds a {@link CadlensError} on the calling side. @internal */
export function deserializeError(error: SerializedError): CadlensError {
  return new CadlensError(error.code, error.message, {
    kind: error.kind,
    ...(error.stage ? { stage: error.stage } : {}),
    ...(error.details ? { details: error.details } : {}),
  });
}
