import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, stepIds } from './geometry-context.js';
import { checkNotRun } from './check-not-run.js';

/**
 * Geometry: no face has (about) zero area. `GEOM_DEGENERATE_FACE` (error) for triangulated faces
 * whose area is at most tol²; `GEOM_CHECK_NOT_RUN` (error) for faces without triangles (their area is
 * unknown; the parse stage says why they have none).
 */
export const degenerateFaceValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/degenerate-face',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const limit = ctx.toleranceMm * ctx.toleranceMm;
    const bad = ctx.part.faces.filter((f) => f.triangles && f.triangles.count > 0 && !(f.area > limit)).map((f) => f.index);
    const untriangulated = ctx.part.faces.filter((f) => !f.triangles || f.triangles.count === 0).map((f) => f.index);
    const out: Finding[] = untriangulated.length > 0 ? [checkNotRun(ctx.part, 'zero-area check', 'part', untriangulated, { faceIndex: untriangulated[0] })] : [];
    if (bad.length === 0) return out;
    return [
      ...out,
      {
        code: 'GEOM_DEGENERATE_FACE',
        severity: 'error',
        message: `${bad.length} face(s) with zero area (≤ ${limit.toExponential(1)} mm²)`,
        entityIds: stepIds(bad, (f) => ctx.part.faces[f].stepId),
        location: { faceIndex: bad[0] },
      },
    ];
  },
});
