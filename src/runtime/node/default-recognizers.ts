import { CircuitBreaker } from '../../resilience/circuit-breaker.js';
import { guardWithBreaker, type Recognizer } from '../../stages/recognize/index.js';
import { createAagnetRecognizer, type AagnetRecognizerOptions } from '../../stages/recognize/tier1-aagnet/index.js';
import { createHeuristicRecognizer } from '../../stages/recognize/tier2-heuristics/index.js';
import { createPointCloudRecognizer } from '../../stages/recognize/tier3-point-cloud/index.js';
import { createMeshOnlyRecognizer } from '../../stages/recognize/tier4-mesh-only/index.js';
import { createOnnxNodeEngine, type OnnxNodeEngineOptions } from './onnx-engine.js';
import type { InferenceEngine } from '../../inference/inference-engine.js';

/** Options of {@link createDefaultRecognizers}. */
export interface DefaultRecognizersOptions {
  /**
   * Options of the lazily created onnxruntime-node engine (model, model path, execution providers…).
   * Without `model` or `modelPath`, Tier 1 runs {@link DEFAULT_TIER1_MODEL}; `model: 'mfinstseg'` gives the
   * published network.
   */
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
 * The bundled network the default Node Tier 1 runs: the published AAGNet weights fine-tuned on cadlens' generated
 * box, profiled-plate and turned parts and MFCAD (`models/aagnet-cadlens-ft.onnx`, models/README.md). Chosen in
 * session 18 by measurement on the dev sets: on the real tune files the default pipeline calls 38 instead of 58
 * stock faces features (90.2 → 91.0 % per face), OCCT tune and MFCAD unchanged, generated box parts 95.8 → 95.5 %
 * (docs/recognition.md "Session 18: Tier 1's network"). `engine.model: 'mfinstseg'` keeps the published network.
 */
export const DEFAULT_TIER1_MODEL = 'cadlens-ft' as const satisfies OnnxNodeEngineOptions['model'];

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
  return createDefaultRecognizerSet(options).recognizers;
}

/**
 * {@link createDefaultRecognizers} with a handle on Tier 1's engine: `warmUp()` starts creating it now
 * (once; Tier 1 then takes that engine instead of creating its own on first use), so that a caller with
 * idle time — the analyzer while OpenCascade tessellates in its worker — spends it on the onnxruntime
 * load and session. `dispose()` releases an engine that was warmed up but never taken.
 * @internal
 */
export function createDefaultRecognizerSet(options: DefaultRecognizersOptions = {}): { recognizers: Recognizer[]; warmUp(): void; dispose(): Promise<void> } {
  const engine = withDefaultModel(options.engine);
  const create = (signal?: AbortSignal) => createOnnxNodeEngine({ ...engine, ...(signal ? { signal } : {}) });
  let early: Promise<InferenceEngine> | undefined;
  let taken = false;
  const variant = tier1Variant(engine);
  const tier1 = createAagnetRecognizer({
    ...options.tier1,
    ...(variant !== undefined ? { variant } : {}),
    engineFactory: (signal) => {
      taken = true;
      const warmed = early;
      early = undefined;
      return warmed ?? create(signal);
    },
  });
  return {
    recognizers: [
      guardWithBreaker(options.wrapTier1 ? options.wrapTier1(tier1) : tier1, options.breaker ?? new CircuitBreaker({ name: 'aagnet' })),
      createHeuristicRecognizer(),
      createPointCloudRecognizer(),
      createMeshOnlyRecognizer(),
    ],
    warmUp() {
      if (taken || early) return;
      early = create();
      // Tier 1 reports a failure when it takes the engine (model_unavailable…), as it does without warm-up.
      early.catch(() => undefined);
    },
    async dispose() {
      const warmed = early;
      early = undefined;
      if (warmed) await warmed.then((engine) => engine.dispose(), () => undefined);
    },
  };
}

/** The engine options with {@link DEFAULT_TIER1_MODEL} where neither a bundled model nor a model file is named. */
function withDefaultModel(engine: DefaultRecognizersOptions['engine']): Omit<OnnxNodeEngineOptions, 'signal'> {
  if (engine?.model !== undefined || engine?.modelPath !== undefined) return engine ?? {};
  return { ...engine, model: DEFAULT_TIER1_MODEL };
}

/**
 * Tier 1's cache-key variant for these engine options: none for the published bundled model, the bundled
 * model's name, or a custom model's expected sha256 (else its path).
 */
function tier1Variant(engine: DefaultRecognizersOptions['engine']): string | undefined {
  if (engine?.modelPath !== undefined) return `model:${engine.expectedSha256 ?? engine.modelPath}`;
  if (engine?.model !== undefined && engine.model !== 'mfinstseg') return `model:${engine.model}`;
  return undefined;
}
