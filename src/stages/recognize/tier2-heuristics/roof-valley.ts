/**
 * The two halves of a two-sided step's roof (or of any V a cut leaves: a V slot, a triangular passage's corner) fold
 * concavely: each lies in front of the other's plane. A later cut that takes the roof's ridge leaves the halves with no
 * edge between them, each with convex edges only, and where the halves meet at a few degrees the graph calls their
 * edge smooth — in both cases the fold is still there to read from the two planes (session 25).
 * @internal
 */
import { dot3 } from '../../../geometry/vec3.js';
import type { GraphFace } from './feature-graph.js';

/** Two normals this close (|cos|) are one direction or opposed: no fold between them. */
const PARALLEL_COS = 0.9995;

/**
 * Whether planes `a` and `b` fold concavely: each face's centroid lies in front of the other's plane (along its outward
 * normal), and their normals are neither parallel nor opposed (two walls facing across a gap are no fold).
 */
export function foldsConcavely(a: GraphFace, b: GraphFace): boolean {
  if (a.kind !== 'plane' || b.kind !== 'plane' || !a.normal || !b.normal || Math.abs(dot3(a.normal, b.normal)) > PARALLEL_COS) return false;
  const ahead = (p: GraphFace, q: GraphFace) => dot3(p.normal!, [q.centroid[0] - p.origin[0], q.centroid[1] - p.origin[1], q.centroid[2] - p.origin[2]]) > 0;
  return ahead(a, b) && ahead(b, a);
}

/** Whether some face of `faces` that `accept` lets in folds concavely with `face` (the other half of its V). */
export function hasFoldPartner(faces: readonly GraphFace[], face: GraphFace, accept: (other: GraphFace) => boolean): boolean {
  return faces.some((o) => o.index !== face.index && accept(o) && foldsConcavely(face, o));
}
