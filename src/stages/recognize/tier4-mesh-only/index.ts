export { createMeshOnlyRecognizer, TIER4_NOMINAL_CONFIDENCE } from './mesh-only-recognizer.js';
export type { MeshOnlyDetails, MeshOnlyRecognizerOptions } from './mesh-only-recognizer.js';
export { createThreeGeometryData } from './three-geometry.js';
export type { ThreeGeometryData, GeometryGroup } from './three-geometry.js';
