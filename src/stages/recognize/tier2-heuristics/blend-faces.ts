/**
 * Blend faces — rounds, fillets and chamfers — found before the depressions, because they sit on the
 * edges of other features (a pocket's rim, its corners and floor edges, a hole's entry) and would
 * otherwise merge into those features' face groups. A blend replaces an edge, so it is recognised by
 * how it meets its neighbours, not by the feature it decorates:
 * - **round / fillet**: a cylinder tangent to at least two faces that covers less than 3/4 of a half
 *   turn around its axis (a 90° edge gives a quarter turn; a half-cylinder slot end tangent to two
 *   parallel walls is a feature face, not a blend), or a torus or sphere tangent to a neighbour;
 * - **chamfer**: a cone meeting everything along convex edges — inward, a countersink or an edge break at
 *   a hole's entry; outward, the bevelled rim of a shaft or boss — or a slanted plane (parallel to no stock axis) meeting at least two faces along convex
 *   edges, whose concave edges (where two chamfers meet in a corner) run along no stock axis, and that
 *   does not span between two opposite pairs of stock sides (that is a slanted through step).
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { angularSpanRad, otherFace, type FeatureGraph, type GraphFace } from './feature-graph.js';
import { dot3, cross3, vec3, projectedRange } from '../../../geometry/vec3.js';
import { isHullPlane } from './stock-faces.js';
import { regularPrismRing } from './regular-prism-ring.js';
import { filletSliverRadius } from './fillet-slivers.js';

/** What a blend face is. */
export type BlendKind = 'round' | 'chamfer';

/** The largest angle around its axis a cylindrical blend covers (3/4 of a half turn). */
export const MAX_BLEND_SPAN_RAD = 0.75 * Math.PI;

const PARALLEL = 0.9995;

/**
 * Blend radius (a sphere's radius, a torus's minor radius) over the part's diagonal above which the face is the body, not
 * a blend: a cast cover's dome, its hollow inside. On the dev data every sphere or torus labelled a blend or a feature
 * face is under 0.04 (real tune parts, OpenCascade's tune samples, 150 generated parts); the two domes of P01 are 0.21
 * and 0.25.
 */
const MAX_BALL_BLEND_SHARE = 0.1;

/**
 * A B-Rep sphere or torus too large, for the part it is on, to be a fillet: {@link MAX_BALL_BLEND_SHARE}. Surfaces fitted
 * to a segmented mesh are left as they were (a fit over few triangles can come out with any radius).
 */
function isBodySizedBall(g: FeatureGraph, f: GraphFace): boolean {
  return f.boundary !== undefined && f.radius !== null && g.diagonalMm > 0 && f.radius > MAX_BALL_BLEND_SHARE * g.diagonalMm;
}

/**
 * Half-angle (degrees) under which a cone is a taper, not a bevel: a taper pin hole (1:50), a drafted cast bore or boss
 * (a few degrees). Chamfers and countersinks are cut at 30°–60° half-angles (60°–120° included).
 */
const MAX_TAPER_HALF_ANGLE_DEG = 20;

/**
 * A B-Rep cone whose half-angle is under {@link MAX_TAPER_HALF_ANGLE_DEG}: the wall of a tapered hole or shaft. Cones
 * fitted to a segmented mesh are left to the mesh rules.
 * @internal
 */
export function isTaper(f: GraphFace): boolean {
  return f.boundary !== undefined && f.semiAngleRad !== null && (Math.abs(f.semiAngleRad) * 180) / Math.PI < MAX_TAPER_HALF_ANGLE_DEG;
}

/** Same surface: two pieces of one cylinder, cone or torus (split halves meet along smooth seams). @internal */
export function sameSurface(a: GraphFace, b: GraphFace): boolean {
  if (a.kind !== b.kind || !a.axis || !b.axis || a.radius === null || b.radius === null) return false;
  const tol = 1e-4 * Math.max(1, a.radius);
  if (Math.abs(dot3(a.axis, b.axis)) < PARALLEL || Math.abs(a.radius - b.radius) > tol) return false;
  const d: Vec3 = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
  const t = dot3(d, a.axis);
  return Math.hypot(d[0] - t * a.axis[0], d[1] - t * a.axis[1], d[2] - t * a.axis[2]) < 10 * tol;
}

/** Faces meeting `f` along smooth arcs, other than pieces of its own surface. @internal */
export function tangentNeighbours(g: FeatureGraph, f: GraphFace): GraphFace[] {
  const out: GraphFace[] = [];
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    if (arc.convexity !== 'smooth') continue;
    const o = g.faces[otherFace(arc, f.index)];
    if (!sameSurface(f, o)) out.push(o);
  }
  return out;
}

/**
 * The blend kind of every face (null for faces that are not blends). Stock faces are never blends.
 * @param dirOf - principal direction id of a unit vector, or -1 (see `RuleContext.dirOf`)
 */
