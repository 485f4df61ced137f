import type { WorkMesh } from './healing-types.js';
import { buildEdgeTopology, edgeForward } from './mesh-topology.js';
import type { EdgeTopology } from './mesh-topology.js';

/** @internal Result of {@link fillHoles}. */
export interface FillHolesResult {
  /** Each filled loop's vertex indices (output mesh), in fill order. */
  filled: number[][];
  /** Loops left open: larger than `maxHoleEdges`, or open chains at non-manifold vertices. */
  unfilled: number[][];
  trianglesAdded: number;
}

/**
 * Fill boundary loops with at most `maxHoleEdges` edges. Loops are traced along reversed boundary
 * half-edges (so fills match their neighbours' orientation), split where they pass a vertex twice,
 * projected onto the loop's best-fit (Newell) plane and ear-clipped there.
 * @internal
 */
export function fillHoles(w: WorkMesh, maxHoleEdges: number, topology?: EdgeTopology): FillHolesResult {
  const idx = w.indices;
  const p = w.positions;
  // edge records only (not halfEdgeEdge), so a topology from before orientation flips still fits
  const topo = topology ?? buildEdgeTopology(idx);
  const vertexCount = p.length / 3;
  // hole edges: reversed boundary half-edges, bucketed by start vertex (CSR)
  const holeFrom: number[] = [];
  const holeTo: number[] = [];
  for (let e = 0; e < topo.edgeCount; e++) {
    if (topo.edgeUses[e] !== 1) continue;
    const v0 = topo.edgeV0[e], v1 = topo.edgeV1[e];
    if (edgeForward(idx, topo.edgeTri0[e], v0, v1)) {
      holeFrom.push(v1);
      holeTo.push(v0);
    } else {
      holeFrom.push(v0);
      holeTo.push(v1);
    }
  }
  const result: FillHolesResult = { filled: [], unfilled: [], trianglesAdded: 0 };
  if (holeFrom.length === 0) return result;
  const start = new Int32Array(vertexCount + 1);
  for (const v of holeFrom) start[v + 1]++;
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, vertexCount);
  const edgeAt = new Int32Array(holeFrom.length);
  for (let h = 0; h < holeFrom.length; h++) edgeAt[fill[holeFrom[h]]++] = h;
  const used = new Uint8Array(holeFrom.length);
  const nextUnused = (v: number): number => {
    for (let i = start[v]; i < start[v + 1]; i++) if (!used[edgeAt[i]]) return edgeAt[i];
    return -1;
  };
  const loops: number[][] = [];
  for (let h0 = 0; h0 < holeFrom.length; h0++) {
    if (used[h0]) continue;
    used[h0] = 1;
    const path = [holeFrom[h0]];
    const at = new Map<number, number>([[holeFrom[h0], 0]]);
    let v = holeTo[h0];
    for (;;) {
      const seen = at.get(v);
      if (seen !== undefined) {
        // closed a loop: cut it off and keep walking from v
        loops.push(path.slice(seen));
        for (let i = seen + 1; i < path.length; i++) at.delete(path[i]);
        path.length = seen + 1;
      } else {
        at.set(v, path.length);
        path.push(v);
      }
      const h = nextUnused(path[path.length - 1]);
      if (h < 0) {
        if (path.length > 1) result.unfilled.push(path.slice());
        break;
      }
      used[h] = 1;
      v = holeTo[h];
    }
  }
  const added: number[] = [];
  let existing: Map<number, number[]> | null = null;
  for (const loop of loops) {
    if (loop.length < 3 || loop.length > maxHoleEdges) {
      if (loop.length >= 3) result.unfilled.push(loop);
      continue;
    }
    if (loop.length === 3) {
      existing ??= triangleKeys(idx, vertexCount);
      if (hasTriangle(existing, vertexCount, loop[0], loop[1], loop[2])) {
        result.unfilled.push(loop);
        continue;
      }
    }
    earClip(p, loop, added);
    result.filled.push(loop);
  }
  if (added.length) {
    const out = new Uint32Array(idx.length + added.length);
    out.set(idx);
    out.set(added, idx.length);
    const origin = new Int32Array(out.length / 3).fill(-1);
    origin.set(w.origin);
    w.indices = out;
    w.origin = origin;
    result.trianglesAdded = added.length / 3;
  }
  return result;
}

function sort3(a: number, b: number, c: number): [number, number, number] {
  if (a > b) [a, b] = [b, a];
  if (b > c) [b, c] = [c, b];
  if (a > b) [a, b] = [b, a];
  return [a, b, c];
}

