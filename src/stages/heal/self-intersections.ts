import { findSelfIntersections as findPairs } from '../../geometry/bvh-self-intersection.js';

/**
 * @internal
 * Intersecting (or touching) triangle pairs `[t, u, …]`, not sharing a vertex, via the shared
 * three-mesh-bvh detector (`src/geometry/bvh-self-intersection.ts`), uncapped.
 */
export function selfIntersectionPairs(positions: Float64Array, indices: Uint32Array): Uint32Array {
  return findPairs(positions, indices, { maxPairs: Number.MAX_SAFE_INTEGER }).pairs;
}