export function findBlendFaces(g: FeatureGraph, isStock: readonly boolean[], dirOf: (n: Vec3 | null) => number, frame?: PartFrame): (BlendKind | null)[] {
  const own = frame ?? { axes: WORLD_AXES, diagonalMm: g.diagonalMm };
  const kinds = g.faces.map((f): BlendKind | null => {
    if (isStock[f.index]) return null;
    if (f.kind === 'torus' || f.kind === 'sphere') return tangentNeighbours(g, f).length > 0 && !isBodySizedBall(g, f) ? 'round' : null;
    if (f.kind === 'cylinder') return isRoundCylinder(g, isStock, f) && !isThroughCornerRadius(g, isStock, f) ? 'round' : null;
    if (f.kind === 'cone') return !isTaper(f) && (allConvex(g, f) || isConcaveChamfer(g, f, dirOf)) ? 'chamfer' : null;
    if (f.kind === 'plane' && f.normal && dirOf(f.normal) < 0) return isChamferPlane(g, isStock, f, dirOf, own) || isConcaveChamfer(g, f, dirOf) ? 'chamfer' : null;
    return null;
  });
  // pieces of a round cylinder's surface that continue it smoothly are that round (a stock edge's round split across
  // its length, where a cut took the second face a piece blends into: read from B-spline pieces as its cylinder)
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of g.faces) {
      if (kinds[f.index] || isStock[f.index] || f.kind !== 'cylinder' || f.inward) continue;
      const joins = g.neighbours[f.index].some((ai) => {
        const o = g.faces[otherFace(g.arcs[ai], f.index)];
        return g.arcs[ai].convexity === 'smooth' && kinds[o.index] === 'round' && sameSurface(f, o);
      });
      if (joins) (kinds[f.index] = 'round'), (changed = true);
    }
  }
  // free-form faces tangent to their neighbours along (nearly) all their boundary: blends made as free-form surfaces
  // (cast and variable-radius fillets exported as B-splines), even where no analytic round is near
  for (const f of g.faces)
    if (f.kind === 'other' && !isStock[f.index] && isFreeformBlend(g, f) && !isThroughCornerRadius(g, isStock, f)) kinds[f.index] = 'round';
  // free-form faces (no analytic surface, none fitted) tangent to a round: the corner patches of blends
  for (const f of g.faces)
    if (f.kind === 'other' && !isStock[f.index] && tangentNeighbours(g, f).some((o) => kinds[o.index] === 'round')) kinds[f.index] = 'round';
  // free-form slivers meeting two rounds of one radius along sharp edges: scraps of that fillet (fillet-slivers.ts)
  for (const f of g.faces) if (!isStock[f.index] && filletSliverRadius(g, kinds, f) !== null) kinds[f.index] = 'round';
  // free-form faces tangent to a chamfer and to no analytic round: pieces of a bevel round a curved rim. Where a chamfer
  // runs from straight edges round a corner radius, the pieces between its planes and cones are free-form, tangent to
  // them and to one another (syn_s122_000007), so the rules above can take them for a round's corner patch; the pieces
  // pass the class on along the bevel
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of g.faces) {
      if (f.kind !== 'other' || isStock[f.index] || kinds[f.index] === 'chamfer') continue;
      const tangent = tangentNeighbours(g, f);
      if (tangent.some((o) => kinds[o.index] === 'chamfer') && !tangent.some((o) => o.kind === 'cylinder' || o.kind === 'torus' || o.kind === 'sphere'))
        (kinds[f.index] = 'chamfer'), (changed = true);
    }
  }
  // a narrow free-form strip meeting faces only along convex edges but for planes that cut across it: an edge break on
  // a curved edge
  for (const f of g.faces) if (f.kind === 'other' && !isStock[f.index] && !kinds[f.index] && isFreeformBevel(g, f)) kinds[f.index] = 'chamfer';
  return kinds;
}

/**
 * A chamfer of a concave edge: a bevel that fills the edge between a feature's floor and its wall instead of cutting
 * a convex one off (the generator's `chamfer` on a pocket's or slot's floor edge). A slanted plane meeting two planes
 * that stand square to each other along concave edges, at a chamfer angle to each (45°, 30° or 60° between normals),
 * smaller than either and with its normal between theirs — it replaced the edge where they met ({@link bevelsSquareEdge});
 * or, round a curved wall or a corner radius, an inward cone meeting a
 * coaxial cylinder and a plane square to its axis along concave edges. It may also meet faces convexly (where the
 * floor edge runs out to the stock, or a later cut crossed it). Such a face is not a wall of the feature (no rule
 * explains a pocket or slot with it among its walls: they fell back to `other_feature`); like a fillet it joins the
 * faces it blends into one depression ({@link isConcaveBlend}). B-Rep faces only (`boundary`): measured on generated
 * B-Rep parts, not on segmented meshes.
 * @internal
 */
