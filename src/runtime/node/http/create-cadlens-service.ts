import type { CadlensConfig } from '../../../config/index.js';
import { secretValues } from '../../../config/index.js';
import { createAuditTrail, type AuditTrail } from '../../../resilience/audit-trail.js';
import { CircuitBreaker } from '../../../resilience/circuit-breaker.js';
import { createDeadLetterQueue, type DeadLetterQueue } from '../../../resilience/dead-letter-queue.js';
import { createMetrics, type Metrics } from '../../../resilience/metrics.js';
import type { CadlensStores } from '../../../storage/stores.js';
import { createNodeAnalyzer, type NodeAnalyzerOptions } from '../analyze-file.js';
import { createDefaultRecognizers } from '../default-recognizers.js';
import type { CadlensService, HttpAnalyzer } from './create-http-handler.js';

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
}

/** A wired {@link CadlensService} plus `dispose()` (the analyzer's workers; the stores stay yours). */
export interface WiredCadlensService extends CadlensService {
  breaker: CircuitBreaker;
  audit: AuditTrail;
  deadLetters: DeadLetterQueue;
  metrics: Metrics;
  dispose(): Promise<void>;
}

/**
 * Wires the services {@link createHttpHandler} needs over one set of stores: an audit trail, the
 * Tier 1 breaker `aagnet` (shared through `stores.breakerState`), a dead-letter queue that keeps
 * input bytes (so `POST /dlq/:id/reprocess` can re-run them), metrics, and a Node analyzer that
 * records into all of them.
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
  const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters, breaker });
  const analyzer =
    options.analyzer ??
    createNodeAnalyzer({
      ...(config ? { maxFileSizeMb: config.maxFileSizeMb } : {}),
      recognizers: createDefaultRecognizers({ breaker }),
      ...options.analyzerOptions,
      deadLetters,
      metrics,
      audit,
    });
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
