/**
 * A cast body's skin (docs/labelling.md, "Cast housings"): when the body's outer walls are drafted — planes leaning
 * 0.3–5° off a common pull direction from at least three sides, or a cone round it — the body was cast, and every
 * face drafted off that direction is its skin (outer walls, the walls of a cavity closed or open, a round cavity's
 * cone), as are the faces square to it that such walls stand round (a cavity's floor and ceiling, a flange's top).
 * The concave blends along them are casting fillets. An end mill leaves walls square to the floor, so a machined body
 * has no drafted outer wall; a drafted recess or cored window in a square block (test/fixtures/draft) is left to the
 * tiers. Where {@link castCavityFaces} needs a tier's pocket, this reads the whole body, so it also finds the closed
 * cavities, the round ones (a tier's blind hole) and the drafted outer walls no rule explained (`other_feature`).
 * Read from the exact B-Rep (plane normals, cone axes and half-angles); measured on the generated cast housings
 * (`--housing`) and the real tune files (docs/recognition.md, "Session 23: cast skin").
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import { otherFace, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';
import { extentOfPoints } from '../../features/parameters/index.js';
import { dot3 as dot } from '../../geometry/vec3.js';
import { extentAlong, MAX_DRAFT_SIN, MIN_CAVITY_DEPTH_SHARE, MIN_DRAFT_SIN } from './cast-cavity.js';

/** Drafted outer walls facing at least this many different directions (a cone counts as all): the walls go round the body. */
const MIN_OUTER_SIDES = 3;
/** Two walls face the same side when their normals are within 30°. */
const SAME_SIDE_COS = Math.cos(Math.PI / 6);
/** A cone's axis along the pull direction within ≈ 1°. */
const AXIS_COS = Math.cos(Math.PI / 180);
/** A floor or ceiling: a plane square to the pull direction within ≈ 0.1°. */
const SQUARE_COS = 1 - 1.5e-6;
/**
 * A cavity's walls are the body's skin when the cavity is this share of the body's extent across (along the wall's
 * normal; a cone's diameter): a shell's cavity, walls a few millimetres thick; a cored passage is a fraction of it.
 */
const MIN_CAVITY_WIDTH_SHARE = 0.4;
/** Slack on the half turn {@link goesRound} allows between the directions walls face (three walls of a U: exactly half). */
const MAX_ROUND_GAP_SLACK_RAD = Math.PI / 180;
/** A floor or ceiling meets drafted skin from at least this many sides (or meets a drafted cone): walls stand round it. */
const MIN_FLOOR_SIDES = 2;

/** The cast skin's faces: stock, and the casting fillets along them. */
export interface CastSkinFaces {
  stock: Set<number>;
  round: Set<number>;
}

const sinOfDraftOk = (s: number) => s >= MIN_DRAFT_SIN && s <= MAX_DRAFT_SIN;

/** Whether face f is drafted off pull direction d: a plane leaning 0.3–5° off square to d, or a cone of that half-angle round d. */
function draftedOff(f: GraphFace, d: Vec3): boolean {
  if (f.kind === 'plane' && f.normal) return sinOfDraftOk(Math.abs(dot(f.normal, d)));
  if (f.kind === 'cone' && f.axis && f.semiAngleRad !== null && f.boundary) return Math.abs(dot(f.axis, d)) > AXIS_COS && sinOfDraftOk(Math.abs(Math.sin(f.semiAngleRad)));
  return false;
}

/** Directions the planes face, square to d (normals apart by more than 30°); a cone counts as all sides. */
function sidesAround(faces: readonly GraphFace[], d: Vec3): number {
  if (faces.some((f) => f.kind === 'cone')) return Infinity;
  const directions: Vec3[] = [];
  for (const f of faces) {
    const h = horizontal(f.normal!, d);
    if (h && !directions.some((x) => dot(x, h) > SAME_SIDE_COS)) directions.push(h);
  }
  return directions.length;
}

/**
 * Whether the faces face all round d: a cone does; planes do when no gap of more than a half turn (and a degree) is left
 * between the directions they face — three walls of a U do, the walls on one side of a tilted box do not.
 */
