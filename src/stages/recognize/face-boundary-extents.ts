import type { Part, Vec3 } from '../../model/index.js';
import { partBoundaryPoints } from '../../features/parameters/feature-geometry.js';

/** Cached exact boundary points of single faces, and their extent along a direction. */
export interface FaceBoundaryReader {
  /** Boundary points of face `i` (xyz triples), sampled once per face. */
  pointsOf(i: number): Float64Array;
  /** [min, max] of face `i`'s boundary points along `dir`. */
  extent(i: number, dir: Vec3): [number, number];
}

/**
 * @internal A reader of face boundary points for the stock rules (base-body-stock, stock-skin), which compare
 * faces' extents and sides many times over: each face's points are computed once.
 */
export function faceBoundaryReader(part: Readonly<Part>): FaceBoundaryReader {
  const points = new Map<number, Float64Array>();
  const pointsOf = (i: number) => {
    let p = points.get(i);
    if (!p) points.set(i, (p = partBoundaryPoints(part, [i])));
    return p;
  };
  const extent = (i: number, dir: Vec3): [number, number] => {
    const p = pointsOf(i);
    let lo = Infinity, hi = -Infinity;
    for (let k = 0; k < p.length; k += 3) {
      const h = p[k] * dir[0] + p[k + 1] * dir[1] + p[k + 2] * dir[2];
      if (h < lo) lo = h;
      if (h > hi) hi = h;
    }
    return [lo, hi];
  };
  return { pointsOf, extent };
}