export function isConcaveChamfer(g: FeatureGraph, f: GraphFace, dirOf: (n: Vec3 | null) => number): boolean {
  if (!f.boundary || f.boundary.length === 0) return false;
  const concave = concaveNeighbours(g, f);
  if (f.kind === 'plane' && f.normal && dirOf(f.normal) < 0) {
    const n = f.normal;
    // Standing square on a face it meets concavely (a floor), it bevels a corner between two walls: only a cut at 45° to
    // both, where two walls of a polygonal pocket can meet it at 30° and 60° (a hexagon's walls, turned: dev7 000110).
    const corner = concave.some((o) => o.normal && Math.abs(dot3(n, o.normal)) < SQUARE_COS);
    const angles = corner ? [45] : CHAMFER_ANGLES_DEG;
    const planes = concave.filter((o) => o.kind === 'plane' && o.normal && atChamferAngle(n, o.normal, angles));
    return planes.some((a, i) => planes.slice(i + 1).some((c) => bevelsSquareEdge(f, a, c)));
  }
  if (f.kind === 'cone' && f.inward && f.axis) {
    const axis = f.axis;
    const floor = concave.some((o) => o.kind === 'plane' && o.normal && Math.abs(dot3(o.normal, axis)) > PARALLEL);
    const wall = concave.some((o) => o.kind === 'cylinder' && o.inward && o.axis && Math.abs(dot3(o.axis, axis)) > PARALLEL && onAxisOf(f, o.origin));
    return floor && wall;
  }
  return false;
}

/** A face that blends two faces of one depression from inside, as a fillet does: an inward round or a concave chamfer. @internal */
export function isConcaveBlend(g: FeatureGraph, kind: BlendKind | null, f: GraphFace, dirOf: (n: Vec3 | null) => number): boolean {
  if (kind === 'round') return f.inward || isHollowFreeformBlend(g, f);
  return kind === 'chamfer' && isConcaveChamfer(g, f, dirOf);
}

/** Faces meeting `f` along concave arcs. */
function concaveNeighbours(g: FeatureGraph, f: GraphFace): GraphFace[] {
  const out: GraphFace[] = [];
  for (const ai of g.neighbours[f.index]) if (g.arcs[ai].convexity === 'concave') out.push(g.faces[otherFace(g.arcs[ai], f.index)]);
  return out;
}

/** |cos| below which two normals count as square (≈ 1°). */
const SQUARE_COS = 0.0175;

/**
 * True when planes `a` and `c` stand square to each other (a floor and a wall) and the normal of plane `f`, smaller than
 * either, lies between theirs in their plane: a bevel of the edge where they met. Square: the walls of a hexagonal
 * passage meet at 60° between normals, which is a chamfer angle too; smaller: the walls of a regular octagon are alike.
 */
function bevelsSquareEdge(f: GraphFace, a: GraphFace, c: GraphFace): boolean {
  const n = f.normal!;
  if (Math.abs(dot3(a.normal!, c.normal!)) > SQUARE_COS || !(f.area < a.area && f.area < c.area)) return false;
  const e = cross3(vec3(), a.normal!, c.normal!);
  if (Math.abs(dot3(n, e)) > 0.03) return false;
  return dot3(n, a.normal!) > 0 && dot3(n, c.normal!) > 0;
}

/** True when point `p` lies on the axis of `f` (within 1e-3 of its radius, at least 1e-3 mm). */
function onAxisOf(f: GraphFace, p: Vec3): boolean {
  const d: Vec3 = [p[0] - f.origin[0], p[1] - f.origin[1], p[2] - f.origin[2]];
  const t = dot3(d, f.axis!);
  return Math.hypot(d[0] - t * f.axis![0], d[1] - t * f.axis![1], d[2] - t * f.axis![2]) < 1e-3 * Math.max(1, f.radius ?? 1);
}

/** Share of a free-form face's boundary length that must meet its neighbours tangentially for it to read as a blend. */
export const FREEFORM_BLEND_SMOOTH_SHARE = 0.8;

/**
 * A free-form B-Rep face that meets its neighbours tangentially along at least {@link FREEFORM_BLEND_SMOOTH_SHARE} of its
 * boundary, on two or more other surfaces: a blend. A free-form skin (a printed or cast body's outer surface, a thread's
 * flank) meets the faces round it along sharp edges for most of its length (real tune parts: at most 0.43 smooth;
 * OpenCascade's cast gearbox housing P07: 100 of its 112 fillet faces fully smooth). Segmented mesh faces have no exact
 * boundary and are left to the mesh rules.
 * @internal
 */
export function isFreeformBlend(g: FeatureGraph, f: GraphFace): boolean {
  if (f.kind !== 'other' || !f.boundary || f.boundary.length === 0) return false;
  let total = 0;
  let smooth = 0;
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    total += arc.lengthMm;
    if (arc.convexity === 'smooth') smooth += arc.lengthMm;
  }
  return total > 0 && smooth >= FREEFORM_BLEND_SMOOTH_SHARE * total && tangentNeighbours(g, f).length >= 2;
}

/**
 * A free-form blend that fills a concave edge on its own ({@link isFreeformBlend}, hollow outside): it acts as an inward
 * cylinder fillet does. A free-form patch tangent to an analytic curved face is left out: where cylinder and torus
 * fillets meet, their corner patches (generated parts: 9 of 63 convention fixtures have them) stay what they were, a
 * round that joins no depression.
 * @internal
 */
/**
 * A free-form patch tangent to a cylinder, torus or sphere: where analytic fillets meet, a corner patch (its own
 * curvature may be a saddle's), which takes no side.
 * @internal
 */
export function isCornerPatch(g: FeatureGraph, f: GraphFace): boolean {
  return f.kind === 'other' && tangentNeighbours(g, f).some((o) => o.kind === 'cylinder' || o.kind === 'torus' || o.kind === 'sphere');
}

