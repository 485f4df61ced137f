import type { WorkMesh } from './healing-types.js';
import { compactTriangles, mix2 } from './mesh-topology.js';

/**
 * Remove triangles whose vertex set equals an earlier triangle's (either orientation); the first
 * one is kept. Open-addressing hash on the sorted triple; linear time.
 * @returns origin indices of the removed triangles.
 * @internal
 */
export function removeDuplicateTriangles(w: WorkMesh): number[] {
  const dup = markDuplicateTriangles(w.indices);
  const removed: number[] = [];
  for (let t = 0; t < dup.length; t++) if (dup[t]) removed.push(w.origin[t]);
  if (removed.length === 0) return removed;
  const keep = new Uint8Array(dup.length);
  for (let t = 0; t < dup.length; t++) keep[t] = dup[t] ? 0 : 1;
  w.indices = compactTriangles(w.indices, keep);
  const origin = new Int32Array(w.indices.length / 3);
  let j = 0;
  for (let t = 0; t < keep.length; t++) if (keep[t]) origin[j++] = w.origin[t];
  w.origin = origin;
  return removed;
}

/** @internal 1 for every triangle that repeats an earlier triangle's vertex set. */
export function markDuplicateTriangles(idx: Uint32Array): Uint8Array {
  const n = idx.length / 3;
  let cap = 1;
  while (cap < n * 2 + 16) cap <<= 1;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const sorted = new Uint32Array(n * 3);
  const dup = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    let a = idx[t * 3], b = idx[t * 3 + 1], c = idx[t * 3 + 2];
    if (a > b) { const x = a; a = b; b = x; }
    if (b > c) { const x = b; b = c; c = x; }
    if (a > b) { const x = a; a = b; b = x; }
    sorted[t * 3] = a; sorted[t * 3 + 1] = b; sorted[t * 3 + 2] = c;
    let slot = mix2(mix2(a, b), c) & mask;
    for (;;) {
      const s = table[slot];
      if (s === -1) { table[slot] = t; break; }
      if (sorted[s * 3] === a && sorted[s * 3 + 1] === b && sorted[s * 3 + 2] === c) { dup[t] = 1; break; }
      slot = (slot + 1) & mask;
    }
  }
  return dup;
}
