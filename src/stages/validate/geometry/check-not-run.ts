import type { Finding, FindingLocation } from '../finding.js';
import type { Part } from '../../../model/index.js';
import { stepIds, type GeometryContext } from './geometry-context.js';

/**
 * @internal `GEOM_CHECK_NOT_RUN` (error): `check` could not run on `scope` because `faces` have no
 * triangles (unmapped faces; the parse stage says why). An error, so that a geometry stage whose checks
 * did not all run does not pass; the quality score weighs it as a warning (docs/validation.md).
 */
export function checkNotRun(part: Part, check: string, scope: string, faces: readonly number[], location?: FindingLocation): Finding {
  return {
    code: 'GEOM_CHECK_NOT_RUN',
    severity: 'error',
    message: `${scope}: ${check} not run, ${faces.length} face(s) have no triangles (unmapped: see the parse stage)`,
    entityIds: stepIds(faces, (f) => part.faces[f].stepId),
    ...(location ? { location } : {}),
  };
}

/**
 * @internal `GEOM_MESH_CHECK_NOT_RUN` (info), once per mesh-only check, when the analysis did not
 * tessellate by choice (`mesh: 'never'`, or `'auto'` with nothing that needs the mesh): the check did not
 * run — it did not pass either. Info, because the caller chose it; the quality score then covers the
 * checks that ran (docs/validation.md), and the quality stage says so (`QUALITY_PARTIAL`).
 */
export function meshCheckNotRun(ctx: Readonly<GeometryContext>, check: string): Finding {
  return {
    code: 'GEOM_MESH_CHECK_NOT_RUN',
    severity: 'info',
    message: `${check} not run: the part was not tessellated (${ctx.withoutMesh?.reason ?? 'no mesh'})`,
  };
}
