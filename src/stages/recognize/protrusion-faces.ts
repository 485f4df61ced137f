/**
 * Protrusions: material standing out of a face of the part — a boss, a rib, a foot, a pad. docs/labelling.md labels a
 * protrusion `other_feature` (nothing was removed, so it is no machining feature) and keeps the face it stands on
 * stock. The tiers know cavities only: they call a boss's walls a pocket's, its top a step floor or (on the bounding
 * box) stock. Found from shape facts on the exact B-Rep:
 * - the **base**: a planar face that reaches the part's rim (a convex edge on its outer loop: a plate or block face,
 *   not a pocket or O-ring floor, which concave walls enclose) with an **inner loop whose every edge is concave**
 *   (directly, or smooth to a concave blend: a foot fillet) — something stands on it inside its outline; the inner
 *   loops of a pocket's or hole's mouth are convex;
 * - the **protrusion**: the faces reached from that loop without crossing the base or entering a hole (inward
 *   cylinders and cones stay the tier's), all in front of the base's plane, none touching the base elsewhere (a wall
 *   that also meets the outline is part of the body, not something standing on it), at most
 *   {@link MAX_PROTRUSION_FACES} faces and with a foot no larger than {@link MAX_FOOT_SHARE} of the base;
 * - and nothing else of the part stands beyond the base's plane (holes drilled into a protrusion aside): the base is
 *   the outermost level facing its way but for what stands on it. An O-ring's core stands on the ring's floor, but
 *   the stock round the ring stands higher.
 * Faces of the region that meet another face (not the base) concavely are a cavity cut into the protrusion and are
 * left out.
 * docs/recognition.md, "Session 9 (2026-12-05): protrusions".
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { edgeConvexity } from '../../brep/aag-from-brep.js';
import { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';
import { faceBoundaryReader, outerLoopEdges } from './face-boundary-extents.js';
import { canonicalFitter, isCanonicalPlane } from './canonical-kinds.js';

/** Distance tolerance as a share of the bounding-box diagonal. */
const RELATIVE_TOLERANCE = 1e-4;
/** A protrusion has at most this many faces (a boss with its chamfers and flats; not the rest of a body). */
export const MAX_PROTRUSION_FACES = 40;
/** The protrusion's faces' area is at most this multiple of the base face's area (something on the face, not the body the face belongs to; 3 missed tall generated bosses on small faces). */
export const MAX_FOOT_SHARE = 10;

const dot = (a: Vec3, b: Readonly<ArrayLike<number>>, o = 0) => a[0] * b[o] + a[1] * b[o + 1] + a[2] * b[o + 2];

/** The protrusions of a part: 1 per face of a protrusion ({@link protrusionFaces}) and 1 per base face that one stands on whose outer loop meets every neighbour convexly (`bases`: a plate or block face — a face with a concave edge on its outline may be a step's floor). */
export interface Protrusions {
  faces: Uint8Array;
  bases: Uint8Array;
}

/** 1 per face of a protrusion standing on a base face (see the module comment), else 0. */
export function protrusionFaces(part: Readonly<Part>, graph?: FeatureGraph): Uint8Array {
  return findProtrusions(part, graph).faces;
}

