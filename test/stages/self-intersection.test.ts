import { describe, expect, it } from 'vitest';
import { findSelfIntersections, findSelfIntersectionsBruteForce } from '../../src/geometry/bvh-self-intersection.js';
import { trianglesIntersect } from '../../src/geometry/triangle-intersection.js';
import { mulberry32 } from './helpers.js';

function pairsSet(p: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.length; i += 2) out.push(`${p[i]}-${p[i + 1]}`);
  return out.sort();
}

/** A random soup: `vertexCount` points, `triCount` triangles on random distinct vertices (many share vertices). */
function randomMesh(seed: number, vertexCount: number, triCount: number, opts: { flat?: boolean; grid?: number } = {}) {
  const rnd = mulberry32(seed);
  const positions = new Float64Array(vertexCount * 3);
  for (let i = 0; i < vertexCount * 3; i++) {
    let v = rnd() * 10;
    if (opts.grid) v = Math.round(v * opts.grid) / opts.grid;
    positions[i] = opts.flat && i % 3 === 2 ? 0 : v;
  }
  const indices = new Uint32Array(triCount * 3);
  for (let t = 0; t < triCount; t++) {
    // A small triangle: a random vertex and two others near it in index order (so neighbours are local).
    const a = Math.floor(rnd() * vertexCount);
    let b = Math.floor(rnd() * vertexCount);
    let c = Math.floor(rnd() * vertexCount);
    while (b === a) b = (b + 1) % vertexCount;
    while (c === a || c === b) c = (c + 1) % vertexCount;
    indices.set([a, b, c], 3 * t);
  }
  // Shrink triangles towards their first vertex so the soup is not a dense hairball.
  const shrunk = new Float64Array(triCount * 9);
  const idx = new Uint32Array(triCount * 3);
  const shared = new Map<number, number>();
  let nv = 0;
  const s = 0.15;
  for (let t = 0; t < triCount; t++) {
    const a = indices[3 * t];
    for (let k = 0; k < 3; k++) {
      const v = indices[3 * t + k];
      if (k === 0 && shared.has(v)) {
        idx[3 * t] = shared.get(v)!;
        continue;
      }
      for (let d = 0; d < 3; d++) {
        const pa = positions[3 * a + d];
        shrunk[3 * nv + d] = k === 0 ? pa : pa + (positions[3 * v + d] - pa) * s;
      }
      if (k === 0) shared.set(v, nv);
      idx[3 * t + k] = nv++;
    }
  }
  return { positions: shrunk.slice(0, nv * 3), indices: idx };
}

