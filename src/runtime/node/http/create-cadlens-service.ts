import type { CadlensConfig } from '../../../config/index.js';
import { secretValues } from '../../../config/index.js';
import { createAuditTrail, type AuditTrail } from '../../../resilience/audit-trail.js';
import { CircuitBreaker } from '../../../resilience/circuit-breaker.js';
import { createDeadLetterQueue, type DeadLetterQueue } from '../../../resilience/dead-letter-queue.js';
import { createMetrics, type Metrics } from '../../../resilience/metrics.js';
import type { CadlensStores } from '../../../storage/stores.js';
import { createNodeAnalyzer, type NodeAnalyzerOptions } from '../analyze-file.js';
import { createDefaultRecognizers } from '../default-recognizers.js';
import { onnxRuntimeNodeInstalled } from '../onnx-engine.js';
import type { CadlensService, HttpAnalyzer } from './create-http-handler.js';
import { createAnalyzerPool, type AnalyzerPoolOptions } from '../pool/create-analyzer-pool.js';
import { isCadlensError } from '../../../errors/index.js';

/** Options of {@link createCadlensService}. */
export interface CadlensServiceOptions {
  /** Where dead letters, audit events, metrics samples and the breaker state live (any adapter). */
  stores: CadlensStores;
  /** Thresholds, `debug` and secrets come from here. @defaultValue the built-in defaults */
  config?: CadlensConfig;
  /**
   * Analyze with this instead of a new `createNodeAnalyzer()` (e.g. the worker pool). It should
   * record into the returned `deadLetters`/`metrics` itself; the default one does.
   */
  analyzer?: HttpAnalyzer & { dispose?(): Promise<void> };
  /** Extra options of the default Node analyzer. */
  analyzerOptions?: Omit<NodeAnalyzerOptions, 'deadLetters' | 'metrics' | 'audit'>;
  /**
   * Analyse on a worker pool instead of this thread: a worker count, or the pool's options. The
   * workers share `stores` through this thread (one Tier 1 breaker state, one DLQ, one set of metrics
   * samples; see `AnalyzerPoolOptions.shared`). Ignored when `analyzer` is given.
   * @defaultValue none (the in-thread `createNodeAnalyzer()`, which runs only OpenCascade in a worker)
   */
  workers?: number | Omit<AnalyzerPoolOptions, 'shared' | 'deadLetters'>;
}

/** A wired {@link CadlensService} plus `dispose()` (the analyzer's workers; the stores stay yours). */
export interface WiredCadlensService extends CadlensService {
  breaker: CircuitBreaker;
  audit: AuditTrail;
  deadLetters: DeadLetterQueue;
  metrics: Metrics;
  dispose(): Promise<void>;
}

type ServiceAnalyzer = HttpAnalyzer & { dispose?(): Promise<void> };

/** Whether the service's own analyzer asks the default Tier 1 (no analyzer or recognizers of yours, Tier 1 not ruled out). */
function asksDefaultTier1(options: CadlensServiceOptions): boolean {
  if (options.analyzer) return false;
  const pool = typeof options.workers === 'object' ? options.workers : undefined;
  const ownRecognizers = options.workers === undefined ? options.analyzerOptions?.recognizers !== undefined : pool?.recognizers !== undefined;
  const settings = options.workers === undefined ? options.analyzerOptions : pool?.analyzer;
  return !ownRecognizers && settings?.recognize !== false && (settings?.tier === undefined || settings.tier === 1);
}

