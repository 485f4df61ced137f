export * from './recognizer.js';
export * from './run-recognizers.js';
export * from './recognize-per-solid.js';
export * from './guard-with-breaker.js';
export * from './combine-tiers.js';
export { withContextProbabilities, withPassAwareProbabilities, isPassAware, contextProbability, faceContextFeatures, type FaceContextModel, type FaceContextFeatures } from './face-context-confidence.js';
export { facePassSources, type FacePassSource } from './pass-sources.js';
export { FACE_CONTEXT_MODEL } from './face-context-model.js';
export { groupCompositeHoles, COMPOSITE_HOLE_TYPES } from './composite-holes.js';
export { groupBlendInstances } from './blend-instances.js';
export {
  applyBaseBodyStock,
  BASE_BODY_STOCK_PROBABILITY,
  OUTLINE_WALL_STOCK_PROBABILITY,
  CONVEX_FACE_STOCK_PROBABILITY,
  THIN_WALL_STOCK_PROBABILITY,
  CONVEX_SKIN_STOCK_PROBABILITY,
} from './base-body-pass.js';
export { createAagnetRecognizer, ENVELOPE_STOCK_PROBABILITY, TIER1_NOMINAL_CONFIDENCE, type AagnetRecognizerOptions, type AagnetDetails, type GaagExtraction, type GaagExtractor } from './tier1-aagnet/index.js';
export { createHeuristicRecognizer, TIER2_NOMINAL_CONFIDENCE, type HeuristicRecognizerOptions, type HeuristicDetails } from './tier2-heuristics/index.js';
export { createPointCloudRecognizer, TIER3_NOMINAL_CONFIDENCE, type PointCloudRecognizerOptions, type PointCloudDetails, type StockDimensions, type OrientedBox, type DetectedPlane, type DetectedCylinder } from './tier3-point-cloud/index.js';
export { createMeshOnlyRecognizer, TIER4_NOMINAL_CONFIDENCE, createThreeGeometryData, type MeshOnlyRecognizerOptions, type MeshOnlyDetails, type ThreeGeometryData, type GeometryGroup } from './tier4-mesh-only/index.js';
export type { SegmentMeshOptions } from './tier2-mesh/index.js';
