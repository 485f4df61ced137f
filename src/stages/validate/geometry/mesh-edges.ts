import type { GeometryContext, ShellAnalysis } from './geometry-context.js';

/** Edge statistics of a shell's welded triangle mesh. @internal */
export interface MeshEdgeStats {
  edges: number;
  /** Edges used by one triangle. */
  boundaryEdges: number;
  /** Edges used by more than two triangles. */
  nonManifoldEdges: number;
  /** Edges used by two triangles in the same direction. */
  sameDirectionEdges: number;
  /** Triangles with two coinciding welded corners (skipped). */
  degenerateTriangles: number;
  /** A welded vertex id on a boundary edge, for locating it (-1 when none). */
  firstBoundaryVertex: number;
  /**
   * Faces whose edges to other faces mostly run in the same direction as the neighbour's:
   * the faces that are flipped relative to the rest.
   */
  flippedFaces: number[];
  /** Faces that have at least one same-direction edge to another face. */
  conflictFaces: number[];
}

const cache = new WeakMap<ShellAnalysis, MeshEdgeStats>();

/** @internal Directed-edge statistics of one shell (cached per shell). */
export function meshEdgeStats(ctx: GeometryContext, sa: ShellAnalysis): MeshEdgeStats {
  const hit = cache.get(sa);
  if (hit) return hit;
  const idx = sa.weldedIndices;
  const n = sa.triangles.length;
  const triFace = ctx.part.mesh.triangleFace;
  const M = ctx.weldedPositions.length / 3 + 1;
  const slotOf = new Map<number, number>();
  const fwd = new Uint32Array(3 * n);
  const bwd = new Uint32Array(3 * n);
  const triA = new Int32Array(3 * n).fill(-1);
  const triB = new Int32Array(3 * n).fill(-1);
  const lo = new Uint32Array(3 * n);
  let slots = 0;
  let degenerate = 0;
  for (let k = 0; k < n; k++) {
    const a = idx[3 * k], b = idx[3 * k + 1], c = idx[3 * k + 2];
    if (a === b || b === c || c === a) {
      degenerate++;
      continue;
    }
    for (let e = 0; e < 3; e++) {
      const p = e === 0 ? a : e === 1 ? b : c;
      const q = e === 0 ? b : e === 1 ? c : a;
      const key = p < q ? p * M + q : q * M + p;
      let s = slotOf.get(key);
      if (s === undefined) {
        s = slots++;
        slotOf.set(key, s);
        lo[s] = Math.min(p, q);
      }
      if (p < q) fwd[s]++;
      else bwd[s]++;
      if (triA[s] < 0) triA[s] = k;
      else if (triB[s] < 0) triB[s] = k;
    }
  }
  let boundary = 0, nonManifold = 0, same = 0, firstBoundaryVertex = -1;
  const agree = new Map<number, number>();
  const conflict = new Map<number, number>();
  const inc = (m: Map<number, number>, f: number) => m.set(f, (m.get(f) ?? 0) + 1);
  for (let s = 0; s < slots; s++) {
    const total = fwd[s] + bwd[s];
    if (total === 1) {
      boundary++;
      if (firstBoundaryVertex < 0) firstBoundaryVertex = lo[s];
      continue;
    }
    if (total > 2) {
      nonManifold++;
      continue;
    }
    const fa = triFace[sa.triangles[triA[s]]];
    const fb = triFace[sa.triangles[triB[s]]];
    const ok = fwd[s] === 1 && bwd[s] === 1;
    if (!ok) same++;
    if (fa !== fb) {
      inc(ok ? agree : conflict, fa);
      inc(ok ? agree : conflict, fb);
    }
  }
  const conflictFaces = [...conflict.keys()].sort((x, y) => x - y);
  const flippedFaces = conflictFaces.filter((f) => (conflict.get(f) ?? 0) > (agree.get(f) ?? 0));
  const stats: MeshEdgeStats = {
    edges: slots,
    boundaryEdges: boundary,
    nonManifoldEdges: nonManifold,
    sameDirectionEdges: same,
    degenerateTriangles: degenerate,
    firstBoundaryVertex,
    flippedFaces,
    conflictFaces,
  };
  cache.set(sa, stats);
  return stats;
}

/** @internal Signed volume (mm³) of a shell's welded mesh (divergence theorem, relative to its first vertex). */
export function shellSignedVolume(ctx: GeometryContext, sa: ShellAnalysis): number {
  const p = ctx.weldedPositions;
  const idx = sa.weldedIndices;
  if (idx.length === 0) return 0;
  const ox = p[3 * idx[0]], oy = p[3 * idx[0] + 1], oz = p[3 * idx[0] + 2];
  let v6 = 0;
  for (let k = 0; k < idx.length; k += 3) {
    const a = 3 * idx[k], b = 3 * idx[k + 1], c = 3 * idx[k + 2];
    const ax = p[a] - ox, ay = p[a + 1] - oy, az = p[a + 2] - oz;
    const bx = p[b] - ox, by = p[b + 1] - oy, bz = p[b + 2] - oz;
    const cx = p[c] - ox, cy = p[c + 1] - oy, cz = p[c + 2] - oz;
    v6 += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return v6 / 6;
}
