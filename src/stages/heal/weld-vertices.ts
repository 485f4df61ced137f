import { weldVertices as weldPositions } from '../../geometry/weld.js';
import type { WorkMesh } from './healing-types.js';

/**
 * Weld vertices closer than `toleranceMm` with the shared spatial-hash welder
 * (`src/geometry/weld.ts`: first come, first served, 27 cells probed) and re-index the triangles.
 * Unused vertices are dropped later by the healer's compaction.
 * @returns the input indices of vertices merged into an earlier one.
 * @internal
 */
export function weldVertices(w: WorkMesh, toleranceMm: number): number[] {
  const { remap, positions } = weldPositions(w.positions, toleranceMm);
  const merged: number[] = [];
  let nextNew = 0;
  for (let v = 0; v < remap.length; v++) {
    if (remap[v] === nextNew) nextNew++;
    else merged.push(v);
  }
  const idx = w.indices;
  for (let i = 0; i < idx.length; i++) idx[i] = remap[idx[i]];
  w.positions = positions;
  return merged;
}
