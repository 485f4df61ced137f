import type { Part, Vec3 } from '../../model/index.js';
import { projectedRange } from '../../geometry/vec3.js';
import { canonicalFeatureGeometry } from './canonical-kinds.js';

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
  // The Part's shared measurer view: the same points as partBoundaryPoints(part, [i]), from each edge's points
  // computed once per Part (Tier 1's envelope and the hole measures have mostly computed them already) instead
  // of evaluating every curved edge again for each reader.
  const geometry = canonicalFeatureGeometry(part);
  const pointsOf = (i: number) => {
    let p = points.get(i);
    if (!p) points.set(i, (p = geometry.boundaryPoints([i])));
    return p;
  };
  const extent = (i: number, dir: Vec3): [number, number] => projectedRange(pointsOf(i), dir);
  return { pointsOf, extent };
}

/** The diagonal of the box of a loop's vertices (a closed circle counts its diameter: a round plate's rim). */
function loopReach(part: Readonly<Part>, edges: readonly number[]): number {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  let circle = 0;
  for (const e of edges) {
    const edge = part.edges[e];
    if (edge.start === edge.end && edge.curve.type === 'circle') circle = Math.max(circle, 2 * edge.curve.radius);
    for (const v of [edge.start, edge.end]) {
      const q = part.vertices[v].point;
      for (let k = 0; k < 3; k++) (lo[k] = Math.min(lo[k], q[k])), (hi[k] = Math.max(hi[k], q[k]));
    }
  }
  return Math.max(circle, lo[0] === Infinity ? 0 : Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]));
}

/**
 * @internal The edges of a face's outer loop: the bound reaching farthest (exporters do not always mark it outer;
 * the first of equal reach wins).
 */
export function outerLoopEdges(part: Readonly<Part>, face: number): number[] {
  let best: number[] = [], reach = -1;
  for (const b of part.faces[face].bounds) {
    const edges = b.coedges.map((c) => c.edge);
    const r = loopReach(part, edges);
    if (r > reach) (reach = r), (best = edges);
  }
  return best;
}
