/**
 * Parameter ranges of Part edges on their curves, computed once while building and reused by the AAG.
 *
 * @internal
 */
import type { Part, PartEdge } from '../model/index.js';
import { edgeParameterRange } from '../geometry/curve-eval.js';

const cache = new WeakMap<PartEdge, [number, number]>();

/** Remembers the range of `edge` (called by the builder). */
export function rememberEdgeRange(edge: PartEdge, range: [number, number]): void {
  cache.set(edge, range);
}

/**
 * The parameter range [first, last] of an edge on its curve (see `edgeParameterRange`), from the cache or
 * computed from its vertices.
 */
export function edgeRange(part: Pick<Part, 'vertices'>, edge: PartEdge): [number, number] {
  let r = cache.get(edge);
  if (!r) {
    r = edgeParameterRange(edge.curve, part.vertices[edge.start].point, part.vertices[edge.end].point, edge.sameSense, edge.start === edge.end);
    cache.set(edge, r);
  }
  return r;
}
