import type { WorkMesh } from './healing-types.js';

/**
 * Weld vertices closer than `toleranceMm` (a uniform hash grid with cell = tolerance, 27 cells
 * probed per vertex; the first vertex of a cluster represents it), drop unused vertices and
 * re-index. Linear time.
 * @returns the input indices of vertices merged into another one.
 * @internal
 */
export function weldVertices(w: WorkMesh, toleranceMm: number): number[] {
  const p = w.positions;
  const n = p.length / 3;
  const tol = toleranceMm > 0 ? toleranceMm : 0;
  const tol2 = tol * tol;
  const inv = tol > 0 ? 1 / tol : 0;
  let cap = 1;
  while (cap < n * 2 + 16) cap <<= 1;
  const mask = cap - 1;
  // cell table: slot -> head representative (linked through `next`)
  const cellKeyX = new Float64Array(cap);
  const cellKeyY = new Float64Array(cap);
  const cellKeyZ = new Float64Array(cap);
  const cellHead = new Int32Array(cap).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const remap = new Int32Array(n);
  const used = new Uint8Array(n);
  for (let i = 0; i < w.indices.length; i++) used[w.indices[i]] = 1;
  const merged: number[] = [];
  const slotOf = (cx: number, cy: number, cz: number, insert: boolean): number => {
    let h = Math.imul(hashInt(cx), 0x9e3779b1) ^ Math.imul(hashInt(cy), 0x85ebca77) ^ Math.imul(hashInt(cz), 0xc2b2ae3d);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      if (cellHead[slot] === -1) {
        if (!insert) return -1;
        cellKeyX[slot] = cx;
        cellKeyY[slot] = cy;
        cellKeyZ[slot] = cz;
        return slot;
      }
      if (cellKeyX[slot] === cx && cellKeyY[slot] === cy && cellKeyZ[slot] === cz) return slot;
      slot = (slot + 1) & mask;
    }
  };
  let out = 0;
  const newIndexOfRep = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    if (!used[v]) {
      remap[v] = -1;
      continue;
    }
    const x = p[v * 3], y = p[v * 3 + 1], z = p[v * 3 + 2];
    const cx = Math.floor(x * inv), cy = Math.floor(y * inv), cz = Math.floor(z * inv);
    let found = -1;
    if (tol > 0) {
      search: for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (let dz = -1; dz <= 1; dz++) {
            const s = slotOf(cx + dx, cy + dy, cz + dz, false);
            if (s < 0) continue;
            for (let r = cellHead[s]; r !== -1; r = next[r]) {
              const ex = p[r * 3] - x, ey = p[r * 3 + 1] - y, ez = p[r * 3 + 2] - z;
              if (ex * ex + ey * ey + ez * ez <= tol2) {
                found = r;
                break search;
              }
            }
          }
    } else {
      const s = slotOf(x, y, z, false);
      if (s >= 0) found = cellHead[s];
    }
    if (found >= 0) {
      remap[v] = newIndexOfRep[found];
      merged.push(v);
    } else {
      const s = tol > 0 ? slotOf(cx, cy, cz, true) : slotOf(x, y, z, true);
      next[v] = cellHead[s];
      cellHead[s] = v;
      newIndexOfRep[v] = out;
      remap[v] = out++;
    }
  }
  const positions = new Float64Array(out * 3);
  for (let v = 0; v < n; v++) {
    const o = newIndexOfRep[v];
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

function hashInt(v: number): number {
  // cell coordinates may exceed 32 bits for tiny tolerances: fold the high part in
  const hi = Math.floor(v / 4294967296);
  return (v - hi * 4294967296) ^ Math.imul(hi, 0x27d4eb2d);
}
