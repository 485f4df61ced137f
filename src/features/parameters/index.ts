/**
 * Feature parameters, measured the same way for every tier, and hole stacks (composite holes).
 * @packageDocumentation
 * @internal
 */
export { featureGeometryOfPart, measuredFaceOf, partBoundaryPoints, boxCornerPoints, type FeatureGeometry, type FreeformFaceReader, type MeasuredFace, type MeasuredSurfaceKind } from './feature-geometry.js';
export { measureFeatureParameters, parameterNamesOf, roundParameter, extentOfPoints } from './measure-feature-parameters.js';
export {
  findHoleStacks,
  describeHoleStack,
  coaxialFaces,
  COUNTERSINK_MIN_DIAMETER_RATIO,
  HOLE_MAX_WALL_GAP_DEG,
  type HoleStack,
  type HoleSegment,
  type HoleSegmentKind,
  type CompositeHoleKind,
} from './hole-stack.js';
export { isDrilledHole } from './drilled-hole.js';
export { distanceToAxis } from './hole-axis.js';
export { isoMetricPitchMm } from './iso-metric-thread.js';
export { isThreadFaceBoundary, measureHelixPitchMm, THREAD_MAX_MAJOR_RATIO } from './helical-thread.js';
