/**
 * Tier 2: rule-based machining-feature recognition on the attributed adjacency graph.
 * @packageDocumentation
 */
import type { Part } from '../../../model/index.js';
import { defineRecognizer } from '../recognizer.js';
import type { RecognitionOutput, RecognizedFace, RecognizedFeature, Recognizer } from '../recognizer.js';
import { AAGNET_CLASS_NAMES, AAGNET_STOCK_CLASS_ID } from '../../../inference/aagnet-classes.js';
import { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace } from './feature-graph.js';
import { classifyFeatures } from './classify-features.js';
import { checkAborted } from './check-aborted.js';
import { abortBoundary } from '../../../resilience/yield-to-event-loop.js';
import { featureGeometryOfGraph } from './measure-parameters.js';
import { measureFeatureParameters } from '../../../features/parameters/index.js';
import { faceClassName } from './fallback-face-class.js';
import { joinMeshHoleStacks, segmentMesh, validateMeshForSegmentation, type SegmentMeshOptions } from '../tier2-mesh/index.js';
import { fitFreeformFace } from './freeform-face-fit.js';
import { allMatches, applyMeshRulePrecision, meshFaceRules } from '../tier2-mesh/mesh-face-probability.js';
import { joinUnexplainedClusters } from '../tier2-mesh/mesh-unexplained-clusters.js';
import { outlineMeshPockets } from '../tier2-mesh/mesh-pocket-outline.js';

/** Nominal confidence of Tier 2. */
export const TIER2_NOMINAL_CONFIDENCE = 0.75;

/** Options of {@link createHeuristicRecognizer}. */
export interface HeuristicRecognizerOptions {
  /** Options of the mesh segmentation used for mesh-only parts. */
  segmentation?: SegmentMeshOptions;
}

/** What Tier 2 puts in `RecognitionOutput.details`. */
export interface HeuristicDetails {
  /** `brep` when the Part's faces were used, `mesh-segmentation` when faces were segmented from triangles. */
  source: 'brep' | 'mesh-segmentation';
  faceCount: number;
  stockFaceCount: number;
  /** The rule behind each feature, in `features` order (e.g. `pocket`, `counterbore-hole`, `pocket (split)`). */
  rules: string[];
  /** Faces labelled by the local fallback (no feature rule explained them). */
  fallbackFaceCount: number;
  /** For mesh input: the segmented faces' surface kinds. */
  surfaceKinds?: Record<string, number>;
  /** For mesh input: each face's probability key (its rule, `hole-stack`, `stock` or `fallback`; mesh-face-probability.ts). */
  faceRules?: string[];
}

/**
 * Creates the Tier 2 recognizer (`aag-heuristics`, nominal confidence 0.75). It takes any Part with B-Rep
 * faces (STEP or mesh-derived; B-spline faces that are geometrically planes, cylinders or cones are fitted
 * from samples of their exact surface, so no mesh is needed, or from their triangles where cadlens cannot
 * evaluate it) and mesh-only parts (STL/OBJ/PLY), whose triangles it first segments into faces (region
 * growing on normals and curvature, then plane/cylinder/cone/sphere/torus fits) and joins into the same
 * adjacency graph. Rules: holes (through/blind, counterbore/countersink stacks), passages, pockets
 * (triangular/rectangular/six-sided/circular-end), through and blind slots, through and blind steps,
 * chamfers, rounds/fillets, O-ring grooves — in the 25-class AAGNet vocabulary, with instances and
 * parameters (`diameterMm`, `depthMm`, `widthMm`, `lengthMm`, `radiusMm`, angles in degrees).
 *
 * Probabilities are measured, not set: a face's probability is the precision its rule (and class) had on
 * generated dev parts and the MFCAD tuning portion (`rule-precision.ts`, written by
 * `tools/tier2/measure-rule-precision.ts`); the part-level confidence is the mean face probability, i.e.
 * the expected share of correctly labelled faces. Faces no rule explains are `other_feature` (class id 25).
 *
 * `canRecognize` declines (`out_of_domain`, with the reason) a part without faces or triangles, or
 * whose mesh has non-finite coordinates or out-of-range indices; `recognize` throws `CadlensError`
 * `MESH_NO_TRIANGLES` / `MESH_NON_FINITE` / `MESH_INDEX_OUT_OF_RANGE` for the same inputs when called
 * directly, and `ABORTED` when the signal aborts.
 *
 * @example
 * ```ts
 * const analyzer = createNodeAnalyzer({ recognizers: [createHeuristicRecognizer()] });
 * const result = await analyzer.analyzeFile('part.stl');
 * result.recognition?.features; // [{ type: 'through_hole', parameters: { diameterMm: 10, depthMm: 10 } }, …]
 * ```
 */