/** The protrusions and the faces they stand on ({@link Protrusions}). */
export function findProtrusions(part: Readonly<Part>, graph?: FeatureGraph): Protrusions {
  const out = new Uint8Array(part.faces.length);
  const bases = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return { faces: out, bases };
  // Cheap first: a planar face with more than one loop and a concave edge on some loop other than its outer one.
  const candidates = part.faces.filter((f) => isCanonicalPlane(part, f) && f.bounds.length > 1).map((f) => f.index);
  if (candidates.length === 0) return { faces: out, bases };
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const { pointsOf } = faceBoundaryReader(part);
  const other = (e: number, f: number) => part.edges[e].faces.find((x) => x !== f);
  /** Concave from face f to its neighbour across edge e, counting a smooth edge to a concave blend as concave. */
  const kindOf = (e: number, f: number): 'convex' | 'concave' | 'other' => {
    const o = other(e, f);
    if (o === undefined) return 'other';
    const c = edgeConvexity(part, e, f, o).convexity;
    if (c === 'convex' || c === 'concave') return c;
    if (c === 'smooth' && g.faces[o].kind !== 'plane' && g.faces[o].kind !== 'other') return g.faces[o].inward ? 'concave' : 'convex';
    return 'other';
  };
  const isHole = (i: number) => isHoleWall(g.faces[i]);
  for (const b of candidates) {
    const base = g.faces[b];
    if (base.kind !== 'plane' || !base.normal) continue;
    const outer = outerLoopEdges(part, b);
    const outerKinds = outer.map((e) => kindOf(e, b));
    if (!outerKinds.includes('convex')) continue;
    const outerSet = new Set(outer);
    const n = base.normal, h0 = dot(n, base.origin);
    const found: Set<number>[] = [];
    for (const loop of part.faces[b].bounds) {
      const edges = loop.coedges.map((c) => c.edge);
      if (edges.some((e) => outerSet.has(e))) continue;
      if (!edges.every((e) => kindOf(e, b) === 'concave')) continue;
      const loopEdges = new Set(edges);
      const region = flood(part, edges.map((e) => other(e, b)!), b, isHole);
      if (region === null || region.size > MAX_PROTRUSION_FACES) continue;
      let ok = true, area = 0;
      for (const i of region) {
        area += g.faces[i].area;
        // touches the base only through this loop
        for (const l of part.faces[i].bounds) for (const c of l.coedges) if (other(c.edge, i) === b && !loopEdges.has(c.edge)) ok = false;
        const p = pointsOf(i);
        for (let k = 0; k < p.length && ok; k += 3) if (dot(n, p, k) - h0 < -tol) ok = false;
        if (!ok) break;
      }
      if (ok && area <= MAX_FOOT_SHARE * base.area) found.push(region);
    }
    if (found.length === 0) continue;
    // The base is the outermost level facing its way: nothing but its protrusions (and holes drilled into them)
    // stands beyond its plane. An O-ring's core stands on the ring's floor but the stock round the ring stands
    // higher; a boss on a step's floor has the step's upper level beyond it (left to the tiers).
    const allowed = new Set<number>();
    for (const r of found) for (const i of r) allowed.add(i);
    for (const i of [...allowed]) for (const o of neighbours(part, i)) if (isHole(o)) {
      allowed.add(o);
      for (const q of neighbours(part, o)) if (q !== b) allowed.add(q);
    }
    const beyond = (j: number) => {
      const bb = g.faces[j].bbox;
      let hi = -Infinity;
      for (const x of [bb.min[0], bb.max[0]]) for (const y of [bb.min[1], bb.max[1]]) for (const z of [bb.min[2], bb.max[2]]) hi = Math.max(hi, n[0] * x + n[1] * y + n[2] * z);
      if (hi - h0 <= tol) return false; // the box's corners bound the face's points from above
      const p = pointsOf(j);
      for (let k = 0; k < p.length; k += 3) if (dot(n, p, k) - h0 > tol) return true;
      return false;
    };
    if (g.faces.some((f) => f.index !== b && !allowed.has(f.index) && beyond(f.index))) continue;
    // A face meeting another face (not the base) at a concave edge is a cavity's — a pocket or slot cut into the
    // boss, whose rim the flood crossed — and keeps the tier's call; a boss's walls and top meet each other convexly.
    // (The faces standing on the base — a foot fillet or chamfer, the walls of an L-shaped rib — may meet each other
    // concavely.)
    const foot = new Set<number>();
    for (const e of part.faces[b].bounds.flatMap((l) => l.coedges.map((c) => c.edge))) {
      const o = other(e, b);
      if (o !== undefined) foot.add(o);
    }
    const concaveInside = (i: number) => part.faces[i].bounds.some((l) => l.coedges.some((c) => {
      const o = other(c.edge, i);
      return o !== undefined && o !== b && !(foot.has(o) || foot.has(i)) && edgeConvexity(part, c.edge, i, o).convexity === 'concave';
    }));
    for (const r of found) for (const i of r) if (!concaveInside(i)) out[i] = 1;
    if (outerKinds.every((k) => k === 'convex')) bases[b] = 1;
  }
  return { faces: out, bases };
}

/**
 * A hole's wall: an inward cylinder or cone going at least half round its axis (a hole split in two keeps halves); a
 * concave fillet along a straight foot edge is an inward cylinder too, but a quarter round.
 */
export function isHoleWall(f: Readonly<GraphFace>): boolean {
  return (f.kind === 'cylinder' || f.kind === 'cone') && f.inward && (f.spanRad ?? 2 * Math.PI) >= Math.PI - 1e-3;
}

/** The faces sharing an edge with face `i`. */
function neighbours(part: Readonly<Part>, i: number): number[] {
  const out: number[] = [];
  for (const l of part.faces[i].bounds) for (const c of l.coedges) for (const o of part.edges[c.edge].faces) if (o !== i && !out.includes(o)) out.push(o);
  return out;
}

/** The faces reached from `start` across any edge, never entering `base` or a hole face; null when it reaches more than {@link MAX_PROTRUSION_FACES}. */
function flood(part: Readonly<Part>, start: number[], base: number, isHole: (i: number) => boolean): Set<number> | null {
  const seen = new Set<number>();
  const stack = start.filter((i) => i !== base && !isHole(i));
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    if (seen.size > MAX_PROTRUSION_FACES) return null;
    for (const l of part.faces[i].bounds)
      for (const c of l.coedges)
        for (const o of part.edges[c.edge].faces) if (o !== i && o !== base && !seen.has(o) && !isHole(o)) stack.push(o);
  }
  return seen;
}
