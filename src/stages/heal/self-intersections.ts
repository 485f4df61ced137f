import { buildTriangleBvh, queryBox } from './triangle-bvh.js';
import { trianglesIntersect } from './triangle-intersection.js';

/** Options of {@link findSelfIntersections}. */
export interface SelfIntersectionOptions {
  /**
   * Distance (mm) under which triangles only touch. Defaults to 1e-9 × the bounding-box diagonal.
   */
  epsMm?: number;
  /** Stop after this many pairs. @defaultValue Infinity */
  maxPairs?: number;
}

/**
 * Find pairs of triangles that intersect, excluding pairs that share a vertex (adjacent triangles).
 * Broad phase: a triangle BVH; narrow phase: interval overlap on the planes' intersection line
 * (coplanar overlap is tested in 2-D). O(n log n) for well-spread meshes.
 *
 * Returns a flat array `[t0, u0, t1, u1, …]` with `t < u`, sorted.
 * @example
 * ```ts
 * const pairs = findSelfIntersections(mesh.positions, mesh.indices);
 * const count = pairs.length / 2;
 * ```
 */
export function findSelfIntersections(positions: Float64Array, indices: Uint32Array, options: SelfIntersectionOptions = {}): Uint32Array {
  const n = indices.length / 3;
  if (n < 2) return new Uint32Array(0);
  const bvh = buildTriangleBvh(positions, indices);
  const eps = options.epsMm ?? 1e-9 * diagonal(bvh.bounds);
  const maxPairs = options.maxPairs ?? Infinity;
  const stack = new Int32Array(512);
  const out: number[] = [];
  let t = 0;
  let ta = 0, tb = 0, tc = 0;
  const visit = (u: number) => {
    if (u <= t || out.length >= maxPairs * 2) return;
    const ua = indices[u * 3], ub = indices[u * 3 + 1], uc = indices[u * 3 + 2];
    if (ua === ta || ua === tb || ua === tc || ub === ta || ub === tb || ub === tc || uc === ta || uc === tb || uc === tc) return;
    if (trianglesIntersect(positions, ta * 3, tb * 3, tc * 3, ua * 3, ub * 3, uc * 3, eps)) out.push(t, u);
  };
  for (t = 0; t < n && out.length < maxPairs * 2; t++) {
    ta = indices[t * 3];
    tb = indices[t * 3 + 1];
    tc = indices[t * 3 + 2];
    if (ta === tb || tb === tc || ta === tc) continue;
    queryBox(bvh, bvh.triBounds, t * 6, stack, visit);
  }
  const keys = new Float64Array(out.length / 2);
  for (let i = 0; i < keys.length; i++) keys[i] = out[i * 2] * n + out[i * 2 + 1];
  keys.sort();
  const pairs = new Uint32Array(out.length);
  for (let i = 0; i < keys.length; i++) {
    pairs[i * 2] = Math.floor(keys[i] / n);
    pairs[i * 2 + 1] = keys[i] - pairs[i * 2] * n;
  }
  return pairs;
}

function diagonal(bounds: Float64Array): number {
  const d = Math.hypot(bounds[3] - bounds[0], bounds[4] - bounds[1], bounds[5] - bounds[2]);
  return Number.isFinite(d) && d > 0 ? d : 1;
}