describe('trianglesIntersect', () => {
  const P = new Float64Array([
    0, 0, 0, 2, 0, 0, 0, 2, 0, // 0-2: triangle in z=0
    0.5, 0.5, -1, 0.5, 0.5, 1, 1.5, 0.5, 1, // 3-5: pierces it
    0, 0, 1, 2, 0, 1, 0, 2, 1, // 6-8: parallel at z=1
    0.5, 0.5, 0, 3, 0.5, 0, 0.5, 3, 0, // 9-11: coplanar, overlapping
    3, 3, 0, 4, 3, 0, 3, 4, 0, // 12-14: coplanar, apart
    1, 1, 0, 1, 1, 1, 2, 2, 1, // 15-17: touches the hypotenuse at (1,1,0) with a vertex
  ]);
  it('piercing triangles intersect', () => expect(trianglesIntersect(P, 0, 1, 2, 3, 4, 5)).toBe(true));
  it('parallel planes do not', () => expect(trianglesIntersect(P, 0, 1, 2, 6, 7, 8)).toBe(false));
  it('coplanar overlapping triangles intersect', () => expect(trianglesIntersect(P, 0, 1, 2, 9, 10, 11)).toBe(true));
  it('coplanar disjoint triangles do not', () => expect(trianglesIntersect(P, 0, 1, 2, 12, 13, 14)).toBe(false));
  it('a vertex touching an edge counts', () => expect(trianglesIntersect(P, 0, 1, 2, 15, 16, 17)).toBe(true));
  it('is symmetric', () => {
    expect(trianglesIntersect(P, 3, 4, 5, 0, 1, 2)).toBe(true);
    expect(trianglesIntersect(P, 15, 16, 17, 0, 1, 2)).toBe(true);
    expect(trianglesIntersect(P, 12, 13, 14, 0, 1, 2)).toBe(false);
  });
  it('with minPenetrationMm > 0 only interpenetration counts', () => {
    expect(trianglesIntersect(P, 0, 1, 2, 3, 4, 5, 1e-9, 1e-6)).toBe(true); // pierces by 0.5+
    expect(trianglesIntersect(P, 0, 1, 2, 15, 16, 17, 1e-9, 1e-6)).toBe(false); // touches with a vertex
    expect(trianglesIntersect(P, 0, 1, 2, 9, 10, 11, 1e-9, 1e-6)).toBe(true); // coplanar, interiors overlap
    expect(trianglesIntersect(P, 0, 1, 2, 0, 1, 2, 1e-9, 1e-6)).toBe(true); // a duplicated triangle
    const Q = new Float64Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]); // two coplanar triangles sharing an edge (unshared vertices)
    expect(trianglesIntersect(Q, 0, 1, 2, 3, 4, 5)).toBe(true);
    expect(trianglesIntersect(Q, 0, 1, 2, 3, 4, 5, 1e-9, 1e-6)).toBe(false);
    expect(trianglesIntersect(P, 0, 1, 2, 3, 4, 5, 1e-9, 0.6)).toBe(false); // shallower than required
  });
  it('degenerate triangles never intersect', () => expect(trianglesIntersect(P, 0, 0, 2, 3, 4, 5)).toBe(false));
});

describe('findSelfIntersections (three-mesh-bvh) agrees with the O(n²) oracle', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`random soup, seed ${seed}`, () => {
      const { positions, indices } = randomMesh(seed, 120, 400);
      const fast = findSelfIntersections(positions, indices, { maxPairs: 1e9 });
      const slow = findSelfIntersectionsBruteForce(positions, indices);
      expect(slow.length).toBeGreaterThan(0);
      expect(pairsSet(fast.pairs)).toEqual(pairsSet(slow));
    });
  }
  for (const seed of [11, 12, 13]) {
    it(`coplanar soup on a grid (touching contacts), seed ${seed}`, () => {
      const { positions, indices } = randomMesh(seed, 80, 250, { flat: true, grid: 4 });
      const fast = findSelfIntersections(positions, indices, { maxPairs: 1e9 });
      const slow = findSelfIntersectionsBruteForce(positions, indices);
      expect(pairsSet(fast.pairs)).toEqual(pairsSet(slow));
    });
  }
  for (const seed of [21, 22, 23]) {
    it(`random soup with minPenetrationMm 0.05, seed ${seed}`, () => {
      const { positions, indices } = randomMesh(seed, 120, 400);
      const fast = findSelfIntersections(positions, indices, { maxPairs: 1e9, minPenetrationMm: 0.05 });
      const slow = findSelfIntersectionsBruteForce(positions, indices, 1e-9, 0.05);
      expect(slow.length).toBeGreaterThan(0);
      expect(pairsSet(fast.pairs)).toEqual(pairsSet(slow));
    });
  }
  it('stops at maxPairs and says so', () => {
    const { positions, indices } = randomMesh(1, 120, 400);
    const r = findSelfIntersections(positions, indices, { maxPairs: 3 });
    expect(r.count).toBe(3);
    expect(r.truncated).toBe(true);
  });
  it('an aborted signal stops the search', () => {
    const { positions, indices } = randomMesh(1, 120, 400);
    const r = findSelfIntersections(positions, indices, { signal: AbortSignal.abort() });
    expect(r.aborted).toBe(true);
  });
});
