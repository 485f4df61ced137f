import type { Validator } from '../validator.js';
import type { MeshGeometryContext } from './mesh-geometry-context.js';
import { meshValidityValidator } from './mesh-validity-validator.js';

export type { MeshGeometryContext } from './mesh-geometry-context.js';
export { meshValidityValidator } from './mesh-validity-validator.js';

/** The geometry stage's validators for mesh-only input. */
export const defaultMeshGeometryValidators: readonly Validator<MeshGeometryContext>[] = [meshValidityValidator];