function goesRound(faces: readonly GraphFace[], d: Vec3): boolean {
  if (faces.some((f) => f.kind === 'cone')) return true;
  const e1 = horizontal(Math.abs(d[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0], d)!;
  const e2: Vec3 = [d[1] * e1[2] - d[2] * e1[1], d[2] * e1[0] - d[0] * e1[2], d[0] * e1[1] - d[1] * e1[0]];
  const angles = faces
    .map((f) => horizontal(f.normal!, d))
    .filter((h): h is Vec3 => h !== null)
    .map((h) => Math.atan2(dot(h, e2), dot(h, e1)))
    .sort((a, b) => a - b);
  if (angles.length === 0) return false;
  let gap = angles[0] + 2 * Math.PI - angles[angles.length - 1];
  for (let k = 1; k < angles.length; k++) gap = Math.max(gap, angles[k] - angles[k - 1]);
  return gap <= Math.PI + MAX_ROUND_GAP_SLACK_RAD;
}

/** The unit component of v square to d; null when v is along d. */
function horizontal(v: Vec3, d: Vec3): Vec3 | null {
  const t = dot(v, d);
  const h: Vec3 = [v[0] - t * d[0], v[1] - t * d[1], v[2] - t * d[2]];
  const n = Math.hypot(...h);
  return n < 1e-9 ? null : [h[0] / n, h[1] / n, h[2] / n];
}


/**
 * The face's area; for a cone whose area the graph does not carry (no mesh), its side's from the boundary: π × its
 * width across the axis × its length along it.
 */
function areaOf(f: GraphFace): number {
  if (f.area > 0 || f.kind !== 'cone' || !f.axis) return f.area;
  const e = horizontal(Math.abs(f.axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0], f.axis)!;
  return Math.PI * extentAlong([f], e) * extentAlong([f], f.axis);
}

/**
 * Whether drafted face f is on the body's outside: a cone that is not a hole's (outward), a plane whose normal points
 * away from the body's centre line along d (a cavity's wall faces the centre line).
 */
function outward(f: GraphFace, d: Vec3, centre: Vec3): boolean {
  if (f.kind === 'cone') return !f.inward;
  const h = horizontal(f.normal!, d);
  const r = horizontal([f.centroid[0] - centre[0], f.centroid[1] - centre[1], f.centroid[2] - centre[2]], d);
  return !!h && !!r && dot(h, r) > 0;
}

/**
 * The cast skin of the part (see the module comment): the pull direction is the plane normal or cone axis off which the
 * most face area is drafted; the body counts as cast when its outer drafted faces face {@link MIN_OUTER_SIDES} sides
 * and span {@link MIN_CAVITY_DEPTH_SHARE} of the body's extent along it. Then every face drafted off it (but a
 * protrusion's (`isProtrusion`) shorter than that: a boss's or rib's drafted side) is stock, and every plane square to it meeting
 * that skin (directly or through a concave blend) from {@link MIN_FLOOR_SIDES} sides or along a cone; the concave
 * curved faces meeting the skin, and those meeting them (a corner's sphere between three fillets), are `round`.
 * Empty sets for a body with no drafted outer walls.
 */
export function castSkinFaces(graph: FeatureGraph, isProtrusion: (face: number) => boolean): CastSkinFaces {
  const out: CastSkinFaces = { stock: new Set(), round: new Set() };
  const candidates: Vec3[] = [];
  for (const f of graph.faces) {
    const d = f.kind === 'plane' ? f.normal : f.kind === 'cone' ? f.axis : null;
    if (d && !candidates.some((c) => Math.abs(dot(c, d)) > AXIS_COS)) candidates.push(d);
  }
  // a cast body rests on a flat face square to its pull direction (the parting face: its bottom or mating face); a
  // direction no supporting plane is square to is a slanted face's normal, off which the body's square faces lean
  const tol = 1e-4 * (graph.diagonalMm || 1);
  const hasParting = (d: Vec3) => {
    const [lo, hi] = extentOfPoints(graph.points, d);
    return graph.faces.some((f) => {
      if (f.kind !== 'plane' || !f.normal) return false;
      const c = dot(f.normal, d), at = dot(f.origin, d);
      return (c > SQUARE_COS && at >= hi - tol) || (c < -SQUARE_COS && at <= lo + tol);
    });
  };
  let best: { d: Vec3; area: number } | null = null;
  for (const d of candidates) {
    if (!hasParting(d)) continue;
    const area = graph.faces.reduce((a, f) => a + (draftedOff(f, d) ? areaOf(f) : 0), 0);
    if (area > 0 && (!best || area > best.area)) best = { d, area };
  }
  if (!best) return out;
  const d = best.d;
  const [lo, hi] = extentOfPoints(graph.points, d);
  // a boss's or rib's faces are the protrusion's; a "protrusion" as tall as the body is the body standing on its flange
  const excluded = (i: number) => isProtrusion(i) && extentAlong([graph.faces[i]], d) < MIN_CAVITY_DEPTH_SHARE * (hi - lo);
  const centre: Vec3 = [0, 1, 2].map((k) => (graph.bbox.min[k] + graph.bbox.max[k]) / 2) as Vec3;
  // a drafted cone tangent to two planes is the round of a drafted corner (a blend), not a wall
  const cornerRound = (f: GraphFace) =>
    f.kind === 'cone' && graph.neighbours[f.index].filter((ai) => graph.arcs[ai].convexity === 'smooth' && graph.faces[otherFace(graph.arcs[ai], f.index)].kind === 'plane').length >= 2;
  const drafted = graph.faces.filter((f) => draftedOff(f, d) && !excluded(f.index) && !cornerRound(f));
  const outer = drafted.filter((f) => outward(f, d, centre));
  // a draft tapers the body: its outer walls lean the same way along d all round it. A box whose top is tilted a few
  // degrees (its top's normal a candidate d) has walls leaning one way on one side and the other way opposite
  const leaning = (sign: number) => outer.filter((f) => f.kind !== 'plane' || Math.sign(dot(f.normal!, d)) === sign);
  const [up, down] = [leaning(1), leaning(-1)];
  const taper = up.reduce((a, f) => a + areaOf(f), 0) >= down.reduce((a, f) => a + areaOf(f), 0) ? up : down;
  if (sidesAround(taper, d) < MIN_OUTER_SIDES || !goesRound(taper, d)) return out;
  if (extentAlong(outer, d) < MIN_CAVITY_DEPTH_SHARE * (hi - lo)) return out;
  // the inner drafted faces are the skin of a shell's cavity when the cavity spans most of the body across: a drafted
  // passage or recess cored into the body's material (D06's, test/fixtures/draft's) stays the tiers' feature
  const across = (f: GraphFace, width: number, e: Vec3) => {
    const [a, b] = extentOfPoints(graph.points, e);
    return width >= MIN_CAVITY_WIDTH_SHARE * (b - a);
  };
  const inner = drafted.filter((f) => !outer.includes(f));
  const cavityWall = (f: GraphFace): boolean => {
    if (f.kind === 'cone') {
      const e = horizontal(Math.abs(d[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0], d)!;
      return across(f, extentAlong([f], e), e);
    }
    const h = horizontal(f.normal!, d)!;
    // the cavity's width along the wall's normal: to the farthest inner wall facing the other way
    let width = 0;
    for (const o of inner) {
      const g = o.kind === 'plane' ? horizontal(o.normal!, d) : null;
      if (g && dot(g, h) < -SAME_SIDE_COS) width = Math.max(width, Math.abs(dot([o.centroid[0] - f.centroid[0], o.centroid[1] - f.centroid[1], o.centroid[2] - f.centroid[2]], h)));
    }
    return across(f, width, h);
  };
  const skinFaces = [...outer, ...inner.filter(cavityWall)];
  const neighboursOf = (i: number) => graph.neighbours[i].map((ai) => otherFace(graph.arcs[ai], i));
  // blends meet what they blend tangentially: a hole's wall meets the floor along a sharp edge
  const smoothNeighboursOf = (i: number) => graph.neighbours[i].filter((ai) => graph.arcs[ai].convexity === 'smooth').map((ai) => otherFace(graph.arcs[ai], i));
  const concaveCurved = (i: number) => graph.faces[i].kind !== 'plane' && graph.faces[i].inward;
  const skin = new Set(skinFaces.map((f) => f.index));
  // floors and ceilings: the drafted faces a plane square to d meets, directly or through one concave blend
  for (const f of graph.faces) {
    if (f.kind !== 'plane' || !f.normal || Math.abs(dot(f.normal, d)) < SQUARE_COS || excluded(f.index)) continue;
    const met = new Set<number>();
    for (const o of neighboursOf(f.index)) {
      if (skin.has(o)) met.add(o);
      else if (concaveCurved(o) && smoothNeighboursOf(o).includes(f.index)) for (const p of smoothNeighboursOf(o)) if (skin.has(p)) met.add(p);
    }
    const walls = [...met].map((i) => graph.faces[i]);
    if (sidesAround(walls, d) >= MIN_FLOOR_SIDES) out.stock.add(f.index);
  }
  for (const i of skin) out.stock.add(i);
  // casting fillets: concave curved faces along the skin, then those between them (a corner's sphere)
  let grew = true;
  for (const f of graph.faces) if (concaveCurved(f.index) && !out.stock.has(f.index) && !excluded(f.index) && smoothNeighboursOf(f.index).some((o) => out.stock.has(o))) out.round.add(f.index);
  while (grew) {
    grew = false;
    for (const f of graph.faces) {
      if (out.round.has(f.index) || out.stock.has(f.index) || !concaveCurved(f.index) || excluded(f.index)) continue;
      if (smoothNeighboursOf(f.index).some((o) => out.round.has(o))) (out.round.add(f.index), (grew = true));
    }
  }
  return out;
}
