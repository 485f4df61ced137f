import type { WorkMesh } from './healing-types.js';
import { mix2 } from './mesh-topology.js';

/**
 * Weld vertices closer than `toleranceMm` and re-index the triangles (first come, first served:
 * a vertex joins the first earlier representative within tolerance — the same rule as
 * `src/geometry/weld.ts`). Unused vertices are dropped later by the healer's compaction.
 *
 * Why not `geometry/weld.ts`: healing runs on soups of millions of vertices, where that welder's
 * `Map` with 27 probes per vertex was super-linear in the healing benchmark (5.4 s of 10.5 s at
 * 256k triangles). Here cells are 2 × tolerance, so a vertex probes only the 1–8 cells its
 * tolerance ball touches, in an open-addressing table sized once: linear time, no per-vertex
 * allocation.
 * @returns the input indices of vertices merged into an earlier one.
 * @internal
 */
export function weldVertices(w: WorkMesh, toleranceMm: number): number[] {
  const p = w.positions;
  const n = p.length / 3;
  const tol = toleranceMm > 0 && Number.isFinite(toleranceMm) ? toleranceMm : 0;
  const tol2 = tol * tol;
  const inv = tol > 0 ? 1 / (2 * tol) : 0;
  let cap = 1;
  while (cap < n * 2 + 16) cap <<= 1;
  const mask = cap - 1;
  const keyX = new Float64Array(cap);
  const keyY = new Float64Array(cap);
  const keyZ = new Float64Array(cap);
  const head = new Int32Array(cap).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const newIndex = new Int32Array(n).fill(-1);
  const remap = new Int32Array(n);
  const merged: number[] = [];
  const used = new Uint8Array(n);
  for (let i = 0; i < w.indices.length; i++) used[w.indices[i]] = 1;
  const hash = (cx: number, cy: number, cz: number) => mix2(mix2(cx | 0, cy | 0) ^ Math.floor(cx / 4294967296), (cz | 0) ^ Math.imul(Math.floor(cy / 4294967296), 31)) & mask;
  const find = (cx: number, cy: number, cz: number): number => {
    let slot = hash(cx, cy, cz);
    for (;;) {
      if (head[slot] === -1) return -1 - slot;
      if (keyX[slot] === cx && keyY[slot] === cy && keyZ[slot] === cz) return slot;
      slot = (slot + 1) & mask;
    }
  };
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (!used[v]) continue;
    const x = p[v * 3], y = p[v * 3 + 1], z = p[v * 3 + 2];
    let found = -1;
    if (tol > 0) {
      const x0 = Math.floor((x - tol) * inv), x1 = Math.floor((x + tol) * inv);
      const y0 = Math.floor((y - tol) * inv), y1 = Math.floor((y + tol) * inv);
      const z0 = Math.floor((z - tol) * inv), z1 = Math.floor((z + tol) * inv);
      search: for (let cx = x0; cx <= x1; cx++)
        for (let cy = y0; cy <= y1; cy++)
          for (let cz = z0; cz <= z1; cz++) {
            const s = find(cx, cy, cz);
            if (s < 0) continue;
            for (let r = head[s]; r !== -1; r = next[r]) {
              const ex = p[r * 3] - x, ey = p[r * 3 + 1] - y, ez = p[r * 3 + 2] - z;
              if (ex * ex + ey * ey + ez * ez <= tol2) {
                found = r;
                break search;
              }
            }
          }
    } else {
      const s = find(x, y, z);
      if (s >= 0) found = head[s];
    }
    if (found >= 0) {
      remap[v] = newIndex[found];
      merged.push(v);
      continue;
    }
    const cx = tol > 0 ? Math.floor(x * inv) : x, cy = tol > 0 ? Math.floor(y * inv) : y, cz = tol > 0 ? Math.floor(z * inv) : z;
    let s = find(cx, cy, cz);
    if (s < 0) {
      s = -1 - s;
      keyX[s] = cx;
      keyY[s] = cy;
      keyZ[s] = cz;
    }
    next[v] = head[s];
    head[s] = v;
    newIndex[v] = count;
    remap[v] = count++;
  }
  const positions = new Float64Array(count * 3);
  for (let v = 0; v < n; v++) {
    const o = newIndex[v];
    if (o < 0) continue;
    positions[o * 3] = p[v * 3];
    positions[o * 3 + 1] = p[v * 3 + 1];
    positions[o * 3 + 2] = p[v * 3 + 2];
  }
  const idx = w.indices;
  for (let i = 0; i < idx.length; i++) idx[i] = remap[idx[i]];
  w.positions = positions;
  return merged;
}