export function createHeuristicRecognizer(options: HeuristicRecognizerOptions = {}): Recognizer {
  return defineRecognizer({
    id: 'aag-heuristics',
    tier: 2,
    nominalConfidence: TIER2_NOMINAL_CONFIDENCE,
    canRecognize(part: Readonly<Part>) {
      if (part.faces.length > 0) return { ok: true };
      const problem = validateMeshForSegmentation(part.mesh);
      if (problem) return { ok: false, reason: 'out_of_domain', detail: problem.message };
      return { ok: true };
    },
    async recognize(part: Readonly<Part>, ctx): Promise<RecognitionOutput> {
      checkAborted(ctx?.signal);
      const signal = ctx?.signal;
      if (!signal) return recognizeFeatures(part, options);
      // The graph and the rules are two long synchronous stretches: a turn of the event loop between them lets a
      // timer-driven abort (the caller's, or the per-recognizer deadline) fire and be seen.
      const { graph, source } = featureGraphOf(part, options, signal);
      await abortBoundary(signal);
      return recognizeOnGraph(part, graph, source, options, signal);
    },
  });
}

/**
 * The synchronous core of {@link createHeuristicRecognizer}.
 * @throws CadlensError `MESH_NO_TRIANGLES`, `MESH_NON_FINITE`, `MESH_INDEX_OUT_OF_RANGE` (mesh-only input), `ABORTED`
 */
export function recognizeFeatures(part: Readonly<Part>, options: HeuristicRecognizerOptions = {}, signal?: AbortSignal): RecognitionOutput {
  const { graph, source } = featureGraphOf(part, options, signal);
  return recognizeOnGraph(part, graph, source, options, signal);
}

/** The feature graph the rules read: the B-Rep's faces, or the mesh's segmentation. */
function featureGraphOf(part: Readonly<Part>, options: HeuristicRecognizerOptions, signal: AbortSignal | undefined): { graph: FeatureGraph; source: HeuristicDetails['source'] } {
  if (part.faces.length > 0) return { graph: buildFeatureGraphFromPart(part, fitFreeformFace), source: 'brep' };
  return { graph: segmentMesh(part.mesh, { ...options.segmentation, ...(signal ? { signal } : {}) }), source: 'mesh-segmentation' };
}

/** The rules, the face classes and the feature parameters on `graph`. */
function recognizeOnGraph(
  part: Readonly<Part>,
  graph: FeatureGraph,
  source: HeuristicDetails['source'],
  options: HeuristicRecognizerOptions,
  signal: AbortSignal | undefined,
): RecognitionOutput {
  checkAborted(signal);
  const c = classifyFeatures(graph);
  // A pocket's outline is read from its walls along its depth only: a mesh's plane-fitted scraps of curved faces would
  // make a rectangular pocket six-sided (mesh-pocket-outline.ts).
  // A mesh has no B-Rep for the orchestrator's composite-hole pass: its hole stacks are joined here.
  // Scraps of one true face no rule explained join the feature they border most (mesh-unexplained-clusters.ts); the
  // faces then take their rules' precisions measured on segmented meshes (mesh-face-probability.ts).
  let meshFaceRuleKeys: string[] | undefined;
  if (source === 'mesh-segmentation') {
    outlineMeshPockets(graph, c.features, c.faceClass);
    const before = allMatches(c.features);
    joinMeshHoleStacks(graph, part.mesh, c.features, c.faceClass, c.faceConfidence, c.faceBottom, c.ctx.tolMm);
    const scraps = joinUnexplainedClusters(graph, c.features, c.faceClass);
    meshFaceRuleKeys = meshFaceRules(graph.faces.length, c.faceClass, c.features, before, scraps);
    applyMeshRulePrecision(meshFaceRuleKeys, c.faceClass, c.faceConfidence);
  }
  const explained = new Set<number>();
  for (const m of c.features) for (const f of m.faces) explained.add(f);
  let stockFaceCount = 0;
  const faces: RecognizedFace[] = graph.faces.map((f: GraphFace) => {
    const classId = c.faceClass[f.index];
    if (classId === AAGNET_STOCK_CLASS_ID) stockFaceCount++;
    return {
      faceIndex: f.index,
      stepId: f.stepId,
      classId,
      className: faceClassName(classId),
      probability: c.faceConfidence[f.index],
      ...(c.faceBottom[f.index] ? { bottom: true } : {}),
      ...(f.triangles ? { triangles: f.triangles } : {}),
    };
  });
  // Parameters from the shared measurer (every tier measures and names them the same way).
  const geometry = featureGeometryOfGraph(graph, source === 'brep' ? part : undefined);
  const features: RecognizedFeature[] = c.features.map((m) => ({
    type: AAGNET_CLASS_NAMES[m.classId],
    classId: m.classId,
    faces: m.faces,
    bottomFaces: m.bottomFaces,
    confidence: m.confidence,
    parameters: measureFeatureParameters(geometry, m.classId, m.faces, m.bottomFaces),
  }));
  const details: HeuristicDetails = {
    source,
    faceCount: graph.faces.length,
    stockFaceCount,
    rules: c.features.map((m) => m.rule),
    fallbackFaceCount: graph.faces.length - stockFaceCount - explained.size,
  };
  if (source === 'mesh-segmentation') {
    const kinds: Record<string, number> = {};
    for (const f of graph.faces) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
    details.surfaceKinds = kinds;
    details.faceRules = meshFaceRuleKeys;
  }
  // the expected share of right faces: each face's probability is its rule's measured precision
  const meanProbability = faces.length > 0 ? faces.reduce((a, f) => a + f.probability, 0) / faces.length : 0;
  return { faces, features, confidence: Math.round(meanProbability * 1000) / 1000, details: details as unknown as Record<string, unknown> };
}
