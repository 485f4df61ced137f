import type { StepFile } from '../formats/step/index.js';

/**
 * The entity types that carry coordinates in a STEP file: every point of a shape (vertices, placements, control
 * points, `POLY_LOOP` corners) is a `CARTESIAN_POINT`, and tessellated geometry (AP242) keeps its points in a
 * `COORDINATES_LIST`.
 */
const COORDINATE_TYPES = ['CARTESIAN_POINT', 'COORDINATES_LIST'] as const;

/**
 * Whether a STEP file holds any coordinates at all (keywords only: nothing is decoded). A file without one has no
 * shape OpenCascade could mesh, however it reads the rest: 11 MB of `#n=FOO(#m)` entities kept its import busy for
 * 11 s to return `success: false` (session 24), so the analysis does not ask it.
 * @internal
 */
export function stepHoldsCoordinates(step: StepFile): boolean {
  return COORDINATE_TYPES.some((type) => step.idsOfType(type).length > 0);
}
