/**
 * Facts about how a face sits on the part's outer skin, read from the exact B-Rep (boundary points, the face
 * graph; never the tessellation, so the answer is the same with and without a mesh): whether a planar face
 * lies on a supporting plane of the part, how its edges meet its neighbours (convex, concave, through a
 * blend), and the nearest opposed planar face in front of it (across a cut) and behind it (across material:
 * a thin wall's other skin). docs/recognition.md, "Stock: the part's outer skin" (session 6).
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';
import { faceBoundaryReader, outerLoopEdges } from './face-boundary-extents.js';
import { edgeConvexity } from '../../brep/aag-from-brep.js';

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
/** Distance tolerance as a share of the bounding-box diagonal. */
const RELATIVE_TOLERANCE = 1e-4;
/** Two planar faces are opposed when their normals are antiparallel within this cosine (≈ 1°). */
const OPPOSED_COS = -Math.cos(Math.PI / 180);

/** How one face sits on the part's skin. */
export interface SkinFacts {
  /** Planar and on a supporting plane of the part (nothing of the part beyond its plane). */
  support: boolean;
  /** How far the part reaches beyond a planar face's plane, ÷ the part's smallest extent; null for other faces. */
  beyond: number | null;
  /** Shares of the face's edge length meeting its neighbours convexly / concavely; a smooth edge to a convex blend counts convex, to a concave (inward) one concave. */
  convexShare: number;
  concaveShare: number;
  /** Share of the edge length whose convexity is unknown: the AAG could not tell, or a smooth edge to a free-form face (it may be a concave blend). */
  unknownShare: number;
  /** Nearest opposed planar face in front of this planar face, overlapping it (a cut's other side): gap ÷ the part's smallest extent; null when none. */
  frontGap: number | null;
  /** Nearest opposed planar face behind it, overlapping it (the other skin of the material): gap ÷ the part's smallest extent; null when none. */
  behindGap: number | null;
  /** The face's size, √area ÷ the part's smallest extent. */
  size: number;
  /** Planar faces: shares of the outer loop's length (the loop reaching farthest) meeting the neighbours convexly / concavely / unknown, edge by edge. */
  outerConvexShare: number;
  outerConcaveShare: number;
  outerUnknownShare: number;
}

/** Edge length of face `f` meeting its neighbours convexly, concavely (a smooth edge counts as its blend's side) and unknown. */
function edgeShares(g: FeatureGraph, f: GraphFace): { convex: number; concave: number; unknown: number; total: number } {
  let convex = 0, concave = 0, unknown = 0, total = 0;
  for (const k of g.neighbours[f.index]) {
    const arc = g.arcs[k];
    const len = arc.lengthMm;
    total += len;
    if (arc.convexity === 'convex') convex += len;
    else if (arc.convexity === 'concave') concave += len;
    else if (arc.convexity === 'smooth') {
      const o = g.faces[arc.a === f.index ? arc.b : arc.a];
      if (o.kind === 'other') unknown += len;
      else if (o.kind !== 'plane') (o.inward ? (concave += len) : (convex += len));
    } else unknown += len;
  }
  return { convex, concave, unknown, total };
}

const scaled = (x: number | null, by: number) => (x === null ? null : x / by);

/** The part's smallest bounding-box extent (over extents longer than `tol`). */
function smallestExtent(g: FeatureGraph, tol: number): number {
  const ext = [0, 1, 2].map((k) => g.bbox.max[k] - g.bbox.min[k]).filter((e) => e > tol);
  return ext.length > 0 ? Math.min(...ext) : 1;
}

/**
 * A finder of the nearest opposed planar face (normal antiparallel within 1°) whose plane lies at `side` × gap > 0
 * along planar face f's outward normal (+1: in front, across a cut; -1: behind, across material) and whose boundary
 * overlaps f's along both in-plane directions, on the same solid; the gap in mm, null when there is none.
 */
function opposedPlaneFinder(part: Readonly<Part>, g: FeatureGraph): (f: GraphFace, side: 1 | -1) => number | null {
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const planes = g.faces.filter((f) => f.kind === 'plane' && f.normal);
  const { pointsOf, extent } = faceBoundaryReader(part);
  const overlaps = (a: [number, number], b: [number, number]) => Math.min(a[1], b[1]) - Math.max(a[0], b[0]) > tol;
  // A cut's other side belongs to the same body: in a file of several solids, another solid's face is no cut's side.
  const bodyOf = (i: number) => {
    const shell = part.shells[part.faces[i]?.shell ?? -1];
    return shell ? (shell.solid >= 0 ? shell.solid : -2 - shell.index) : -1;
  };
  return (f, side) => {
    const body = bodyOf(f.index);
    const n = f.normal!;
    const u0: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const u = cross(n, u0);
    const ul = Math.hypot(...u);
    const uu: Vec3 = [u[0] / ul, u[1] / ul, u[2] / ul];
    const vv = cross(n, uu);
    let fu: [number, number] | null = null, fv: [number, number] | null = null;
    const h0 = dot(n, f.origin);
    let best: number | null = null;
    for (const o of planes) {
      if (o.index === f.index || dot(o.normal!, n) > OPPOSED_COS || bodyOf(o.index) !== body) continue;
      const gap = side * (dot(n, o.origin) - h0);
      if (gap <= tol || (best !== null && gap >= best)) continue;
      fu ??= extent(f.index, uu);
      fv ??= extent(f.index, vv);
      if (overlaps(fu, extent(o.index, uu)) && overlaps(fv, extent(o.index, vv))) best = gap;
    }
    return best;
  };
}

