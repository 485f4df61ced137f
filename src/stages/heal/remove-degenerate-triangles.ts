import type { WorkMesh } from './healing-types.js';

/** @internal Result of {@link removeDegenerateTriangles}. */
export interface DegenerateResult {
  /** Input (origin) indices of removed triangles (-1 for created ones). */
  removed: number[];
  /** Origin indices of neighbours split so a needle's removal leaves no gap (T-junction repair). */
  split: number[];
}

/**
 * Remove triangles with a repeated vertex, and triangles thinner than `heightMm` (a needle or cap:
 * height over the longest edge). A needle whose longest edge is shared with exactly one other
 * triangle has that neighbour split at the needle's middle vertex first, so no gap opens.
 * @internal
 */
export function removeDegenerateTriangles(w: WorkMesh, heightMm: number): DegenerateResult {
  const p = w.positions;
  let idx = w.indices;
  let origin = w.origin;
  const n = idx.length / 3;
  const remove = new Uint8Array(n);
  const needles: number[] = [];
  for (let t = 0; t < n; t++) {
    const a = idx[t * 3], b = idx[t * 3 + 1], c = idx[t * 3 + 2];
    if (a === b || b === c || a === c) {
      remove[t] = 1;
      continue;
    }
    if (triangleHeight(p, a, b, c) < heightMm) needles.push(t);
  }
  const removed: number[] = [];
  const split: number[] = [];
  const added: number[] = [];
  const addedOrigin: number[] = [];
  if (needles.length) {
    // half-edge lookup for the needles' long edges only
    const key = (u: number, v: number) => u * 4294967296 + v;
    const longEdges = new Map<number, number>();
    const needleInfo: Array<{ t: number; u: number; v: number; m: number }> = [];
    for (const t of needles) {
      const vs = [idx[t * 3], idx[t * 3 + 1], idx[t * 3 + 2]];
      let best = -1, bestLen = -1;
      for (let k = 0; k < 3; k++) {
        const u = vs[k], v = vs[(k + 1) % 3];
        const l = (p[u * 3] - p[v * 3]) ** 2 + (p[u * 3 + 1] - p[v * 3 + 1]) ** 2 + (p[u * 3 + 2] - p[v * 3 + 2]) ** 2;
        if (l > bestLen) { bestLen = l; best = k; }
      }
      const info = { t, u: vs[best], v: vs[(best + 1) % 3], m: vs[(best + 2) % 3] };
      needleInfo.push(info);
      longEdges.set(key(Math.min(info.u, info.v), Math.max(info.u, info.v)), -1);
    }
    const users = new Map<number, number[]>();
    for (let t = 0; t < n; t++) {
      for (let k = 0; k < 3; k++) {
        const u = idx[t * 3 + k], v = idx[t * 3 + ((k + 1) % 3)];
        const kk = key(Math.min(u, v), Math.max(u, v));
        if (!longEdges.has(kk)) continue;
        let list = users.get(kk);
        if (!list) users.set(kk, (list = []));
        list.push(t);
      }
    }
    const isNeedle = new Uint8Array(n);
    for (const t of needles) isNeedle[t] = 1;
    for (const { t, u, v, m } of needleInfo) {
      remove[t] = 1;
      const list = users.get(key(Math.min(u, v), Math.max(u, v)))!;
      const others = list.filter((o) => o !== t && !remove[o]);
      if (others.length !== 1 || isNeedle[others[0]]) continue;
      const o = others[0];
      // the neighbour traverses the edge a→b with third vertex c
      const ov = [idx[o * 3], idx[o * 3 + 1], idx[o * 3 + 2]];
      let k = 0;
      while (!((ov[k] === u || ov[k] === v) && (ov[(k + 1) % 3] === u || ov[(k + 1) % 3] === v))) k++;
      const a = ov[k], b = ov[(k + 1) % 3], c = ov[(k + 2) % 3];
      if (m === c) continue;
      remove[o] = 2;
      split.push(origin[o]);
      added.push(a, m, c, m, b, c);
      addedOrigin.push(origin[o], origin[o]);
    }
  }
  let kept = 0;
  for (let t = 0; t < n; t++) if (!remove[t]) kept++;
  const out = new Uint32Array((kept + addedOrigin.length) * 3);
  const outOrigin = new Int32Array(kept + addedOrigin.length);
  let j = 0;
  for (let t = 0; t < n; t++) {
    if (remove[t]) {
      if (remove[t] === 1) removed.push(origin[t]);
      continue;
    }
    out[j * 3] = idx[t * 3];
    out[j * 3 + 1] = idx[t * 3 + 1];
    out[j * 3 + 2] = idx[t * 3 + 2];
    outOrigin[j++] = origin[t];
  }
  for (let i = 0; i < addedOrigin.length; i++) {
    out[j * 3] = added[i * 3];
    out[j * 3 + 1] = added[i * 3 + 1];
    out[j * 3 + 2] = added[i * 3 + 2];
    outOrigin[j++] = addedOrigin[i];
  }
  idx = out;
  origin = outOrigin;
  w.indices = idx;
  w.origin = origin;
  return { removed, split };
}

/** @internal Twice the area divided by the longest edge: the triangle's smallest height. */
export function triangleHeight(p: Float64Array, a: number, b: number, c: number): number {
  const ax = p[a * 3], ay = p[a * 3 + 1], az = p[a * 3 + 2];
  const ux = p[b * 3] - ax, uy = p[b * 3 + 1] - ay, uz = p[b * 3 + 2] - az;
  const vx = p[c * 3] - ax, vy = p[c * 3 + 1] - ay, vz = p[c * 3 + 2] - az;
  const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
  const area2 = Math.hypot(cx, cy, cz);
  const l0 = ux * ux + uy * uy + uz * uz;
  const l1 = vx * vx + vy * vy + vz * vz;
  const wx = vx - ux, wy = vy - uy, wz = vz - uz;
  const l2 = wx * wx + wy * wy + wz * wz;
  const longest = Math.sqrt(Math.max(l0, l1, l2));
  return longest === 0 ? 0 : area2 / longest;
}
