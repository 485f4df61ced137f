import type { Validator } from '../validator.js';
import type { MeshGeometryContext } from './mesh-geometry-context.js';
import { meshValidityValidator } from './mesh-validity-validator.js';
import { partSizeValidator } from '../geometry/part-size-validator.js';

export type { MeshGeometryContext } from './mesh-geometry-context.js';
export { meshValidityValidator } from './mesh-validity-validator.js';

/** The geometry stage's validators for mesh-only input (the size check is the B-Rep stage's: an STL has no unit). */
export const defaultMeshGeometryValidators: readonly Validator<MeshGeometryContext>[] = [meshValidityValidator, partSizeValidator];
