import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import type { MeshGeometryContext } from './mesh-geometry-context.js';

/**
 * Geometry validity of a plain mesh, from its measured counts: watertight (no boundary edges),
 * manifold edges and vertices, consistent orientation, outward (positive volume), no degenerate or
 * duplicate triangles, no self-intersections. The same finding codes as the B-Rep geometry stage
 * where the meaning is the same.
 */
export const meshValidityValidator = defineValidator<MeshGeometryContext>({
  id: 'cadlens/geometry/mesh-validity',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const m = ctx.findings;
    const after = ctx.healed ? ' after healing' : '';
    const out: Finding[] = [];
    const err = (code: string, message: string) => out.push({ code, severity: 'error', message: `${message}${after}` });
    const warn = (code: string, message: string) => out.push({ code, severity: 'warning', message: `${message}${after}` });
    if (m.triangles === 0) err('GEOM_MESH_EMPTY', 'the mesh has no triangles');
    if (m.boundaryEdges > 0) err('GEOM_MESH_NOT_WATERTIGHT', `${m.boundaryEdges} boundary edge(s): the mesh is not closed`);
    if (m.nonManifoldEdges > 0) err('GEOM_MESH_NON_MANIFOLD', `${m.nonManifoldEdges} edge(s) shared by three or more triangles`);
    if (m.nonManifoldVertices > 0) warn('GEOM_NON_MANIFOLD_VERTEX', `${m.nonManifoldVertices} non-manifold vertex/vertices`);
    if (m.inconsistentEdges > 0) err('GEOM_INCONSISTENT_ORIENTATION', `${m.inconsistentEdges} edge(s) traversed the same way by both triangles`);
    if (m.watertight && m.consistentlyOriented && m.signedVolumeMm3 <= 0)
      err('GEOM_INVERTED_SHELL', `signed volume ${m.signedVolumeMm3.toPrecision(4)} mm³: normals point inward`);
    if (m.degenerateTriangles > 0) warn('GEOM_DEGENERATE_TRIANGLES', `${m.degenerateTriangles} degenerate triangle(s)`);
    if (m.duplicateTriangles > 0) warn('GEOM_DUPLICATE_TRIANGLES', `${m.duplicateTriangles} duplicate triangle(s)`);
    if (m.selfIntersectingPairs !== null && m.selfIntersectingPairs > 0)
      err('GEOM_SELF_INTERSECTION', `${m.selfIntersectingPairs} self-intersecting triangle pair(s)`);
    return out;
  },
});
