import type { WorkMesh } from './healing-types.js';
import { buildEdgeTopology, cornerOfEdge, edgeComponents, edgeForward, signedVolumes } from './mesh-topology.js';
import type { EdgeTopology } from './mesh-topology.js';

/** @internal Result of {@link orientConsistently}. */
export interface OrientResult {
  /** Origin indices of flipped triangles. */
  flipped: number[];
  /** Edges whose two triangles still disagree (non-orientable surface). */
  conflicts: number[];
  /**
   * The topology used. Edge records (vertices, uses, triangles) stay valid after the flips;
   * `halfEdgeEdge` does not for flipped triangles.
   */
  topo: EdgeTopology;
}

/**
 * Make orientation consistent across every two-triangle edge: BFS over edge adjacency assigns each
 * triangle a parity; in each component the smaller parity class is flipped (so one flipped
 * triangle costs one flip, whichever triangle the search starts from).
 * @internal
 */
export function orientConsistently(w: WorkMesh): OrientResult {
  const idx = w.indices;
  const n = idx.length / 3;
  const topo = buildEdgeTopology(idx);
  const parity = new Int8Array(n).fill(-1);
  const queue = new Int32Array(n);
  const flipped: number[] = [];
  const conflicts: number[] = [];
  const members: number[] = [];
  for (let seed = 0; seed < n; seed++) {
    if (parity[seed] !== -1) continue;
    parity[seed] = 0;
    let head = 0, tail = 0;
    queue[tail++] = seed;
    members.length = 0;
    let ones = 0;
    while (head < tail) {
      const t = queue[head++];
      members.push(t);
      if (parity[t] === 1) ones++;
      for (let k = 0; k < 3; k++) {
        const e = topo.halfEdgeEdge[t * 3 + k];
        if (topo.edgeUses[e] !== 2) continue;
        const o = topo.edgeTri0[e] === t ? topo.edgeTri1[e] : topo.edgeTri0[e];
        if (o === t) continue;
        const ko = cornerOfEdge(topo, o, e);
        // same start vertex on the shared edge → same direction → orientations differ
        const same = idx[t * 3 + k] === idx[o * 3 + ko];
        const want = (parity[t] ^ (same ? 1 : 0)) as 0 | 1;
        if (parity[o] === -1) {
          parity[o] = want;
          queue[tail++] = o;
        }
      }
    }
    const flipValue = ones * 2 > members.length ? 0 : 1;
    for (const t of members) {
      if (parity[t] === flipValue) {
        flipTriangle(idx, t);
        flipped.push(w.origin[t]);
      }
    }
  }
  for (let e = 0; e < topo.edgeCount; e++) {
    if (topo.edgeUses[e] !== 2) continue;
    const v0 = topo.edgeV0[e], v1 = topo.edgeV1[e];
    if (edgeForward(idx, topo.edgeTri0[e], v0, v1) === edgeForward(idx, topo.edgeTri1[e], v0, v1)) conflicts.push(e);
  }
  return { flipped, conflicts, topo };
}

/**
 * Flip every edge-connected component whose signed volume is negative, so closed shells face
 * outward. (A component nested inside another — a void — is flipped to face outward too; voids are
 * not detected.)
 * @returns the component ids flipped and the number of triangles flipped.
 * @internal
 */
export function orientOutward(w: WorkMesh, topology?: EdgeTopology): { components: number[]; triangles: number } {
  const idx = w.indices;
  const n = idx.length / 3;
  // only edge uses and edge triangles are read: a topology from before vertex splits still fits
  const topo = topology ?? buildEdgeTopology(idx);
  const { component, count } = edgeComponents(n, topo);
  const vol = signedVolumes(w.positions, idx, component, count);
  const flipComp: number[] = [];
  for (let c = 0; c < count; c++) if (vol[c] < 0) flipComp.push(c);
  if (flipComp.length === 0) return { components: [], triangles: 0 };
  const flip = new Uint8Array(count);
  for (const c of flipComp) flip[c] = 1;
  let triangles = 0;
  for (let t = 0; t < n; t++) {
    if (!flip[component[t]]) continue;
    flipTriangle(idx, t);
    triangles++;
  }
  return { components: flipComp, triangles };
}

/** @internal */
export function flipTriangle(idx: Uint32Array, t: number): void {
  const b = idx[t * 3 + 1];
  idx[t * 3 + 1] = idx[t * 3 + 2];
  idx[t * 3 + 2] = b;
}
