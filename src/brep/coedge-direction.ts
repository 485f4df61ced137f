/**
 * @internal Which way a face's loop runs along an edge: the `forward` flag of the edge's first coedge in the
 * face's bounds (bounds in order, each bound's coedges in order), as the AAG and gAAG convexity read it.
 * Looked up in a per-face table built once, instead of walking every coedge of the face for every edge:
 * a plate with hundreds of holes has hundreds of coedges on one face and as many edges asking.
 */
import type { PartFace } from '../model/index.js';

/** Per bounds array (a face's loops, never edited once built): edge index → forward flag of its first coedge. */
const tables = new WeakMap<object, Map<number, boolean>>();

/** The `forward` flag of `edge`'s first coedge in `face`'s bounds, or undefined when the face does not use the edge. */
export function firstCoedgeForward(face: Pick<PartFace, 'bounds'>, edge: number): boolean | undefined {
  let table = tables.get(face.bounds);
  if (!table) {
    table = new Map();
    for (const b of face.bounds) for (const ce of b.coedges) if (!table.has(ce.edge)) table.set(ce.edge, ce.forward);
    tables.set(face.bounds, table);
  }
  return table.get(edge);
}
