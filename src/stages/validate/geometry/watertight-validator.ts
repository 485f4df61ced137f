import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, shellName } from './geometry-context.js';
import { checkNotRun, meshCheckNotRun } from './check-not-run.js';
import { meshEdgeStats } from './mesh-edges.js';

/**
 * Geometry: the welded tessellation of every closed shell is watertight — each welded edge is
 * shared by exactly two triangles.
 * - `GEOM_MESH_NOT_WATERTIGHT` (error): welded edges used by one triangle (cracks/holes).
 * - `GEOM_MESH_NON_MANIFOLD` (error): welded edges used by more than two triangles.
 * - `GEOM_CHECK_NOT_RUN` (error): some faces have no triangles (see the parse stage), so the check could not run.
 * - `GEOM_MESH_CHECK_NOT_RUN` (info): the part was not tessellated.
 */
export const watertightValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/watertight-mesh',
  stage: 'geometry',
  needsMesh: true,
  validate(ctx): Finding[] {
    if (ctx.withoutMesh) return [meshCheckNotRun(ctx, 'watertight-mesh check')];
    const out: Finding[] = [];
    const part = ctx.part;
    for (const sa of ctx.shells) {
      if (!sa.mustBeClosed) continue;
      const name = shellName(part, sa.shell);
      if (sa.facesWithoutTriangles.length > 0) {
        out.push(checkNotRun(part, 'watertight-mesh check', name, sa.facesWithoutTriangles, { shellIndex: sa.shell }));
        continue;
      }
      if (sa.triangles.length === 0) continue; // a shell without faces: nothing to check
      const m = meshEdgeStats(ctx, sa);
      if (m.boundaryEdges > 0) {
        const p = ctx.weldedPositions;
        const v = m.firstBoundaryVertex;
        out.push({
          code: 'GEOM_MESH_NOT_WATERTIGHT',
          severity: 'error',
          message: `${name}: welded mesh has ${m.boundaryEdges} boundary edge(s) (weld tolerance ${ctx.options.weldToleranceMm.toExponential(1)} mm)`,
          location: { shellIndex: sa.shell, point: [p[3 * v], p[3 * v + 1], p[3 * v + 2]] },
        });
      }
      if (m.nonManifoldEdges > 0)
        out.push({
          code: 'GEOM_MESH_NON_MANIFOLD',
          severity: 'error',
          message: `${name}: ${m.nonManifoldEdges} welded edge(s) shared by more than two triangles`,
          location: { shellIndex: sa.shell },
        });
    }
    return out;
  },
});
