export * from './recognizer.js';
export * from './run-recognizers.js';
export * from './recognize-per-solid.js';
export * from './guard-with-breaker.js';
export { createAagnetRecognizer, TIER1_NOMINAL_CONFIDENCE, type AagnetRecognizerOptions, type AagnetDetails, type GaagExtraction, type GaagExtractor } from './tier1-aagnet/index.js';
export { createHeuristicRecognizer, TIER2_NOMINAL_CONFIDENCE, type HeuristicRecognizerOptions, type HeuristicDetails } from './tier2-heuristics/index.js';
export { createPointCloudRecognizer, TIER3_NOMINAL_CONFIDENCE, type PointCloudRecognizerOptions, type PointCloudDetails, type StockDimensions, type OrientedBox, type DetectedPlane, type DetectedCylinder } from './tier3-point-cloud/index.js';
export { createMeshOnlyRecognizer, TIER4_NOMINAL_CONFIDENCE, createThreeGeometryData, type MeshOnlyRecognizerOptions, type MeshOnlyDetails, type ThreeGeometryData, type GeometryGroup } from './tier4-mesh-only/index.js';
export type { SegmentMeshOptions } from './tier2-mesh/index.js';