export function isHollowFreeformBlend(g: FeatureGraph, f: GraphFace): boolean {
  return f.kind === 'other' && f.hollow === 1 && isFreeformBlend(g, f) && tangentNeighbours(g, f).every((o) => o.kind === 'plane' || o.kind === 'other');
}

/** A narrow free-form strip meeting at least two faces along convex edges and nothing along smooth ones, whose concave edges are on planes. */
function isFreeformBevel(g: FeatureGraph, f: GraphFace): boolean {
  let convex = 0;
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    if (arc.convexity === 'convex') convex++;
    else if (arc.convexity === 'concave') {
      if (g.faces[otherFace(arc, f.index)].kind !== 'plane') return false;
    } else return false;
  }
  return convex >= 2 && isNarrowStrip(g, f);
}

/**
 * The angle covered by the pieces of `f`'s cylinder that meet it along smooth arcs (a split face counts whole): the
 * angular span of their boundary points together, so pieces one after the other along the axis (a round split
 * across its length, read from B-spline pieces as its cylinder) cover their angle once; the sum of the pieces' spans
 * where a piece has no boundary points.
 */
function groupSpanRad(g: FeatureGraph, f: GraphFace): number | undefined {
  if (f.spanRad === undefined) return undefined;
  let span = 0;
  const pieces: GraphFace[] = [];
  const seen = new Set([f.index]);
  const stack = [f];
  while (stack.length) {
    const x = stack.pop()!;
    pieces.push(x);
    span += x.spanRad ?? 0;
    for (const ai of g.neighbours[x.index]) {
      const o = g.faces[otherFace(g.arcs[ai], x.index)];
      if (seen.has(o.index) || g.arcs[ai].convexity !== 'smooth' || !sameSurface(f, o)) continue;
      seen.add(o.index);
      stack.push(o);
    }
  }
  if (pieces.length > 1 && f.axis && pieces.every((x) => x.boundary !== undefined && x.boundary.length > 0)) {
    const points: Vec3[] = [];
    for (const x of pieces) for (let i = 0; i < x.boundary!.length; i += 3) points.push([x.boundary![i], x.boundary![i + 1], x.boundary![i + 2]]);
    return angularSpanRad(points, f.origin, f.axis);
  }
  return Math.min(span, 2 * Math.PI);
}

/**
 * An entry cone (countersink, edge break) meets its neighbours along convex edges, or tangentially where
 * the bevel continues as a planar chamfer (a chamfered slot or pocket rim); never along a concave one.
 */
function allConvex(g: FeatureGraph, f: GraphFace): boolean {
  const arcs = g.neighbours[f.index];
  return arcs.some((ai) => g.arcs[ai].convexity === 'convex') && arcs.every((ai) => g.arcs[ai].convexity !== 'concave');
}

function isRoundCylinder(g: FeatureGraph, isStock: readonly boolean[], f: GraphFace): boolean {
  // pieces of one plane (a wall another cut split) count once: a blend is tangent to two faces at an angle
  const tangent = tangentNeighbours(g, f).filter((o, i, all) => !o.normal || !all.slice(0, i).some((p) => p.normal && dot3(p.normal, o.normal!) > PARALLEL && coplanar(p, o)));
  if (tangent.length === 1) return isCutShortFillet(g, isStock, f, tangent[0]);
  // A concave cylinder tangent to one face but for convex tori and spheres: those are rounds on its rim turning round
  // it (an edge round along a slot's rim runs on round its quarter-round end), not a second face it blends. It is a
  // corner radius that lost a wall only as {@link isCutShortFillet} says (session 10: a quarter-round slot end with
  // rounded rims, which meets the stock side it opens to, was a fillet). A concave torus (a bull-nose pocket's corner
  // under its corner cylinder) is a blend it runs on into, and still counts. B-Rep faces only (`boundary`): measured on
  // generated B-Rep parts, not yet on segmented meshes, whose fitted tori the mesh path keeps as before.
  const faces = tangent.filter((o) => !((o.kind === 'torus' || o.kind === 'sphere') && !o.inward));
  if (f.inward && f.boundary && faces.length === 1) return isCutShortFillet(g, isStock, f, faces[0]);
  if (tangent.length < 2) return false;
  // a slot or obround end is tangent to two parallel walls facing each other (also when split in pieces)
  const planes = tangent.filter((o) => o.normal);
  for (let i = 0; i < planes.length; i++)
    for (let j = i + 1; j < planes.length; j++) if (dot3(planes[i].normal!, planes[j].normal!) < -PARALLEL) return false;
  const span = groupSpanRad(g, f);
  return span === undefined || span <= MAX_BLEND_SPAN_RAD;
}

/** A face tangent to two planes at an angle (not parallel): a whole corner radius between two walls. */
function tangentToTwoWalls(g: FeatureGraph, f: GraphFace): boolean {
  const planes = tangentNeighbours(g, f).filter((o) => o.normal);
  return planes.some((a, i) => planes.slice(i + 1).some((b) => Math.abs(dot3(a.normal!, b.normal!)) < PARALLEL));
}

