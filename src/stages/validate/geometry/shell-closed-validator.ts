import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, shellName, stepIds } from './geometry-context.js';
import { meshEdgeStats } from './mesh-edges.js';

/**
 * Geometry: every B-Rep edge of a shell is used by exactly two faces (no free edges).
 * - `GEOM_SHELL_NOT_CLOSED` (error): a CLOSED_SHELL, or a shell of a solid, has free edges
 *   (entity ids: the free EDGE_CURVEs).
 * - `GEOM_OPEN_SHELL`: an OPEN_SHELL of a surface model. A warning when the part also has a closed
 *   shell (a solid with extra surface bodies, common in NIST/PMI files); an error when the part has
 *   no closed shell at all (surfaces only: no volume to analyse).
 */
export const shellClosedValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/shell-closed',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const out: Finding[] = [];
    const part = ctx.part;
    const edgeId = (e: number) => part.edges[e].stepId;
    const closedExists = ctx.shells.some((s) => s.mustBeClosed && [...s.edgeUses.values()].every((u) => u.forward + u.backward !== 1));
    for (const sa of ctx.shells) {
      const free = [...sa.edgeUses.values()].filter((u) => u.forward + u.backward === 1).map((u) => u.edge);
      // Without B-Rep edges (mesh-derived parts) only the mesh tells: the watertight check for
      // closed shells, the mesh boundary for open ones.
      const meshOnly = sa.edgeUses.size === 0 && sa.triangles.length > 0;
      if (meshOnly && sa.mustBeClosed) continue;
      const freeText = meshOnly ? `${meshEdgeStats(ctx, sa).boundaryEdges} boundary edge(s) in its mesh` : `${free.length} free edge(s)`;
      if (sa.mustBeClosed) {
        if (free.length > 0)
          out.push({
            code: 'GEOM_SHELL_NOT_CLOSED',
            severity: 'error',
            message: `${shellName(part, sa.shell)} is not closed: ${free.length} free edge(s) used by only one face`,
            entityIds: stepIds(free, edgeId),
            location: { shellIndex: sa.shell, edgeIndex: free[0] },
          });
      } else {
        out.push({
          code: 'GEOM_OPEN_SHELL',
          severity: closedExists ? 'warning' : 'error',
          message: `${shellName(part, sa.shell)} is an open surface body (${freeText})${closedExists ? '' : '; the part has no closed shell'}`,
          entityIds: stepIds(free, edgeId),
          location: { shellIndex: sa.shell },
        });
      }
    }
    return out;
  },
});
