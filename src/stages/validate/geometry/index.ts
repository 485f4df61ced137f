import type { Validator } from '../validator.js';
import { degenerateEdgeValidator } from './degenerate-edge-validator.js';
import { degenerateFaceValidator } from './degenerate-face-validator.js';
import { eulerValidator } from './euler-validator.js';
import type { GeometryContext } from './geometry-context.js';
import { manifoldValidator } from './manifold-validator.js';
import { orientationValidator } from './orientation-validator.js';
import { outwardOrientationValidator } from './outward-orientation-validator.js';
import { partSizeValidator } from './part-size-validator.js';
import { selfIntersectionValidator } from './self-intersection-validator.js';
import { shellClosedValidator } from './shell-closed-validator.js';
import { watertightValidator } from './watertight-validator.js';

export { createGeometryContext, type GeometryContext, type GeometryOptions } from './geometry-context.js';
export { shellClosedValidator } from './shell-closed-validator.js';
export { manifoldValidator } from './manifold-validator.js';
export { orientationValidator } from './orientation-validator.js';
export { outwardOrientationValidator } from './outward-orientation-validator.js';
export { degenerateFaceValidator } from './degenerate-face-validator.js';
export { degenerateEdgeValidator } from './degenerate-edge-validator.js';
export { eulerValidator, shellGenus } from './euler-validator.js';
export { watertightValidator } from './watertight-validator.js';
export { selfIntersectionValidator } from './self-intersection-validator.js';
export { partSizeValidator, createPartSizeValidator, PLAUSIBLE_PART_SIZE_MM, type PartSizeOptions } from './part-size-validator.js';

/** The geometry stage's validators, in order (cheap topology first, the BVH search, then the size's plausibility). */
export const defaultGeometryValidators: readonly Validator<GeometryContext>[] = [
  shellClosedValidator,
  manifoldValidator,
  orientationValidator,
  outwardOrientationValidator,
  degenerateFaceValidator,
  degenerateEdgeValidator,
  eulerValidator,
  watertightValidator,
  selfIntersectionValidator,
  partSizeValidator,
];