/** Two parallel planes through one another's origin (within 1e-3 of their size). */
function coplanar(a: GraphFace, b: GraphFace): boolean {
  const d: Vec3 = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
  const size = Math.max(1, Math.hypot(a.bbox.max[0] - a.bbox.min[0], a.bbox.max[1] - a.bbox.min[1], a.bbox.max[2] - a.bbox.min[2]));
  return Math.abs(dot3(d, a.normal!)) < 1e-3 * size;
}

/**
 * A concave corner radius that lost one of its two walls to a later cut: an inward cylinder turning at most a
 * little more than a quarter, tangent to one plane, whose other side meets no stock face parallel to its axis
 * (a quarter-round slot or step end does: it opens to the stock side there).
 */
function isCutShortFillet(g: FeatureGraph, isStock: readonly boolean[], f: GraphFace, wall: GraphFace): boolean {
  if (!f.inward || !f.axis || wall.kind !== 'plane' || f.spanRad === undefined) return false;
  // all pieces of its cylinder in the part together: a slot or obround end cut into pieces turns further
  const pieces = g.faces.filter((o) => o.kind === 'cylinder' && o.inward && (o === f || sameSurface(f, o)));
  if (piecesSpanRad(g, pieces, f) > MAX_CUT_FILLET_SPAN_RAD) return false;
  for (const ai of g.neighbours[f.index]) {
    const o = g.faces[otherFace(g.arcs[ai], f.index)];
    if (isStock[o.index] && o.normal && Math.abs(dot3(o.normal, f.axis)) < 0.03) return false;
  }
  return !spansFacingWalls(g, f, wall);
}

/**
 * True when inward cylinder `f`, tangent to `wall`, also touches the plane of a wall facing that one across the same
 * cut (a plane with the opposite normal that meets a face `f` meets concavely, e.g. their floor, concavely too): its
 * diameter spans the cut, so it is the cut's round end — an obround pocket's or slot's half-round, whose piece
 * along the far wall another cut took — not the corner radius between `wall` and a wall at an angle.
 */
function spansFacingWalls(g: FeatureGraph, f: GraphFace, wall: GraphFace): boolean {
  if (!f.axis || f.radius === null || !wall.normal) return false;
  const tol = Math.max(1e-3 * f.radius, 1e-3);
  const concave = (x: GraphFace) => g.neighbours[x.index].filter((ai) => g.arcs[ai].convexity === 'concave').map((ai) => otherFace(g.arcs[ai], x.index));
  const shared = new Set(concave(f));
  for (const o of g.faces) {
    if (o === wall || !o.normal || dot3(o.normal, wall.normal) > -PARALLEL) continue;
    // the axis lies on the cavity side of the facing plane, one radius from it
    const d: Vec3 = [f.origin[0] - o.origin[0], f.origin[1] - o.origin[1], f.origin[2] - o.origin[2]];
    if (Math.abs(dot3(d, o.normal) - f.radius) > tol) continue;
    if (concave(o).some((x) => shared.has(x))) return true;
  }
  return false;
}

/** The largest angle (rad) a corner radius with one wall left may turn: a quarter (90° corner) and a margin. */
const MAX_CUT_FILLET_SPAN_RAD = 0.55 * Math.PI;

/**
 * The angle pieces of one cylinder cover around its axis together: the sum of their spans, or — on B-Rep faces
 * (boundary samples) where another piece is a whole corner radius, tangent to two walls at an angle (a corner radius
 * another feature cut through across its length) — the angle their boundaries cover, so that pieces at the same angle
 * count once. Without a whole corner among them, pieces at the same angle may be what is left of a round end (a
 * circular-end pocket's end cut through by another cut): they are added up as before.
 */
function piecesSpanRad(g: FeatureGraph, pieces: readonly GraphFace[], ref: GraphFace): number {
  const sum = pieces.reduce((a, o) => a + (o.spanRad ?? 0), 0);
  if (pieces.length < 2 || !ref.axis || pieces.some((o) => !o.boundary || o.boundary.length === 0)) return sum;
  if (!pieces.some((o) => o !== ref && tangentToTwoWalls(g, o))) return sum;
  const points: Vec3[] = [];
  for (const o of pieces) for (let i = 0; i + 2 < o.boundary!.length; i += 3) points.push([o.boundary![i], o.boundary![i + 1], o.boundary![i + 2]]);
  return angularSpanRad(points, ref.origin, ref.axis);
}

/**
 * The corner radius of a through cut (a rounded-rectangle passage, a notch through the plate): a concave
 * cylinder between two feature walls that runs through the part, open at both ends — every neighbour that
 * is not one of its tangent walls is a plane square to its axis met along a convex edge, one at each end
 * (the top and bottom faces the cut passes through; a corner ending on another feature stays a blend). The cutter
 * that made the cut left it, so it belongs to the cut (docs/labelling.md), not to a blend. A pocket's corner
 * radius ends on the floor (concave) and is found as a blend here; `classify-features.ts` gives it to the pocket
 * afterwards (`absorbCutterRadii`, docs/labelling.md), with a bull-nose cutter's floor fillets. When no rule explains
 * the cut it joins (an outline's inner corner, not a cut at all), `classify-features.ts` calls it a fillet after all.
 * @internal
 */
