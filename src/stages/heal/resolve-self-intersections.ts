import type { WorkMesh } from './healing-types.js';
import { buildEdgeTopology, compactTriangles, edgeComponents } from './mesh-topology.js';
import { selfIntersectionPairs } from './self-intersections.js';

/** @internal Result of {@link resolveSelfIntersections}. */
export interface ResolveResult {
  pairsFound: number;
  /** Origin indices of triangles removed as parts of small open intersecting components. */
  componentTriangles: number[];
  components: number;
  /** Origin indices of triangles removed because they intersect a triangle of their own component. */
  triangles: number[];
  /** Pairs left alone (closed bodies intersecting, or over the removal budget). */
  unresolved: number;
}

/**
 * Resolve self-intersections:
 * - a pair across components where the smaller component is open (has boundary edges) — a sliver
 *   or stray patch — removes that whole component;
 * - a pair inside one component removes both triangles; the hole filler re-fills the gap.
 * Closed components crossing each other are only reported; so is everything when the removals
 * would exceed `maxFraction` of the triangles.
 * @internal
 */
export function resolveSelfIntersections(w: WorkMesh, maxFraction: number): ResolveResult {
  const idx = w.indices;
  const n = idx.length / 3;
  const pairs = selfIntersectionPairs(w.positions, idx);
  const res: ResolveResult = { pairsFound: pairs.length / 2, componentTriangles: [], components: 0, triangles: [], unresolved: 0 };
  if (pairs.length === 0) return res;
  const topo = buildEdgeTopology(idx);
  const { component, count } = edgeComponents(n, topo);
  const size = new Int32Array(count);
  const open = new Uint8Array(count);
  for (let t = 0; t < n; t++) size[component[t]]++;
  for (let e = 0; e < topo.edgeCount; e++) if (topo.edgeUses[e] === 1) open[component[topo.edgeTri0[e]]] = 1;
  const dropComp = new Uint8Array(count);
  const dropTri = new Uint8Array(n);
  for (let i = 0; i < pairs.length; i += 2) {
    const t = pairs[i], u = pairs[i + 1];
    const ct = component[t], cu = component[u];
    if (ct !== cu) {
      const small = size[ct] < size[cu] || (size[ct] === size[cu] && ct > cu) ? ct : cu;
      if (open[small]) dropComp[small] = 1;
      else res.unresolved++;
    } else {
      dropTri[t] = 1;
      dropTri[u] = 1;
    }
  }
  let removeCount = 0;
  for (let t = 0; t < n; t++) if (dropComp[component[t]] || dropTri[t]) removeCount++;
  if (removeCount > maxFraction * n) {
    res.unresolved = res.pairsFound;
    return res;
  }
  const keep = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    if (dropComp[component[t]]) res.componentTriangles.push(w.origin[t]);
    else if (dropTri[t]) res.triangles.push(w.origin[t]);
    else keep[t] = 1;
  }
  for (let c = 0; c < count; c++) if (dropComp[c]) res.components++;
  w.indices = compactTriangles(idx, keep);
  const origin = new Int32Array(w.indices.length / 3);
  let j = 0;
  for (let t = 0; t < n; t++) if (keep[t]) origin[j++] = w.origin[t];
  w.origin = origin;
  return res;
}
