import { CircuitBreaker } from '../../resilience/circuit-breaker.js';
import { guardWithBreaker, type Recognizer } from '../../stages/recognize/index.js';
import { createAagnetRecognizer, type AagnetRecognizerOptions } from '../../stages/recognize/tier1-aagnet/index.js';
import { createHeuristicRecognizer } from '../../stages/recognize/tier2-heuristics/index.js';
import { createPointCloudRecognizer } from '../../stages/recognize/tier3-point-cloud/index.js';
import { createMeshOnlyRecognizer } from '../../stages/recognize/tier4-mesh-only/index.js';
import { createOnnxNodeEngine, type OnnxNodeEngineOptions } from './onnx-engine.js';

/** Options of {@link createDefaultRecognizers}. */
export interface DefaultRecognizersOptions {
  /** Options of the lazily created onnxruntime-node engine (model path, execution providers…). */
  engine?: Omit<OnnxNodeEngineOptions, 'signal'>;
  /** Tier 1 options other than the engine and extractor. */
  tier1?: Omit<AagnetRecognizerOptions, 'engine' | 'engineFactory'>;
  /** The breaker guarding Tier 1. @defaultValue `new CircuitBreaker({ name: 'aagnet' })` */
  breaker?: CircuitBreaker;
  /**
   * Wrap the Tier 1 recognizer inside its breaker guard (instrumentation, or the fault injector of
   * the service load test: what the wrapper throws counts as a Tier 1 failure).
   */
  wrapTier1?: (tier1: Recognizer) => Recognizer;
}

/**
 * The built-in recognition tiers for Node, best first. Tier 1 (AAGNet) creates its onnxruntime-node
 * engine on first use, so a missing `onnxruntime-node` or model file makes Tier 1 decline with
 * `model_unavailable` instead of failing the analysis; it sits behind a circuit breaker named
 * `aagnet` (open → skipped with `breaker_open`). Tiers 2 (AAG heuristics), 3 (point cloud) and 4
 * (mesh only) follow. Insert your own recognizers anywhere in the returned array.
 *
 * @example
 * ```ts
 * const recognizers = [myRecognizer, ...createDefaultRecognizers()];
 * const analyzer = createNodeAnalyzer({ recognizers });
 * ```
 */
export function createDefaultRecognizers(options: DefaultRecognizersOptions = {}): Recognizer[] {
  const tier1 = createAagnetRecognizer({
    ...options.tier1,
    engineFactory: (signal) => createOnnxNodeEngine({ ...options.engine, ...(signal ? { signal } : {}) }),
  });
  return [
    guardWithBreaker(options.wrapTier1 ? options.wrapTier1(tier1) : tier1, options.breaker ?? new CircuitBreaker({ name: 'aagnet' })),
    createHeuristicRecognizer(),
    createPointCloudRecognizer(),
    createMeshOnlyRecognizer(),
  ];
}