export function isThroughCornerRadius(g: FeatureGraph, isStock: readonly boolean[], f: GraphFace): boolean {
  // an inward cylinder, or a concave free-form blend along the edge its two planes would meet on
  const axis = f.axis ? (f.inward ? f.axis : null) : isHollowFreeformBlend(g, f) ? freeformBlendAxis(g, f) : null;
  if (!axis) return false;
  let up = false, down = false;
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    const o = g.faces[otherFace(arc, f.index)];
    if (arc.convexity === 'smooth') {
      if (sameSurface(f, o)) continue;
      if (isStock[o.index] || o.kind !== 'plane') return false;
    } else if (arc.convexity === 'convex') {
      // an end: a face square to the axis (the top or bottom the cut runs through), not another feature's wall
      const c = o.kind === 'plane' && o.normal ? dot3(o.normal, axis) : 0;
      if (c > PARALLEL) up = true;
      else if (c < -PARALLEL) down = true;
      // or a tilted face on the part's hull: a slanted step's face, which replaced the stock side the cut runs out
      // through (session 10: passages running out through one had their corner radii called fillets). B-Rep faces
      // only (`boundary`): not yet measured on segmented meshes. A face within a few degrees of square is an end
      // wherever it is (session 15: a passage running out through a two-sided step's roof, tilted 3°, had fillets).
      else if (f.boundary && Math.abs(c) > TILTED_END_MIN_COS && (Math.abs(c) > NEAR_SQUARE_END_COS || isHullPlane(g, o))) {
        if (c > 0) up = true;
        else down = true;
      } else return false;
    } else return false;
  }
  return up && down;
}

/**
 * The direction a free-form blend runs along: the line its two tangent planes would meet on (the edge it replaced), when
 * it is tangent to two planes at an angle; null otherwise.
 */
function freeformBlendAxis(g: FeatureGraph, f: GraphFace): Vec3 | null {
  if (f.kind !== 'other') return null;
  const planes = tangentNeighbours(g, f).filter((o) => o.kind === 'plane' && o.normal);
  for (let i = 0; i < planes.length; i++)
    for (let j = i + 1; j < planes.length; j++) {
      const a = cross3(vec3(), planes[i].normal!, planes[j].normal!);
      const len = Math.hypot(a[0], a[1], a[2]);
      if (len > 0.1) return [a[0] / len, a[1] / len, a[2] / len];
    }
  return null;
}

/** A tilted end of a through cut leans from square to the cut's axis by at most 45°. */
const TILTED_END_MIN_COS = Math.SQRT1_2;
/** A convex end face whose normal is within about 8° of a corner radius's axis ends the cut wherever it lies. */
const NEAR_SQUARE_END_COS = 0.99;

function isChamferPlane(g: FeatureGraph, isStock: readonly boolean[], f: GraphFace, dirOf: (n: Vec3 | null) => number, frame: PartFrame): boolean {
  let convex = 0;
  const stockDirs = new Set<number>();
  const edge = bevelledEdge(g, f);
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    const o = g.faces[otherFace(arc, f.index)];
    if (arc.convexity === 'convex') {
      convex++;
      if (isStock[o.index]) {
        const d = dirOf(o.normal);
        if (d >= 0) stockDirs.add(d);
      }
    } else if (arc.convexity === 'concave') {
      if (o.kind !== 'plane' || !o.normal) return false;
      const line = cross3(vec3(), f.normal!, o.normal);
      const l = Math.hypot(line[0], line[1], line[2]);
      if (l < 1e-9) return false;
      const u: Vec3 = [line[0] / l, line[1] / l, line[2] / l];
      // a later cut across the chamfer (a slot through a bevelled edge): its wall meets the bevel along a line
      // across the bevelled edge; a feature's own slanted wall meets its floor or walls along its length
      if (edge && Math.abs(dot3(u, edge)) < CROSSING_COS && isBevelStrip(frame, f, edge)) continue;
      // two chamfers meeting in a corner: a valley along no stock axis; anything else is a wall of a feature
      if (dirOf(o.normal) >= 0 || dirOf(u) >= 0) return false;
    } else if (arc.convexity === 'smooth' && o.kind !== 'cone' && o.kind !== 'other' && !isRoundedEndOf(g, f, o)) return false; // a bevel continues round a curved rim as a cone (or a free-form patch)
  }
  if (convex < 2) return false;
  if (!hasChamferAngle(g, f) && !isNarrowStrip(g, f)) return false;
  // a side of a hexagon or octagon prism meets its like at 60° or 45°: no chamfer
  if (regularPrismRing(g, f)) return false;
  // spanning two opposite pairs of stock sides: the face replaced a whole side (slanted through step)
  let opposite = 0;
  for (let k = 0; k < 3; k++) if (stockDirs.has(2 * k) && stockDirs.has(2 * k + 1)) opposite++;
  return opposite < 2;
}

/**
 * A convex round tangent to the bevel `f` across one of its ends: a cylinder, material on its axis side, whose axis lies
 * in `f`'s plane square to the square edge `f` bevels at 45° ({@link squareEdgeBevelled}) — an edge break rounding the
 * edge where the bevel meets a face at its end (a profiled plate's 45° corner chamfer under a rounded top outline edge).
 * The bevel keeps its shape; the round is another operation. A round along the bevel's length (a sheet-metal bend
 * tangent to a slanted flange, real tune D14) is not one.
 */