/** Triangles keyed by their two smallest vertices (a·V + b, exact below 2^53), listing the third. */
function triangleKeys(idx: Uint32Array, vertexCount: number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let t = 0; t < idx.length / 3; t++) {
    const [a, b, c] = sort3(idx[t * 3], idx[t * 3 + 1], idx[t * 3 + 2]);
    const k = a * vertexCount + b;
    const list = map.get(k);
    if (list) list.push(c);
    else map.set(k, [c]);
  }
  return map;
}

function hasTriangle(map: Map<number, number[]>, vertexCount: number, x: number, y: number, z: number): boolean {
  const [a, b, c] = sort3(x, y, z);
  return map.get(a * vertexCount + b)?.includes(c) ?? false;
}

/**
 * @internal
 * Ear-clip a loop in its Newell plane. Triangles keep the loop's direction (`loop[i] → loop[i+1]`).
 */
export function earClip(p: Float64Array, loop: number[], out: number[]): void {
  const m = loop.length;
  if (m === 3) {
    out.push(loop[0], loop[1], loop[2]);
    return;
  }
  // Newell normal
  let nx = 0, ny = 0, nz = 0, cx = 0, cy = 0, cz = 0;
  for (let i = 0; i < m; i++) {
    const a = loop[i] * 3, b = loop[(i + 1) % m] * 3;
    nx += (p[a + 1] - p[b + 1]) * (p[a + 2] + p[b + 2]);
    ny += (p[a + 2] - p[b + 2]) * (p[a] + p[b]);
    nz += (p[a] - p[b]) * (p[a + 1] + p[b + 1]);
    cx += p[a]; cy += p[a + 1]; cz += p[a + 2];
  }
  const nl = Math.hypot(nx, ny, nz) || 1;
  nx /= nl; ny /= nl; nz /= nl;
  // basis u, v with u × v = n
  let ux: number, uy: number, uz: number;
  if (Math.abs(nx) < 0.9) { ux = 0; uy = nz; uz = -ny; } else { ux = -nz; uy = 0; uz = nx; }
  const ul = Math.hypot(ux, uy, uz);
  ux /= ul; uy /= ul; uz /= ul;
  const vx = ny * uz - nz * uy, vy = nz * ux - nx * uz, vz = nx * uy - ny * ux;
  const xs = new Float64Array(m), ys = new Float64Array(m);
  cx /= m; cy /= m; cz /= m;
  for (let i = 0; i < m; i++) {
    const a = loop[i] * 3;
    const dx = p[a] - cx, dy = p[a + 1] - cy, dz = p[a + 2] - cz;
    xs[i] = dx * ux + dy * uy + dz * uz;
    ys[i] = dx * vx + dy * vy + dz * vz;
  }
  const ring: number[] = [];
  for (let i = 0; i < m; i++) ring.push(i);
  const cross = (a: number, b: number, c: number) => (xs[b] - xs[a]) * (ys[c] - ys[a]) - (ys[b] - ys[a]) * (xs[c] - xs[a]);
  let guard = 0;
  while (ring.length > 3 && guard++ < m * m) {
    const r = ring.length;
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < r; i++) {
      const a = ring[(i + r - 1) % r], b = ring[i], c = ring[(i + 1) % r];
      const area = cross(a, b, c);
      if (area <= 0) continue;
      let inside = false;
      for (let j = 0; j < r && !inside; j++) {
        const q = ring[j];
        if (q === a || q === b || q === c) continue;
        inside = cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0;
      }
      if (inside) continue;
      // prefer well-shaped ears: area over the squared longest side
      const l = Math.max(
        (xs[a] - xs[b]) ** 2 + (ys[a] - ys[b]) ** 2,
        (xs[b] - xs[c]) ** 2 + (ys[b] - ys[c]) ** 2,
        (xs[c] - xs[a]) ** 2 + (ys[c] - ys[a]) ** 2,
      );
      const score = area / (l || 1);
      if (score > bestScore) { bestScore = score; best = i; }
    }
    if (best < 0) {
      // no valid ear (non-simple projection): clip the most convex corner
      for (let i = 0; i < r; i++) {
        const s = cross(ring[(i + r - 1) % r], ring[i], ring[(i + 1) % r]);
        if (s > bestScore) { bestScore = s; best = i; }
      }
    }
    const a = ring[(best + r - 1) % r], b = ring[best], c = ring[(best + 1) % r];
    out.push(loop[a], loop[b], loop[c]);
    ring.splice(best, 1);
  }
  out.push(loop[ring[0]], loop[ring[1]], loop[ring[2]]);
}
