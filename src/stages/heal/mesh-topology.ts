import { mixHash2 } from '../../geometry/weld.js';
/**
 * Edge topology of an indexed triangle mesh: one record per undirected edge, built with an
 * open-addressing hash in linear time. Half-edge `t*3+k` runs from corner k to corner (k+1)%3.
 * @internal
 */
export interface EdgeTopology {
  edgeCount: number;
  /** Lower / higher vertex index of each edge. */
  edgeV0: Uint32Array;
  edgeV1: Uint32Array;
  /** How many triangles use each edge. */
  edgeUses: Uint32Array;
  /** First and second triangle using each edge (-1 when none). */
  edgeTri0: Int32Array;
  edgeTri1: Int32Array;
  /** Edge id of each half-edge. */
  halfEdgeEdge: Int32Array;
}

/** @internal */
export function buildEdgeTopology(indices: Uint32Array): EdgeTopology {
  const halfCount = indices.length;
  const triCount = halfCount / 3;
  let cap = 1;
  while (cap < halfCount * 1.5 + 16) cap <<= 1;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const maxEdges = halfCount;
  const edgeV0 = new Uint32Array(maxEdges);
  const edgeV1 = new Uint32Array(maxEdges);
  const edgeUses = new Uint32Array(maxEdges);
  const edgeTri0 = new Int32Array(maxEdges).fill(-1);
  const edgeTri1 = new Int32Array(maxEdges).fill(-1);
  const halfEdgeEdge = new Int32Array(halfCount);
  let edgeCount = 0;
  for (let t = 0; t < triCount; t++) {
    for (let k = 0; k < 3; k++) {
      const a = indices[t * 3 + k];
      const b = indices[t * 3 + (k === 2 ? 0 : k + 1)];
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      let slot = mix2(lo, hi) & mask;
      let e: number;
      for (;;) {
        e = table[slot];
        if (e === -1) {
          e = edgeCount++;
          table[slot] = e;
          edgeV0[e] = lo;
          edgeV1[e] = hi;
          break;
        }
        if (edgeV0[e] === lo && edgeV1[e] === hi) break;
        slot = (slot + 1) & mask;
      }
      halfEdgeEdge[t * 3 + k] = e;
      const uses = edgeUses[e]++;
      if (uses === 0) edgeTri0[e] = t;
      else if (uses === 1) edgeTri1[e] = t;
    }
  }
  return {
    edgeCount,
    edgeV0: edgeV0.subarray(0, edgeCount),
    edgeV1: edgeV1.subarray(0, edgeCount),
    edgeUses: edgeUses.subarray(0, edgeCount),
    edgeTri0: edgeTri0.subarray(0, edgeCount),
    edgeTri1: edgeTri1.subarray(0, edgeCount),
    halfEdgeEdge,
  };
}

/** The shared 32-bit int-pair hash (src/geometry/weld.ts). @internal */
export const mix2 = mixHash2;

/**
 * @internal True when triangle t runs v0 → v1 (independent of `halfEdgeEdge`, so it stays right
 * after triangles were flipped).
 */
export function edgeForward(indices: Uint32Array, t: number, v0: number, v1: number): boolean {
  const a = indices[t * 3], b = indices[t * 3 + 1], c = indices[t * 3 + 2];
  return (a === v0 && b === v1) || (b === v0 && c === v1) || (c === v0 && a === v1);
}

/** @internal The corner (0..2) of triangle t whose half-edge is edge e, or -1. */
export function cornerOfEdge(topo: EdgeTopology, t: number, e: number): number {
  const h = t * 3;
  if (topo.halfEdgeEdge[h] === e) return 0;
  if (topo.halfEdgeEdge[h + 1] === e) return 1;
  if (topo.halfEdgeEdge[h + 2] === e) return 2;
  return -1;
}

/**
 * @internal
 * True when two triangles sharing edge e traverse it in opposite directions (consistent
 * orientation).
 */
export function edgeConsistent(indices: Uint32Array, topo: EdgeTopology, e: number): boolean {
  const t0 = topo.edgeTri0[e];
  const t1 = topo.edgeTri1[e];
  const k0 = cornerOfEdge(topo, t0, e);
  const k1 = cornerOfEdge(topo, t1, e);
  const a0 = indices[t0 * 3 + k0];
  const a1 = indices[t1 * 3 + k1];
  return a0 !== a1;
}

/**
 * @internal
 * Connected components over edges used by exactly two triangles (union-find).
 * Returns the component id per triangle (0..count-1, in order of first triangle).
 */
export function edgeComponents(triCount: number, topo: EdgeTopology): { component: Int32Array; count: number } {
  const parent = new Int32Array(triCount);
  for (let i = 0; i < triCount; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < topo.edgeCount; e++) {
    if (topo.edgeUses[e] < 2) continue;
    const a = find(topo.edgeTri0[e]);
    const b = find(topo.edgeTri1[e]);
    if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
  }
  const component = new Int32Array(triCount).fill(-1);
  const idOf = new Int32Array(triCount).fill(-1);
  let count = 0;
  for (let t = 0; t < triCount; t++) {
    const r = find(t);
    if (idOf[r] === -1) idOf[r] = count++;
    component[t] = idOf[r];
  }
  return { component, count };
}

/** @internal Signed volume (mm³) of the triangles, per component when `component` is given. */
export function signedVolumes(positions: Float64Array, indices: Uint32Array, component?: Int32Array, count = 1): Float64Array {
  const out = new Float64Array(count);
  const n = indices.length / 3;
  for (let t = 0; t < n; t++) {
    const a = indices[t * 3] * 3;
    const b = indices[t * 3 + 1] * 3;
    const c = indices[t * 3 + 2] * 3;
    const v =
      positions[a] * (positions[b + 1] * positions[c + 2] - positions[b + 2] * positions[c + 1]) -
      positions[a + 1] * (positions[b] * positions[c + 2] - positions[b + 2] * positions[c]) +
      positions[a + 2] * (positions[b] * positions[c + 1] - positions[b + 1] * positions[c]);
    out[component ? component[t] : 0] += v / 6;
  }
  return out;
}

/** @internal Keep the triangles whose flag is 1. */
export function compactTriangles(indices: Uint32Array, keep: Uint8Array): Uint32Array {
  let k = 0;
  for (let t = 0; t < keep.length; t++) if (keep[t]) k++;
  const out = new Uint32Array(k * 3);
  let o = 0;
  for (let t = 0; t < keep.length; t++) {
    if (!keep[t]) continue;
    out[o++] = indices[t * 3];
    out[o++] = indices[t * 3 + 1];
    out[o++] = indices[t * 3 + 2];
  }
  return out;
}
