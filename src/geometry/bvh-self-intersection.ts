import { bvhDeps } from './bvh-deps.js';
import { trianglesIntersect } from './triangle-intersection.js';

/** Options of {@link findSelfIntersections}. */
export interface SelfIntersectionOptions {
  /** Stop after this many intersecting pairs (the result says `truncated`). @defaultValue 1000 */
  maxPairs?: number;
  /** Passed to {@link trianglesIntersect}. @defaultValue 1e-9 */
  epsilonMm?: number;
  /** Passed to {@link trianglesIntersect}: 0 counts touching, > 0 only interpenetration deeper than this. @defaultValue 0 */
  minPenetrationMm?: number;
  /** Checked between leaf pairs; on abort the search stops and the result says `aborted`. */
  signal?: AbortSignal;
}

/** The result of {@link findSelfIntersections}. */
export interface SelfIntersectionResult {
  /** Intersecting triangle pairs `[t, u, t, u, …]` with `t < u` (triangle indices of the input). */
  pairs: Uint32Array;
  /** Number of pairs found (= `pairs.length / 2`). */
  count: number;
  /** True when `maxPairs` was reached before the search finished. */
  truncated: boolean;
  aborted: boolean;
  /** Triangle pairs that reached the exact test (for benchmarks). */
  candidatePairs: number;
}

/**
 * Find pairs of triangles of one mesh that intersect or touch, ignoring pairs that share a vertex
 * index (neighbours in a welded mesh). Pass welded indices: a mesh whose faces are separate vertex
 * sets would report every shared edge.
 *
 * Uses three-mesh-bvh: a `MeshBVH` (indirect, so `indices` is never reordered) over a Float32 copy
 * of the positions, traversed against itself with `bvhcast`; every candidate pair is then tested in
 * double precision on the caller's Float64 positions with {@link trianglesIntersect}. Float32 box
 * rounding is monotonic, so boxes of pairs that touch in double precision still overlap.
 *
 * @example
 * ```ts
 * const { count } = findSelfIntersections(welded.positions, weldedIndices);
 * ```
 */
export function findSelfIntersections(
  positions: Float64Array,
  indices: Uint32Array,
  options: SelfIntersectionOptions = {},
): SelfIntersectionResult {
  const maxPairs = options.maxPairs ?? 1000;
  const eps = options.epsilonMm ?? 1e-9;
  const minPen = options.minPenetrationMm ?? 0;
  const triCount = Math.floor(indices.length / 3);
  const empty = (aborted = false): SelfIntersectionResult => ({
    pairs: new Uint32Array(0),
    count: 0,
    truncated: false,
    aborted,
    candidatePairs: 0,
  });
  if (triCount < 2) return empty();
  if (options.signal?.aborted) return empty(true);

  // Per-triangle double-precision boxes for a cheap pre-test.
  const box = new Float64Array(triCount * 6);
  for (let t = 0; t < triCount; t++) {
    for (let k = 0; k < 3; k++) {
      let lo = Infinity, hi = -Infinity;
      for (let c = 0; c < 3; c++) {
        const v = positions[3 * indices[3 * t + c] + k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      box[6 * t + k] = lo - eps;
      box[6 * t + 3 + k] = hi + eps;
    }
  }

  const { BufferAttribute, BufferGeometry, Matrix4, MeshBVH } = bvhDeps.get();
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(positions), 3));
  geometry.setIndex(new BufferAttribute(indices, 1));
  const bvh = new MeshBVH(geometry, { indirect: true, verbose: false, targetLeafSize: 8 });

  const out: number[] = [];
  let truncated = false;
  let aborted = false;
  let candidates = 0;
  let leafPairs = 0;
  const resolve = (i: number): number => bvh.resolveTriangleIndex(i);

  bvh.bvhcast(bvh, new Matrix4(), {
    intersectsRanges(offset1: number, count1: number, offset2: number, count2: number): boolean {
      if ((++leafPairs & 1023) === 0 && options.signal?.aborted) {
        aborted = true;
        return true;
      }
      for (let i = offset1; i < offset1 + count1; i++) {
        const t = resolve(i);
        const ta = indices[3 * t], tb = indices[3 * t + 1], tc = indices[3 * t + 2];
        for (let j = offset2; j < offset2 + count2; j++) {
          const u = resolve(j);
          // Each unordered pair is met once as (t<u): leaf pairs are visited in both orders.
          if (u <= t) continue;
          if (
            box[6 * t] > box[6 * u + 3] || box[6 * u] > box[6 * t + 3] ||
            box[6 * t + 1] > box[6 * u + 4] || box[6 * u + 1] > box[6 * t + 4] ||
            box[6 * t + 2] > box[6 * u + 5] || box[6 * u + 2] > box[6 * t + 5]
          )
            continue;
          const ua = indices[3 * u], ub = indices[3 * u + 1], uc = indices[3 * u + 2];
          if (ua === ta || ua === tb || ua === tc || ub === ta || ub === tb || ub === tc || uc === ta || uc === tb || uc === tc)
            continue;
          candidates++;
          if (trianglesIntersect(positions, ta, tb, tc, ua, ub, uc, eps, minPen)) {
            out.push(t, u);
            if (out.length / 2 >= maxPairs) {
              truncated = true;
              return true;
            }
          }
        }
      }
      return false;
    },
  });
  geometry.dispose();
  return { pairs: Uint32Array.from(out), count: out.length / 2, truncated, aborted, candidatePairs: candidates };
}

/** Brute-force O(n²) reference for {@link findSelfIntersections} (tests and benchmarks). @internal */
export function findSelfIntersectionsBruteForce(positions: Float64Array, indices: Uint32Array, epsilonMm = 1e-9, minPenetrationMm = 0): Uint32Array {
  const n = Math.floor(indices.length / 3);
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    const ta = indices[3 * t], tb = indices[3 * t + 1], tc = indices[3 * t + 2];
    for (let u = t + 1; u < n; u++) {
      const ua = indices[3 * u], ub = indices[3 * u + 1], uc = indices[3 * u + 2];
      if (ua === ta || ua === tb || ua === tc || ub === ta || ub === tb || ub === tc || uc === ta || uc === tb || uc === tc)
        continue;
      if (trianglesIntersect(positions, ta, tb, tc, ua, ub, uc, epsilonMm, minPenetrationMm)) out.push(t, u);
    }
  }
  return Uint32Array.from(out);
}
