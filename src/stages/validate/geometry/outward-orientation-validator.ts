import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, shellName } from './geometry-context.js';
import { meshEdgeStats, shellSignedVolume } from './mesh-edges.js';
import { checkNotRun, meshCheckNotRun } from './check-not-run.js';

/**
 * Geometry: a closed shell's normals point outward — its mesh encloses a positive signed volume
 * (a void shell of a BREP_WITH_VOIDS, negative). Checked on watertight shells only.
 * - `GEOM_INVERTED_SHELL` (error): the signed volume has the wrong sign (inside-out shell).
 * - `GEOM_ZERO_VOLUME` (warning): the volume is about zero (|V| ≤ tol × area).
 * - `GEOM_CHECK_NOT_RUN` (error): some faces of the shell have no triangles, so its volume is unknown.
 * - `GEOM_MESH_CHECK_NOT_RUN` (info): the part was not tessellated (the volume is measured on the mesh).
 */
export const outwardOrientationValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/outward-orientation',
  stage: 'geometry',
  needsMesh: true,
  validate(ctx): Finding[] {
    if (ctx.withoutMesh) return [meshCheckNotRun(ctx, 'outward-orientation check (signed volume)')];
    const out: Finding[] = [];
    for (const sa of ctx.shells) {
      if (!sa.mustBeClosed) continue;
      if (sa.facesWithoutTriangles.length > 0) {
        out.push(checkNotRun(ctx.part, 'outward-orientation check', shellName(ctx.part, sa.shell), sa.facesWithoutTriangles, { shellIndex: sa.shell }));
        continue;
      }
      if (sa.triangles.length === 0) continue;
      const m = meshEdgeStats(ctx, sa);
      if (m.boundaryEdges > 0 || m.nonManifoldEdges > 0 || m.sameDirectionEdges > 0) continue;
      const v = shellSignedVolume(ctx, sa);
      let area = 0;
      for (const fi of ctx.part.shells[sa.shell].faces) area += ctx.part.faces[fi].area;
      const name = shellName(ctx.part, sa.shell);
      if (Math.abs(v) <= ctx.toleranceMm * Math.max(area, 1e-30)) {
        out.push({ code: 'GEOM_ZERO_VOLUME', severity: 'warning', message: `${name} encloses no volume (${v.toExponential(3)} mm³)`, location: { shellIndex: sa.shell } });
        continue;
      }
      if (sa.isVoid ? v > 0 : v < 0)
        out.push({
          code: 'GEOM_INVERTED_SHELL',
          severity: 'error',
          message: `${name} is inside out: signed volume ${v.toPrecision(6)} mm³ (${sa.isVoid ? 'a void shell must be negative' : 'must be positive'})`,
          ...(ctx.part.shells[sa.shell].stepId !== null ? { entityIds: [ctx.part.shells[sa.shell].stepId!] } : {}),
          location: { shellIndex: sa.shell },
        });
    }
    return out;
  },
});
