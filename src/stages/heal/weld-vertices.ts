import type { WorkMesh } from './healing-types.js';
import { weldVertices as weldGrid } from '../../geometry/weld.js';

/**
 * Weld vertices closer than `toleranceMm` and re-index the triangles (first come, first served:
 * a vertex joins the first earlier representative within tolerance — the same rule as
 * `src/geometry/weld.ts`). Unused vertices are dropped later by the healer's compaction.
 *
 * The grid itself is `src/geometry/weld.ts` (linear time on million-vertex soups); this applies it to
 * the healer's working mesh, welding only vertices that triangles use.
 * @returns the input indices of vertices merged into an earlier one.
 * @internal
 */
export function weldVertices(w: WorkMesh, toleranceMm: number): number[] {
  const n = w.positions.length / 3;
  const used = new Uint8Array(n);
  for (let i = 0; i < w.indices.length; i++) used[w.indices[i]] = 1;
  const { remap, positions, firsts } = weldGrid(w.positions, toleranceMm, { include: used });
  const merged: number[] = [];
  for (let v = 0; v < n; v++) if (used[v] && firsts[remap[v]] !== v) merged.push(v);
  const idx = w.indices;
  for (let i = 0; i < idx.length; i++) idx[i] = remap[idx[i]];
  w.positions = positions;
  return merged;
}