function isRoundedEndOf(g: FeatureGraph, f: GraphFace, o: GraphFace): boolean {
  if (o.kind !== 'cylinder' || o.inward || !o.axis || Math.abs(dot3(o.axis, f.normal!)) >= SIN_1DEG) return false;
  const edge = squareEdgeBevelled(g, f);
  return !!edge && Math.abs(dot3(o.axis, edge)) < SIN_1DEG;
}

/**
 * The direction of the square edge `f` is a 45° chamfer of: two planes it meets along convex edges, square to each other
 * (±1°), whose normals' bisector is its normal (±1°); null when there are none.
 */
function squareEdgeBevelled(g: FeatureGraph, f: GraphFace): Vec3 | null {
  const planes: GraphFace[] = [];
  for (const ai of g.neighbours[f.index]) {
    const o = g.faces[otherFace(g.arcs[ai], f.index)];
    if (g.arcs[ai].convexity === 'convex' && o.kind === 'plane' && o.normal) planes.push(o);
  }
  const minCos = Math.cos((CHAMFER_ANGLE_TOL_DEG * Math.PI) / 180);
  for (let i = 0; i < planes.length; i++)
    for (let j = i + 1; j < planes.length; j++) {
      const a = planes[i].normal!, b = planes[j].normal!;
      if (Math.abs(dot3(a, b)) >= SIN_1DEG) continue;
      const m: Vec3 = [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
      if (dot3(f.normal!, m) / Math.hypot(m[0], m[1], m[2]) < minCos) continue;
      const e = cross3(vec3(), a, b);
      const l = Math.hypot(e[0], e[1], e[2]);
      return [e[0] / l, e[1] / l, e[2] / l];
    }
  return null;
}

/** |cos| under which two directions are square (within 1°): a round's axis in a plane, two planes square to each other. */
const SIN_1DEG = Math.sin(Math.PI / 180);

/** |cos| of the angle between a concave line and the bevelled edge below which the line runs across the bevel. */
const CROSSING_COS = 0.9;

/** Share of the part's diagonal up to which a bevel strip's width may be when a cut crosses it. */
const CROSSED_BEVEL_SHARE = 0.05;

/**
 * The part's own frame: its stock axes and its bbox diagonal in them (rule-context.ts), so that measures read in
 * it are the same however the part is turned (session 7, rotated MFCAD).
 */
export interface PartFrame {
  axes: readonly Vec3[];
  diagonalMm: number;
}

const WORLD_AXES: readonly Vec3[] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

/**
 * A strip along the bevelled edge `edge`: its width (area over its length along the edge) is at most its length and
 * at most {@link CROSSED_BEVEL_SHARE} of the part's diagonal. A slanted wall of a cut (a triangular step or passage,
 * whose wall can meet two faces at 45° like a chamfer of their edge) is wide; a chamfer is a narrow strip. Both
 * the length (the face's box extents along the frame's axes, weighted by the edge's components on them) and the
 * diagonal are read in the part's own frame: on the world axes they grew when the part was turned, and turned
 * copies of MFCAD passages lost slanted walls to `chamfer` (session 7).
 */
function isBevelStrip(frame: PartFrame, f: GraphFace, edge: Vec3): boolean {
  let len = 0;
  for (let k = 0; k < 3; k++) {
    const a = frame.axes[k];
    len += Math.abs(dot3(edge, a)) * extentAlong(f, a);
  }
  if (!(len > 0) || !Number.isFinite(f.area)) return false;
  const width = f.area / len;
  return width <= len && width <= CROSSED_BEVEL_SHARE * frame.diagonalMm;
}

/**
 * The face's extent along unit direction `d`: over its boundary points (B-Rep faces), the same however the part is
 * turned; a mesh-segmented face has none and reads its bbox (exact for an axis-aligned `d`).
 */
function extentAlong(f: GraphFace, d: Vec3): number {
  const p = f.boundary;
  if (!p || p.length === 0) return Math.abs(d[0]) * (f.bbox.max[0] - f.bbox.min[0]) + Math.abs(d[1]) * (f.bbox.max[1] - f.bbox.min[1]) + Math.abs(d[2]) * (f.bbox.max[2] - f.bbox.min[2]);
  const [lo, hi] = projectedRange(p, d);
  return hi - lo;
}

/**
 * The direction of the edge a slanted plane bevels: the line along which it meets a plane at a chamfer angle
 * along a convex edge (null when it meets none).
 */
function bevelledEdge(g: FeatureGraph, f: GraphFace): Vec3 | null {
  const pair = bisectedPair(g, f);
  if (pair) {
    const e = cross3(vec3(), pair[0].normal!, pair[1].normal!);
    const l = Math.hypot(e[0], e[1], e[2]);
    return [e[0] / l, e[1] / l, e[2] / l];
  }
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    if (arc.convexity !== 'convex') continue;
    const o = g.faces[otherFace(arc, f.index)];
    if (!o.normal || !atChamferAngle(f.normal!, o.normal)) continue;
    const e = cross3(vec3(), f.normal!, o.normal);
    const l = Math.hypot(e[0], e[1], e[2]);
    if (l > 1e-9) return [e[0] / l, e[1] / l, e[2] / l];
  }
  return null;
}

