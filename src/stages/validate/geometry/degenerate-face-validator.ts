import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, stepIds } from './geometry-context.js';
import { checkNotRun, meshCheckNotRun } from './check-not-run.js';

/**
 * Geometry: no face has (about) zero area. `GEOM_DEGENERATE_FACE` (error) for triangulated faces
 * whose area is at most tol²; `GEOM_CHECK_NOT_RUN` (error) for faces without triangles (their area is
 * unknown; the parse stage says why they have none). On a part not tessellated by choice, the exact
 * areas of the trimmed surfaces are checked instead (every face with loops); faces whose exact area could
 * not be computed get `GEOM_MESH_CHECK_NOT_RUN` (info).
 */
export const degenerateFaceValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/degenerate-face',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const limit = ctx.toleranceMm * ctx.toleranceMm;
    // Without a mesh by choice, the areas are the exact ones of the trimmed surfaces (measured on the B-Rep).
    if (ctx.withoutMesh) {
      const unknown = new Set(ctx.withoutMesh.unmeasuredFaces);
      const zero = ctx.part.faces.filter((f) => f.bounds.length > 0 && !unknown.has(f.index) && !(f.area > limit)).map((f) => f.index);
      const notRun = unknown.size > 0 ? [{ ...meshCheckNotRun(ctx, `zero-area check of ${unknown.size} face(s) whose exact area could not be computed`), entityIds: stepIds(unknown, (f) => ctx.part.faces[f].stepId) }] : [];
      return [...notRun, ...degenerate(ctx, zero, limit)];
    }
    const bad = ctx.part.faces.filter((f) => f.triangles && f.triangles.count > 0 && !(f.area > limit)).map((f) => f.index);
    const untriangulated = ctx.part.faces.filter((f) => !f.triangles || f.triangles.count === 0).map((f) => f.index);
    const out: Finding[] = untriangulated.length > 0 ? [checkNotRun(ctx.part, 'zero-area check', 'part', untriangulated, { faceIndex: untriangulated[0] })] : [];
    return [...out, ...degenerate(ctx, bad, limit)];
  },
});

/** `GEOM_DEGENERATE_FACE` for the given faces, if any. */
function degenerate(ctx: Readonly<GeometryContext>, bad: number[], limit: number): Finding[] {
  if (bad.length === 0) return [];
  return [
    {
      code: 'GEOM_DEGENERATE_FACE',
      severity: 'error',
      message: `${bad.length} face(s) with zero area (≤ ${limit.toExponential(1)} mm²)`,
      entityIds: stepIds(bad, (f) => ctx.part.faces[f].stepId),
      location: { faceIndex: bad[0] },
    },
  ];
}
