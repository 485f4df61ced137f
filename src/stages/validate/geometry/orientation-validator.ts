import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, shellName, stepIds } from './geometry-context.js';
import { meshEdgeStats } from './mesh-edges.js';
import { checkNotRun, meshCheckNotRun } from './check-not-run.js';

/**
 * Geometry: faces of a shell are consistently oriented.
 * - `GEOM_INCONSISTENT_ORIENTATION` (error): a B-Rep edge used twice in the same direction (after
 *   ORIENTED_FACE/shell flips), i.e. two neighbouring faces disagree about the shell's outside.
 * - `GEOM_FACE_FLIPPED` (error): in the tessellation, a face's triangles run along most of its
 *   boundary in the same direction as the neighbouring faces' — the face's normal points the wrong
 *   way (e.g. `same_sense` flipped without reversing its loops). Entity ids: those faces.
 * - `GEOM_CHECK_NOT_RUN` (error): faces without triangles, whose mesh orientation could not be checked.
 * - `GEOM_MESH_CHECK_NOT_RUN` (info): the part was not tessellated; only the B-Rep edge senses were checked.
 */
export const orientationValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/orientation',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const out: Finding[] = [];
    const part = ctx.part;
    for (const sa of ctx.shells) {
      const same = [...sa.edgeUses.values()].filter((u) => u.forward + u.backward === 2 && u.forward !== 1).map((u) => u.edge);
      if (same.length > 0)
        out.push({
          code: 'GEOM_INCONSISTENT_ORIENTATION',
          severity: 'error',
          message: `${shellName(part, sa.shell)}: ${same.length} edge(s) traversed in the same direction by both of their faces`,
          entityIds: stepIds(same, (e) => part.edges[e].stepId),
          location: { shellIndex: sa.shell, edgeIndex: same[0] },
        });
      if (ctx.withoutMesh) continue;
      if (sa.facesWithoutTriangles.length > 0)
        out.push(checkNotRun(part, 'mesh-orientation check (GEOM_FACE_FLIPPED)', shellName(part, sa.shell), sa.facesWithoutTriangles, { shellIndex: sa.shell }));
      if (sa.triangles.length === 0) continue;
      const m = meshEdgeStats(ctx, sa);
      if (m.flippedFaces.length > 0 || m.sameDirectionEdges > 0) {
        const faces = m.flippedFaces.length > 0 ? m.flippedFaces : m.conflictFaces;
        out.push({
          code: 'GEOM_FACE_FLIPPED',
          severity: 'error',
          message:
            m.flippedFaces.length > 0
              ? `${shellName(part, sa.shell)}: ${m.flippedFaces.length} face(s) whose triangles are oriented against their neighbours`
              : `${shellName(part, sa.shell)}: ${m.sameDirectionEdges} mesh edge(s) where neighbouring triangles disagree in orientation`,
          entityIds: stepIds(faces, (f) => part.faces[f].stepId),
          ...(faces.length > 0 ? { location: { shellIndex: sa.shell, faceIndex: faces[0] } } : {}),
        });
      }
    }
    if (ctx.withoutMesh) out.push(meshCheckNotRun(ctx, 'mesh-orientation check (GEOM_FACE_FLIPPED)'));
    return out;
  },
});