/** Per face of `part`, its {@link SkinFacts}. */
export function skinFacts(part: Readonly<Part>, graph?: FeatureGraph): SkinFacts[] {
  const g = graph ?? buildFeatureGraphFromPart(part);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const small = smallestExtent(g, tol);
  const p = g.points;
  const opposedGap = opposedPlaneFinder(part, g);
  return g.faces.map((f) => {
    const { convex, concave, unknown, total } = edgeShares(g, f);
    let beyond: number | null = null;
    if (f.kind === 'plane' && f.normal) {
      const n = f.normal, h0 = dot(n, f.origin);
      let b = 0;
      for (let k = 0; k < p.length; k += 3) b = Math.max(b, p[k] * n[0] + p[k + 1] * n[1] + p[k + 2] * n[2] - h0);
      beyond = b;
    }
    const planar = f.kind === 'plane' && !!f.normal;
    return {
      support: beyond !== null && beyond <= tol,
      beyond: beyond === null ? null : beyond / small,
      convexShare: total > 0 ? convex / total : 0,
      concaveShare: total > 0 ? concave / total : 0,
      unknownShare: total > 0 ? unknown / total : 0,
      frontGap: planar ? scaled(opposedGap(f, 1), small) : null,
      behindGap: planar ? scaled(opposedGap(f, -1), small) : null,
      size: Math.sqrt(Math.max(f.area, 0)) / small,
      ...outerLoopShares(part, g, f),
    };
  });
}

/**
 * Classes whose every face meets another face of the same cavity at a concave edge: a pocket's floor meets its
 * walls, a wall meets the floor or the next wall, a slot's or step's wall meets its floor, a passage's walls meet
 * each other (across a corner radius: a concave blend). A planar face whose edges are all convex (or smooth to a
 * convex blend) cannot be one of them; a tier that calls it so is wrong, and the face is the part's outer skin.
 * Chamfers, rounds, slanted through steps (one face, convex edges), holes and `other_feature` are kept.
 */
export const CAVITY_CLASSES: ReadonlySet<string> = new Set([
  'triangular_passage', 'rectangular_passage', '6sides_passage', 'triangular_through_slot', 'rectangular_through_slot',
  'circular_through_slot', 'rectangular_through_step', '2sides_through_step', 'Oring', 'triangular_pocket', 'rectangular_pocket',
  '6sides_pocket', 'circular_end_pocket', 'rectangular_blind_slot', 'v_circular_end_blind_slot', 'h_circular_end_blind_slot',
  'triangular_blind_step', 'circular_blind_step', 'rectangular_blind_step',
]);

/**
 * 1 per planar face that no cavity can have: no edge of its outer loop is concave (directly or through a concave
 * blend) or of unknown convexity — its inner loops may be (a boss or foot standing on it, a hole through it) —, no
 * opposed planar face stands in front of it (a cut's side faces the other side: a pocket wall whose floor a later
 * cut removed keeps its call), and the tier (`classOf(face)`, a class name or null) called it one of {@link CAVITY_CLASSES}; else 0.
 * docs/recognition.md, "Stock: faces no cavity can have" (session 6).
 */
export function convexFaceStockFaces(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return out;
  const candidates = part.faces.filter((f) => f.surfaceType === 'plane' && CAVITY_CLASSES.has(classOf(f.index) ?? ''));
  if (candidates.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part);
  const opposedGap = opposedPlaneFinder(part, g);
  for (const f of candidates) {
    const gf = g.faces[f.index];
    if (gf.kind !== 'plane' || !gf.normal) continue;
    const e = outerLoopShares(part, g, gf);
    if (e.outerConcaveShare === 0 && e.outerUnknownShare === 0 && e.outerConvexShare > 0 && opposedGap(gf, 1) === null) out[f.index] = 1;
  }
  return out;
}


/** Edge by edge, how a planar face's outer loop meets its neighbours (a smooth edge counts as its blend's side). */
function outerLoopShares(part: Readonly<Part>, g: FeatureGraph, f: GraphFace): { outerConvexShare: number; outerConcaveShare: number; outerUnknownShare: number } {
  let convex = 0, concave = 0, unknown = 0, total = 0;
  if (f.kind === 'plane' && f.normal) {
    for (const e of outerLoopEdges(part, f.index)) {
      const edge = part.edges[e];
      const other = edge.faces.find((x) => x !== f.index);
      const len = edge.lengthMm;
      total += len;
      if (other === undefined) {
        unknown += len;
        continue;
      }
      const c = edgeConvexity(part, e, f.index, other).convexity;
      if (c === 'convex') convex += len;
      else if (c === 'concave') concave += len;
      else if (c === 'smooth') {
        const o = g.faces[other];
        if (o.kind === 'other') unknown += len;
        else if (o.kind !== 'plane') (o.inward ? (concave += len) : (convex += len));
      } else unknown += len;
    }
  }
  const share = (x: number) => (total > 0 ? x / total : 0);
  return { outerConvexShare: share(convex), outerConcaveShare: share(concave), outerUnknownShare: share(unknown) };
}