/** The in-thread Node analyzer, or a worker pool on the same stores (`options.workers`). */
function defaultAnalyzer(
  options: CadlensServiceOptions,
  wired: { breaker: CircuitBreaker; deadLetters: DeadLetterQueue; metrics: Metrics; audit: AuditTrail; secrets: readonly string[] },
): ServiceAnalyzer {
  const { config } = options;
  if (options.workers === undefined) {
    return createNodeAnalyzer({
      ...(config ? { maxFileSizeMb: config.maxFileSizeMb } : {}),
      recognizers: createDefaultRecognizers({ breaker: wired.breaker }),
      ...options.analyzerOptions,
      deadLetters: wired.deadLetters,
      metrics: wired.metrics,
      audit: wired.audit,
    });
  }
  const poolOptions = typeof options.workers === 'number' ? { workers: options.workers } : options.workers;
  const pool = createAnalyzerPool({
    ...poolOptions,
    analyzer: { ...(config ? { maxFileSizeMb: config.maxFileSizeMb } : {}), ...poolOptions.analyzer },
    shared: {
      stores: options.stores,
      secrets: wired.secrets,
      debug: config?.debug ?? false,
      ...(config ? { failureThreshold: config.circuitBreakerThreshold, breakerTimeoutMs: config.circuitBreakerTimeoutS * 1000 } : {}),
    },
  });
  return { analyze: (bytes, call) => pool.analyze(bytes, call), dispose: () => pool.close() };
}

/**
 * An analysis that throws instead of answering with a result (a worker that crashed or hung twice,
 * a full queue, the client going away, shutdown) is recorded as a dead letter with its input bytes,
 * so every request ends as a result or a dead letter and can be reprocessed.
 */
function deadLetterThrown(analyzer: ServiceAnalyzer, deadLetters: DeadLetterQueue): ServiceAnalyzer {
  return {
    async analyze(bytes, call = {}) {
      const started = performance.now();
      try {
        return await analyzer.analyze(bytes, call);
      } catch (error) {
        await deadLetters
          .add({
            error,
            input: { name: call.name ?? 'input', bytes },
            stage: isCadlensError(error) && error.stage ? error.stage : 'resilience',
            ...(call.requestId ? { requestId: call.requestId } : {}),
            durationMs: performance.now() - started,
          })
          .catch(() => undefined);
        throw error;
      }
    },
    ...(analyzer.dispose ? { dispose: () => analyzer.dispose!() } : {}),
  };
}

/**
 * Wires the services {@link createHttpHandler} needs over one set of stores: an audit trail, the
 * Tier 1 breaker `aagnet` (shared through `stores.breakerState`), a dead-letter queue that keeps
 * input bytes (so `POST /dlq/:id/reprocess` can re-run them), metrics, and a Node analyzer (or, with
 * `workers`, a worker pool) that records into all of them. An analysis that throws rather than
 * answering with a result is dead-lettered too, so every request ends as a result or a dead letter.
 *
 * @example
 * ```ts
 * import { createFileStores } from 'cadlens/adapters/file';
 * import { createCadlensService } from 'cadlens/node';
 * const service = createCadlensService({ stores: await createFileStores({ dir: '.cadlens' }) });
 * ```
 */
export function createCadlensService(options: CadlensServiceOptions): WiredCadlensService {
  const { stores, config } = options;
  const secrets = config ? secretValues(config) : [];
  const audit = createAuditTrail({ store: stores.audit, secrets });
  const breaker = new CircuitBreaker({
    name: 'aagnet',
    store: stores.breakerState,
    audit,
    ...(config ? { failureThreshold: config.circuitBreakerThreshold, timeoutMs: config.circuitBreakerTimeoutS * 1000 } : {}),
  });
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, audit, includeInputBytes: true, secrets, debug: config?.debug ?? false });
  // The default Tier 1 needs onnxruntime-node, an optional peer: without it every analysis skips Tier 1
  // (`model_unavailable`, a decline the breaker never sees), so /health must say so rather than `healthy`.
  const aagnetAvailable = asksDefaultTier1(options) ? { aagnetAvailable: () => onnxRuntimeNodeInstalled() && breaker.canPass() } : {};
  const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters, breaker, ...aagnetAvailable });
  const analyzer = options.analyzer ?? deadLetterThrown(defaultAnalyzer(options, { breaker, deadLetters, metrics, audit, secrets }), deadLetters);
  return {
    analyzer,
    breaker,
    audit,
    deadLetters,
    metrics,
    async dispose() {
      await analyzer.dispose?.();
    },
  };
}
