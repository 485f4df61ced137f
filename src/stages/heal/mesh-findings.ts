import type { MeshFindings } from './healing-types.js';
import { buildEdgeTopology, cornerOfEdge, edgeComponents, signedVolumes } from './mesh-topology.js';
import type { EdgeTopology } from './mesh-topology.js';
import { findNonManifoldVertices } from './split-non-manifold-vertices.js';
import { markDuplicateTriangles } from './remove-duplicate-triangles.js';
import { triangleHeight } from './remove-degenerate-triangles.js';
import { selfIntersectionPairs } from './self-intersections.js';

/**
 * Count a mesh's defects: open, non-manifold and inconsistently oriented edges, non-manifold
 * vertices, degenerate and duplicate triangles, self-intersections, components, signed volume.
 * @param options.degenerateHeightMm triangles thinner than this count as degenerate.
 * @example
 * ```ts
 * const f = measureMesh(mesh.positions, mesh.indices);
 * if (!f.watertight) console.log(f.boundaryEdges, 'open edges');
 * ```
 */
export function measureMesh(
  positions: Float64Array,
  indices: Uint32Array,
  options: { selfIntersections?: boolean; degenerateHeightMm?: number; /** @internal a fresh topology of exactly this mesh */ topology?: EdgeTopology } = {},
): MeshFindings {
  const n = indices.length / 3;
  const topo = options.topology ?? buildEdgeTopology(indices);
  let boundary = 0, nonManifold = 0, inconsistent = 0;
  for (let e = 0; e < topo.edgeCount; e++) {
    const u = topo.edgeUses[e];
    if (u === 1) boundary++;
    else if (u > 2) nonManifold++;
    else if (u === 2) {
      const t0 = topo.edgeTri0[e], t1 = topo.edgeTri1[e];
      if (indices[t0 * 3 + cornerOfEdge(topo, t0, e)] === indices[t1 * 3 + cornerOfEdge(topo, t1, e)]) inconsistent++;
    }
  }
  const h = options.degenerateHeightMm ?? 0;
  let degenerate = 0;
  for (let t = 0; t < n; t++) {
    const a = indices[t * 3], b = indices[t * 3 + 1], c = indices[t * 3 + 2];
    if (a === b || b === c || a === c || triangleHeight(positions, a, b, c) <= h) degenerate++;
  }
  let duplicates = 0;
  const dup = markDuplicateTriangles(indices);
  for (let t = 0; t < n; t++) duplicates += dup[t];
  const { count } = edgeComponents(n, topo);
  const watertight = boundary === 0 && nonManifold === 0 && n > 0;
  return {
    triangles: n,
    vertices: positions.length / 3,
    boundaryEdges: boundary,
    nonManifoldEdges: nonManifold,
    nonManifoldVertices: findNonManifoldVertices(indices, positions.length / 3, topo).length,
    inconsistentEdges: inconsistent,
    degenerateTriangles: degenerate,
    duplicateTriangles: duplicates,
    selfIntersectingPairs: options.selfIntersections === false ? null : selfIntersectionPairs(positions, indices).length / 2,
    components: count,
    watertight,
    consistentlyOriented: watertight && inconsistent === 0,
    signedVolumeMm3: signedVolumes(positions, indices)[0],
  };
}