const atChamferAngle = (a: Vec3, b: Vec3, angles: readonly number[] = CHAMFER_ANGLES_DEG): boolean => {
  const deg = (Math.acos(Math.max(-1, Math.min(1, dot3(a, b)))) * 180) / Math.PI;
  return angles.some((x) => Math.abs(deg - x) <= CHAMFER_ANGLE_TOL_DEG);
};

/**
 * The two planes a slanted plane bevels evenly: B-Rep planes it meets along convex edges, not square to each other,
 * whose normals' bisector is its normal within {@link CHAMFER_ANGLE_TOL_DEG} — an equal-distance chamfer of an edge
 * that is not square (dev15 000057, 000074, 000124: a chamfer on a two-sided step's 77° edge, 38.5° to each face, that
 * a later pocket cut into and the pocket rule took as a sixth wall). Null when there is none.
 */
function bisectedPair(g: FeatureGraph, f: GraphFace): [GraphFace, GraphFace] | null {
  if (!f.boundary || !f.normal) return null;
  const planes: GraphFace[] = [];
  for (const ai of g.neighbours[f.index]) {
    const o = g.faces[otherFace(g.arcs[ai], f.index)];
    if (g.arcs[ai].convexity === 'convex' && o.kind === 'plane' && o.normal) planes.push(o);
  }
  const minCos = Math.cos((CHAMFER_ANGLE_TOL_DEG * Math.PI) / 180);
  for (let i = 0; i < planes.length; i++)
    for (let j = i + 1; j < planes.length; j++) {
      const a = planes[i].normal!, b = planes[j].normal!;
      const c = dot3(a, b);
      // square edges are read at their standard angles (CHAMFER_ANGLES_DEG); near-parallel planes bound no edge, and
      // an edge sharper than 60° is no edge a chamfer is put on: a slot's wall between a stock side and a steep
      // slanted wall can bisect them by chance (dev13 000046, normals 151° apart; opposite planes' sum is noise)
      if (Math.abs(c) < BISECTED_MIN_COS || c > BISECTED_MAX_COS || c < BISECTED_MIN_SIGNED_COS) continue;
      const m: Vec3 = [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
      const l = Math.hypot(m[0], m[1], m[2]);
      if (dot3(f.normal, m) / l >= minCos) return [planes[i], planes[j]];
    }
  return null;
}

/** |cos| between the normals of two planes an even bevel joins: at least ≈ 8° off square (square edges use the standard angles). */
const BISECTED_MIN_COS = 0.14;
/** cos between them: at most 0.94 (normals ≥ 20° apart): flatter edges are no edges a chamfer is put on. */
const BISECTED_MAX_COS = 0.94;
/** cos between them: at least −0.5 (normals ≤ 120° apart, the edge at least 60°). */
const BISECTED_MIN_SIGNED_COS = -0.5;

/** Angles (degrees) between a chamfer's normal and a face it bevels: 45° chamfers and 30° × 60° ones. */
const CHAMFER_ANGLES_DEG = [30, 45, 60];
const CHAMFER_ANGLE_TOL_DEG = 1;

/**
 * A chamfer is made at a standard angle: it meets a plane along a convex edge at 45°, 30° or 60° between their
 * normals. A slanted wall at any other angle (a slanted or two-sided step, a V slot, a polygonal passage) is a
 * feature face; on the generated dev parts 255 of 256 chamfer planes pass and 69 of 70 feature faces that passed
 * the shape test fail (docs/recognition.md, session 6).
 */
function hasChamferAngle(g: FeatureGraph, f: GraphFace): boolean {
  if (bisectedPair(g, f)) return true;
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    if (arc.convexity !== 'convex') continue;
    const o = g.faces[otherFace(arc, f.index)];
    if (!o.normal) continue;
    const deg = (Math.acos(Math.max(-1, Math.min(1, dot3(f.normal!, o.normal)))) * 180) / Math.PI;
    if (CHAMFER_ANGLES_DEG.some((a) => Math.abs(deg - a) <= CHAMFER_ANGLE_TOL_DEG)) return true;
  }
  return false;
}

/** Share of the part's diagonal under which a slanted strip is an edge break whatever its angle. */
const NARROW_STRIP_SHARE = 0.005;
/** Width (mm) up to which a slanted strip is an edge break whatever its angle and the part's size. */
const NARROW_STRIP_MM = 1;

/**
 * A strip (width = area over its longest extent) narrower than {@link NARROW_STRIP_SHARE} of the part's diagonal or
 * at most {@link NARROW_STRIP_MM}: an edge break at any angle (a 10° lead-in on a real part; one solid of an assembly
 * has a smaller diagonal than the file).
 */
function isNarrowStrip(g: FeatureGraph, f: GraphFace): boolean {
  const e = Math.max(f.bbox.max[0] - f.bbox.min[0], f.bbox.max[1] - f.bbox.min[1], f.bbox.max[2] - f.bbox.min[2]);
  if (!(e > 0) || !Number.isFinite(f.area)) return false;
  const width = f.area / e;
  return width <= NARROW_STRIP_MM || width < NARROW_STRIP_SHARE * g.diagonalMm;
}
