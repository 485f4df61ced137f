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
  // The shared detector skips pairs that share a vertex. A small open component (a sliver) hinged on
  // a mesh vertex can pierce only its neighbours there: test those pairs here, beyond the shared vertex.
  markHingedSlivers(w, component, size, open, dropComp, res);
  let removeCount = 0;
  for (let t = 0; t < n; t++) if (dropComp[component[t]] || dropTri[t]) removeCount++;
  if (removeCount === 0) return res;
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

/** Largest component treated as a possible sliver by the hinge check. */
const SLIVER_MAX_TRIANGLES = 16;

function markHingedSlivers(
  w: WorkMesh,
  component: Int32Array,
  size: Int32Array,
  open: Uint8Array,
  dropComp: Uint8Array,
  res: ResolveResult,
): void {
  const idx = w.indices;
  const p = w.positions;
  const n = idx.length / 3;
  let largest = 0;
  for (let c = 0; c < size.length; c++) if (size[c] > largest) largest = size[c];
  const small = (c: number) => open[c] === 1 && !dropComp[c] && size[c] <= SLIVER_MAX_TRIANGLES && size[c] * 100 < largest;
  const flagged = new Map<number, number[]>(); // vertex → small-component triangles using it
  for (let t = 0; t < n; t++) {
    if (!small(component[t])) continue;
    for (let k = 0; k < 3; k++) {
      const v = idx[t * 3 + k];
      const list = flagged.get(v);
      if (list) list.push(t);
      else flagged.set(v, [t]);
    }
  }
  if (flagged.size === 0) return;
  for (let u = 0; u < n; u++) {
    for (let k = 0; k < 3; k++) {
      const list = flagged.get(idx[u * 3 + k]);
      if (!list) continue;
      for (const t of list) {
        const c = component[t];
        if (c === component[u] || dropComp[c]) continue;
        if (sharedCount(idx, t, u) !== 1) continue;
        if (hingedPairIntersects(p, idx, t, u)) {
          dropComp[c] = 1;
          res.pairsFound++;
        }
      }
    }
  }
}

function sharedCount(idx: Uint32Array, t: number, u: number): number {
  let c = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (idx[t * 3 + i] === idx[u * 3 + j]) c++;
  return c;
}

/** Two triangles sharing one vertex cross beyond it iff the edge opposite the shared vertex of one pierces the other. */
function hingedPairIntersects(p: Float64Array, idx: Uint32Array, t: number, u: number): boolean {
  return oppositeEdgePierces(p, idx, t, u) || oppositeEdgePierces(p, idx, u, t);
}

function oppositeEdgePierces(p: Float64Array, idx: Uint32Array, t: number, u: number): boolean {
  const tu = [idx[u * 3], idx[u * 3 + 1], idx[u * 3 + 2]];
  const opp: number[] = [];
  for (let k = 0; k < 3; k++) if (!tu.includes(idx[t * 3 + k])) opp.push(idx[t * 3 + k]);
  if (opp.length !== 2) return false;
  return segmentHitsTriangle(p, opp[0], opp[1], tu[0], tu[1], tu[2]);
}

/** Segment a–b strictly crosses the interior of triangle (c0, c1, c2) (Möller–Trumbore, relative tolerances). */
function segmentHitsTriangle(p: Float64Array, a: number, b: number, c0: number, c1: number, c2: number): boolean {
  const ox = p[a * 3], oy = p[a * 3 + 1], oz = p[a * 3 + 2];
  const dx = p[b * 3] - ox, dy = p[b * 3 + 1] - oy, dz = p[b * 3 + 2] - oz;
  const ax = p[c0 * 3], ay = p[c0 * 3 + 1], az = p[c0 * 3 + 2];
  const e1x = p[c1 * 3] - ax, e1y = p[c1 * 3 + 1] - ay, e1z = p[c1 * 3 + 2] - az;
  const e2x = p[c2 * 3] - ax, e2y = p[c2 * 3 + 1] - ay, e2z = p[c2 * 3 + 2] - az;
  const hx = dy * e2z - dz * e2y, hy = dz * e2x - dx * e2z, hz = dx * e2y - dy * e2x;
  const det = e1x * hx + e1y * hy + e1z * hz;
  const scale = Math.hypot(dx, dy, dz) * Math.hypot(e1x, e1y, e1z) * Math.hypot(e2x, e2y, e2z);
  if (!(Math.abs(det) > 1e-12 * scale)) return false;
  const sx = ox - ax, sy = oy - ay, sz = oz - az;
  const uu = (sx * hx + sy * hy + sz * hz) / det;
  if (uu <= 1e-9 || uu >= 1 - 1e-9) return false;
  const qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
  const vv = (dx * qx + dy * qy + dz * qz) / det;
  if (vv <= 1e-9 || uu + vv >= 1 - 1e-9) return false;
  const tt = (e2x * qx + e2y * qy + e2z * qz) / det;
  return tt > 1e-9 && tt < 1 - 1e-9;
}
