/**
 * Runs the real recognizers on one part and returns their answers in one shape, per evaluated
 * element (a Part face, or a triangle of the STL on the STL path): Tier 1 (AAGNet through
 * onnxruntime-node with the shipped model), Tier 2 (heuristics on the B-Rep), the default pipeline
 * (the Node analyzer with the built-in tiers, as a user gets it from `analyze()`), and the STL path
 * (Tier 2 on a mesh-only Part read from STL bytes). Tiers 1 and 2 answer as the analyzer does with that
 * tier forced (`tier: 1` / `tier: 2`): body by body ({@link recognizePerSolid}), with the pipeline's passes.
 * @internal
 */
import type { Part } from '../../src/model/index.js';
import { recognizePerSolid, type RecognitionOutput, type RecognizeContext, type Recognizer } from '../../src/stages/recognize/index.js';
import { createHeuristicRecognizer, recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { createOnnxNodeEngine, type OnnxNodeEngineOptions } from '../../src/runtime/node/onnx-engine.js';
import type { TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';
import { createAagnetRecognizer } from '../../src/stages/recognize/tier1-aagnet/index.js';
import { createNodeAnalyzer, type NodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createDefaultRecognizers, DEFAULT_TIER1_MODEL } from '../../src/runtime/node/default-recognizers.js';
import type { InferenceEngine } from '../../src/inference/index.js';
import { isCadlensError } from '../../src/errors/index.js';

/** The evaluated recognition paths. */
export type TierId = '1' | '2' | 'default' | 'stl';
/** All paths, in report order. */
export const TIER_IDS: readonly TierId[] = ['1', '2', 'default', 'stl'];
/** Human names of the paths. */
export const TIER_LABELS: Record<TierId, string> = {
  '1': 'Tier 1 (AAGNet)',
  '2': 'Tier 2 (heuristics, B-Rep)',
  default: 'default pipeline',
  stl: 'STL path (Tier 2 mesh)',
};

/** A predicted feature instance over evaluated elements. */
export interface PredictedInstance {
  classId: number;
  elements: number[];
}

/** One recognition path's answer on one part. */
export interface Prediction {
  status: 'ok' | 'declined' | 'failed';
  /** Why it declined or failed. */
  reason?: string;
  /** Recognizer that answered (the default pipeline may fall through tiers). */
  answeredBy?: string;
  ms: number;
  /** Predicted class per element, -1 for none. */
  classId: Int32Array;
  probability: Float64Array;
  instances: PredictedInstance[];
  /** The part-level (measured) confidence. */
  confidence: number | null;
}

const noop = () => undefined;
const CTX: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

function empty(n: number, status: Prediction['status'], reason: string, ms: number): Prediction {
  return { status, reason, ms, classId: new Int32Array(n).fill(-1), probability: new Float64Array(n), instances: [], confidence: null };
}

const describe = (e: unknown) => (isCadlensError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e));

/** Per-face prediction from a recognition output whose face indices are `part.faces` indices. */
function fromFaceOutput(out: RecognitionOutput, faceCount: number, ms: number, answeredBy: string, faceMap: (fi: number) => number = (fi) => fi): Prediction {
  const classId = new Int32Array(faceCount).fill(-1);
  const probability = new Float64Array(faceCount);
  for (const f of out.faces) {
    const i = faceMap(f.faceIndex);
    if (i < 0) continue;
    classId[i] = f.classId;
    probability[i] = f.probability;
  }
  const instances = out.features.map((feat) => ({ classId: feat.classId, elements: feat.faces.map(faceMap).filter((i) => i >= 0) }));
  return { status: 'ok', answeredBy, ms, classId, probability, instances, confidence: out.confidence };
}

/** Per-triangle prediction from a mesh recognition output (faces carry their input triangles). */
function fromTriangleOutput(out: Pick<RecognitionOutput, 'faces' | 'features' | 'confidence'>, triangles: number, ms: number, answeredBy: string): Prediction {
  const classId = new Int32Array(triangles).fill(-1);
  const probability = new Float64Array(triangles);
  const trianglesOfFace = new Map<number, number[]>();
  for (const f of out.faces) {
    const tris = f.triangles ?? [];
    trianglesOfFace.set(f.faceIndex, tris);
    for (const t of tris) {
      if (t < 0 || t >= triangles) continue;
      classId[t] = f.classId;
      probability[t] = f.probability;
    }
  }
  const instances = out.features.map((feat) => ({ classId: feat.classId, elements: feat.faces.flatMap((fi) => trianglesOfFace.get(fi) ?? []) }));
  return { status: 'ok', answeredBy, ms, classId, probability, instances, confidence: out.confidence };
}

/** The recognizers of one evaluation run (created once, reused for every part). */
export interface TierRunners {
  tier1(part: Readonly<Part>): Promise<Prediction>;
  tier2(part: Readonly<Part>): Promise<Prediction>;
  /** The default pipeline on the file bytes; `part` is the evaluator's own read of the same file (faces are joined by STEP id). */
  defaultPipeline(bytes: Uint8Array, name: string, part: Readonly<Part> | null, triangles: number): Promise<Prediction>;
  /** Tier 2 on a mesh-only Part read from STL bytes; per STL triangle (`triangles` = the labelled count). */
  stl(stlBytes: Uint8Array, triangles: number): Prediction;
  dispose(): Promise<void>;
}

/** Creates the runners for the requested paths (Tier 1's engine and the analyzer only when needed). */
export async function createTierRunners(
  tiers: readonly TierId[],
  options: { modelPath?: string; engineModel?: OnnxNodeEngineOptions['model']; combineTiers?: TierCombinationRule } = {},
): Promise<TierRunners> {
  let engine: InferenceEngine | null = null;
  let tier1: Recognizer | null = null;
  // Without a model named, Tier 1 runs the network the product's default Tier 1 runs.
  const engineOptions: OnnxNodeEngineOptions = {
    ...(options.modelPath !== undefined ? { modelPath: options.modelPath } : {}),
    ...(options.engineModel !== undefined ? { model: options.engineModel } : {}),
    ...(options.modelPath === undefined && options.engineModel === undefined ? { model: DEFAULT_TIER1_MODEL } : {}),
  };
  const customEngine = options.modelPath !== undefined || options.engineModel !== undefined;
  if (tiers.includes('1')) {
    engine = await createOnnxNodeEngine(engineOptions);
    tier1 = createAagnetRecognizer({ engine, measureParameters: false });
  }
  const analyzer: NodeAnalyzer | null = tiers.includes('default')
    ? createNodeAnalyzer({
        ...(customEngine ? { recognizers: createDefaultRecognizers({ engine: engineOptions }) } : {}),
        ...(options.combineTiers !== undefined ? { combineTiers: options.combineTiers } : {}),
      })
    : null;

  const tier2 = createHeuristicRecognizer();
  /** One tier alone, as the analyzer recognizes with it forced: per body, then the pipeline's passes (run-recognizers.ts). */
  async function forced(part: Readonly<Part>, recognizer: Recognizer, answeredBy: string): Promise<Prediction> {
    const n = part.faces.length;
    const t0 = performance.now();
    let failure: unknown;
    try {
      const { result } = await recognizePerSolid(part, [recognizer], CTX, { tier: recognizer.tier, onRecognizerError: (e) => (failure ??= e) });
      const ms = performance.now() - t0;
      if (result.tier === null) {
        if (failure !== undefined) return empty(n, 'failed', describe(failure), ms);
        return empty(n, 'declined', result.skipped.map((s) => `${s.reason}${s.detail ? `: ${s.detail}` : ''}`).join('; '), ms);
      }
      return fromFaceOutput({ faces: result.faces, features: result.features, confidence: result.confidence } as RecognitionOutput, n, ms, answeredBy);
    } catch (e) {
      return empty(n, 'failed', describe(e), performance.now() - t0);
    }
  }

  return {
    tier1: (part) => forced(part, tier1!, 'aagnet'),
    tier2: (part) => forced(part, tier2, 'aag-heuristics'),
    async defaultPipeline(bytes, name, part, triangles) {
      const n = part ? part.faces.length : triangles;
      const t0 = performance.now();
      try {
        const { result, part: seen } = await analyzer!.analyzeDetailed(bytes, { name });
        const ms = performance.now() - t0;
        const rec = result.recognition;
        if (result.error && !rec) return empty(n, 'failed', `${result.error.code}: ${result.error.message}`, ms);
        if (!rec || rec.tier === null) {
          const why = rec?.skipped.map((s) => `${s.recognizer}: ${s.reason}`).join('; ') ?? 'no recognition';
          return empty(n, 'declined', why, ms);
        }
        const out = { faces: rec.faces, features: rec.features, confidence: rec.confidence } as RecognitionOutput;
        const by = rec.recognizer ?? `tier ${rec.tier}`;
        if (!part) return fromTriangleOutput(out, triangles, ms, by);
        // Join the pipeline's faces to ours by STEP id (both read the same file).
        const ours = new Map<number, number>();
        for (const f of part.faces) if (f.stepId !== null) ours.set(f.stepId, f.index);
        const faceMap = (fi: number) => {
          const id = seen?.faces[fi]?.stepId ?? rec.faces.find((f) => f.faceIndex === fi)?.stepId ?? null;
          return id === null ? -1 : (ours.get(id) ?? -1);
        };
        return fromFaceOutput(out, n, ms, by, faceMap);
      } catch (e) {
        return empty(n, 'failed', describe(e), performance.now() - t0);
      }
    },
    stl(stlBytes, triangles) {
      const t0 = performance.now();
      try {
        const { mesh } = readStl(stlBytes);
        if (mesh.indices.length / 3 !== triangles) return empty(triangles, 'failed', `the STL reads as ${mesh.indices.length / 3} triangles, ${triangles} are labelled`, performance.now() - t0);
        const out = recognizeFeatures(createMeshPart(mesh, 'stl'));
        return fromTriangleOutput(out, triangles, performance.now() - t0, 'aag-heuristics (mesh)');
      } catch (e) {
        return empty(triangles, 'failed', describe(e), performance.now() - t0);
      }
    },
    async dispose() {
      await analyzer?.dispose();
      await tier1?.dispose?.();
      await engine?.dispose();
    },
  };
}
