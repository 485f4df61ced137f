import { createSeededRandom as createRng } from '../../src/geometry/seeded-random.js';
import {
  AAGNET_EDGE_ATTR_DIM,
  AAGNET_FACE_ATTR_DIM,
  AAGNET_GRID_STRIDE,
  allocateAagnetInputs,
  type AagnetInputs,
} from '../../src/inference/index.js';

export { createSeededRandom as createRng } from '../../src/geometry/seeded-random.js';

/**
 * A random gAAG-shaped graph: N faces with one-hot surface types, areas and centroids, grids with
 * unit normals and a 0/1 inner mask, and ~edgesPerFace·N directed edges (both directions of
 * distinct random pairs, no self loops).
 */
export function randomAagnetGraph(faceCount: number, edgesPerFace: number, seed: number): AagnetInputs {
  const rnd = createRng(seed);
  const pairs = new Set<number>();
  const wantPairs = Math.min(Math.floor((faceCount * edgesPerFace) / 2), (faceCount * (faceCount - 1)) / 2);
  while (pairs.size < wantPairs) {
    const a = Math.floor(rnd() * faceCount);
    const b = Math.floor(rnd() * faceCount);
    if (a !== b) pairs.add(Math.min(a, b) * faceCount + Math.max(a, b));
  }
  const e = 2 * pairs.size;
  const g = allocateAagnetInputs(faceCount, e);
  for (let f = 0; f < faceCount; f++) {
    const a = f * AAGNET_FACE_ATTR_DIM;
    g.faceAttr[a + (rnd() < 0.85 ? 0 : 1)] = 1;
    g.faceAttr[a + 5] = rnd() * 2;
    for (let d = 0; d < 3; d++) g.faceAttr[a + 7 + d] = rnd() * 2 - 1;
    const base = f * AAGNET_GRID_STRIDE;
    for (let i = 0; i < 75; i++) g.faceGrid[base + i] = rnd() * 2 - 1;
    for (let i = 0; i < 25; i++) {
      const x = rnd() - 0.5;
      const y = rnd() - 0.5;
      const z = rnd() - 0.5;
      const len = Math.hypot(x, y, z) || 1;
      g.faceGrid[base + 75 + i] = x / len;
      g.faceGrid[base + 100 + i] = y / len;
      g.faceGrid[base + 125 + i] = z / len;
    }
    for (let u = 1; u < 4; u++) for (let v = 1; v < 4; v++) g.faceGrid[base + 150 + u * 5 + v] = rnd() < 0.85 ? 1 : 0;
  }
  let k = 0;
  for (const key of pairs) {
    const a = Math.floor(key / faceCount);
    const b = key % faceCount;
    const convex = rnd() < 0.7 ? 1 : 0;
    const length = rnd();
    for (const [s, d] of [
      [a, b],
      [b, a],
    ]) {
      g.edgeIndex[k] = BigInt(s);
      g.edgeIndex[e + k] = BigInt(d);
      const o = k * AAGNET_EDGE_ATTR_DIM;
      g.edgeAttr[o + convex] = 1; // same attributes in both directions
      g.edgeAttr[o + 3] = length;
      g.edgeAttr[o + 9] = 1;
      k++;
    }
  }
  return g;
}
