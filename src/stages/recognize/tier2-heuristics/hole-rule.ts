/**
 * Holes: every curved face an inward cylinder or cone on one common axis, the cylinders together
 * closed around the axis (a part-round cylinder is a slot end, a step corner or a blend, not a hole) —
 * or, for a tapered hole (a taper pin's, a drafted cast bore), an inward cone with a taper's half-angle as its wall,
 * every planar face perpendicular to that axis (counterbore shoulders, the bottom); free-form faces winding
 * round the axis near the wall are a thread modelled as faces and belong to the hole.
 *
 * Through or blind is decided by geometry, not by which stock faces the hole reaches (a hole drilled
 * from a pocket floor, or one that runs out into another feature, meets stock on one side only): the
 * hole is blind when a bottom closes it — a planar face or a drill-point cone meeting the rest only along
 * concave edges — and through otherwise.
 *
 * Stacks are split as they were machined: with several cylinder radii, the widest segment at the entry
 * and its annular floor are the counterbore (`blind_hole`, the floor its bottom) and the rest is the
 * drilled hole; an entry cone that widens towards the opening is a countersink, labelled `chamfer` (the
 * face vocabulary has no countersink class; the generator and docs/labelling.md call a cone at a hole's
 * entry a chamfer). Parameters: diameterMm (smallest cylinder), depthMm (along the axis); on the
 * counterbore, diameterMm and depthMm of the bore; on the countersink, angleDeg (included angle).
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { FeatureRule, RuleMatch } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { extentAlong } from './measure-parameters.js';
import { roundParameter } from './measure-parameters.js';
import type { Depression, RuleContext } from './rule-context.js';
import { isMeshFacetScrap } from './mesh-blend-scraps.js';
import { otherFace, type GraphFace } from './feature-graph.js';
import { isTaper, tangentNeighbours } from './blend-faces.js';
import { dot3 } from '../../../geometry/vec3.js';
import { THREAD_MAX_MAJOR_RATIO } from '../../../features/parameters/index.js';

/** Below this angle (rad) around its axis a cylinder is part-round: a hole only when another feature cut it open. */
export const MIN_HOLE_SPAN_RAD = 1.75 * Math.PI;

/**
 * A plain hole wall (one radius, no cone) that covers less than this angle (rad) around its axis in all is a
 * sliver, not a hole: what another feature left of a larger round feature's wall (a circular step, a
 * circular-end pocket, a circular slot). A drilled hole cut down that far keeps its counterbore or countersink
 * to show it was drilled, and the hole pass claims it. Chosen on generated dev parts 0–199: 60° drops every
 * such false hole there and no true one (90° loses two).
 */
export const MIN_PLAIN_HOLE_WALL_RAD = Math.PI / 3;

function isSliver(curved: readonly GraphFace[], cylinders: readonly GraphFace[]): boolean {
  if (curved.some((f) => f.kind !== 'cylinder')) return false;
  if (new Set(cylinders.map((f) => roundParameter(f.radius!))).size > 1) return false;
  return cylinders.reduce((s, f) => s + (f.spanRad ?? 2 * Math.PI), 0) < MIN_PLAIN_HOLE_WALL_RAD;
}

/** An inward cone with a taper's half-angle ({@link isTaper}): the wall of a tapered hole, not an entry bevel or a drill point. */
function isTaperWall(f: GraphFace): boolean {
  return f.kind === 'cone' && f.inward && isTaper(f);
}

/** True when the two axes coincide (parallel, and b's origin on a's line) within tolerance. */
export function coaxial(a: { axis: Vec3 | null; origin: Vec3 }, b: { axis: Vec3 | null; origin: Vec3 }, tolMm: number): boolean {
  if (!a.axis || !b.axis || Math.abs(dot3(a.axis, b.axis)) < 0.9995) return false;
  const d: Vec3 = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
  const t = dot3(d, a.axis);
  return Math.hypot(d[0] - t * a.axis[0], d[1] - t * a.axis[1], d[2] - t * a.axis[2]) < Math.max(tolMm * 10, 1e-3);
}

/**
 * Whether a cylinder can be (a piece of) a hole wall: closed around its axis, or part-round because
 * another feature cut it. A part-round cylinder tangent to a wall (a slot or pocket end, an end of a
 * h-slot) or open to a stock side beside it (meeting a stock plane parallel to its axis: a circular
 * step's corner, a circular through slot) is not a hole.
 */
function holeWall(ctx: RuleContext, f: GraphFace, facets: ReadonlySet<number>): boolean {
  if (f.spanRad === undefined || f.spanRad >= MIN_HOLE_SPAN_RAD) return true;
  if (tangentNeighbours(ctx.graph, f).some((o) => !facets.has(o.index))) return false;
  for (const ai of ctx.graph.neighbours[f.index]) {
    const o = ctx.graph.faces[otherFace(ctx.graph.arcs[ai], f.index)];
    if (ctx.isStock[o.index] && o.normal && Math.abs(dot3(o.normal, f.axis!)) < 0.03) return false;
  }
  return true;
}

/** A cone that touches something outside the hole along a convex edge: it is at the entry. */
function isEntryCone(ctx: RuleContext, f: GraphFace, inside: ReadonlySet<number>): boolean {
  for (const ai of ctx.graph.neighbours[f.index]) {
    const arc = ctx.graph.arcs[ai];
    if (arc.convexity === 'convex' && !inside.has(otherFace(arc, f.index))) return true;
  }
  return false;
}

/**
 * A drill point whose apex another cut took (it breaks out through a wall, which meets it along a convex hyperbola):
 * its widest boundary is the drill's circle and it narrows from there — an entry cone widens from the drill's radius
 * instead. Read from the exact boundary points (B-Rep faces); a face without them is not one.
 */
function narrowsFromDrill(cone: GraphFace, radii: readonly number[], tolMm: number): boolean {
  const b = cone.boundary;
  if (!b || b.length < 6 || !cone.axis) return false;
  const [ax, ay, az] = cone.axis;
  const [ox, oy, oz] = cone.origin;
  let rMin = Infinity;
  let rMax = 0;
  for (let k = 0; k + 2 < b.length; k += 3) {
    const dx = b[k] - ox, dy = b[k + 1] - oy, dz = b[k + 2] - oz;
    const t = dx * ax + dy * ay + dz * az;
    const r = Math.hypot(dx - t * ax, dy - t * ay, dz - t * az);
    rMin = Math.min(rMin, r);
    rMax = Math.max(rMax, r);
  }
  return rMax - rMin > tolMm && radii.some((r) => Math.abs(rMax - r) <= tolMm);
}

/** A countersink cone as its own `chamfer` instance (included angle in degrees). @internal */
export function countersinkMatch(cone: GraphFace): RuleMatch {
  return {
    classId: CLASS.chamfer,
    faces: [cone.index],
    bottomFaces: [],
    confidence: 0.8,
    parameters: cone.semiAngleRad !== null ? { angleDeg: roundParameter((2 * cone.semiAngleRad * 180) / Math.PI) } : {},
    rule: 'countersink',
  };
}

/**
 * A free-form face winding round the hole's axis within the thread's ring: a thread modelled as faces
 * (helical flanks and crest). Its centroid lies near the axis (it goes all the way round) and its box
 * stays within the ring (`THREAD_MAX_MAJOR_RATIO` × the hole's radius). The composite-hole pass measures it.
 * @internal
 */
export function isThreadFace(f: GraphFace, ref: GraphFace): boolean {
  if (f.kind !== 'other' || !ref.axis || ref.radius === null) return false;
  const a = ref.axis;
  const off = (p: Vec3) => {
    const d: Vec3 = [p[0] - ref.origin[0], p[1] - ref.origin[1], p[2] - ref.origin[2]];
    const t = dot3(d, a);
    return Math.hypot(d[0] - t * a[0], d[1] - t * a[1], d[2] - t * a[2]);
  };
  if (off(f.centroid) > 0.5 * ref.radius) return false;
  const { min, max } = f.bbox;
  // the box of a ring around an axis along a principal direction: its corners at most √2 × the ring's radius out
  for (let c = 0; c < 8; c++) {
    const p: Vec3 = [c & 1 ? max[0] : min[0], c & 2 ? max[1] : min[1], c & 4 ? max[2] : min[2]];
    if (off(p) > Math.SQRT2 * THREAD_MAX_MAJOR_RATIO * ref.radius * 1.01) return false;
  }
  return true;
}

/**
 * A segmented mesh's flat facets of a hole's wall: planes along the axis (normal square to it), tangent to a cylinder
 * of the group and lying on it (a chord facet, {@link onCylinder}), each a small scrap of the depression
 * ({@link isMeshFacetScrap}). The segmentation leaves a wall's single facet as a plane of its own where another cut
 * crosses the hole (syn_s201_000043: one triangle beside each of a counterbored hole's two cylinders); it is part of
 * the wall, neither a floor nor a face that makes the group a pocket. Empty for B-Rep faces.
 */
function meshWallFacets(ctx: RuleContext, dep: Depression, faces: readonly GraphFace[], axis: Vec3): Set<number> {
  const out = new Set<number>();
  for (const f of faces) {
    if (f.kind !== 'plane' || !f.normal || f.triangles === undefined || Math.abs(dot3(f.normal, axis)) > WALL_FACET_MAX_COS) continue;
    if (!isMeshFacetScrap(ctx, dep, f.index)) continue;
    const onWall = ctx.graph.neighbours[f.index].some((ai) => {
      const arc = ctx.graph.arcs[ai];
      const o = ctx.graph.faces[otherFace(arc, f.index)];
      return arc.convexity === 'smooth' && o.kind === 'cylinder' && o.inward && dep.faces.includes(o.index) && faces.includes(o) && onCylinder(f.centroid, o);
    });
    if (onWall) out.add(f.index);
  }
  return out;
}

/**
 * A chord facet of cylinder `c`: its centroid inside the radius (a chord's points between its ends lie inside the arc),
 * by no more than a coarse tessellation's chord (10 % of the radius: a 50° step). A plane wall tangent to the cylinder
 * (a slot's or pocket's straight side running off its round end, however short) has its centroid out along the wall,
 * beyond the radius.
 */
function onCylinder(p: Vec3, c: GraphFace): boolean {
  if (!c.axis || c.radius === null) return false;
  const d: Vec3 = [p[0] - c.origin[0], p[1] - c.origin[1], p[2] - c.origin[2]];
  const t = dot3(d, c.axis);
  const rho = Math.hypot(d[0] - t * c.axis[0], d[1] - t * c.axis[1], d[2] - t * c.axis[2]);
  return rho < c.radius && rho >= 0.9 * c.radius;
}

/** |cos| between a wall facet's normal and the hole's axis at most (≈ 88.3°, the rules' square test). */
const WALL_FACET_MAX_COS = 0.03;

export const holeRule: FeatureRule = (ctx, dep) => {
  const all = dep.faces.map((i) => ctx.graph.faces[i]);
  // a tapered hole (a taper pin's, a drafted cast bore) has a cone for its wall
  const ref = all.find((f) => f.kind === 'cylinder' && f.inward) ?? all.find(isTaperWall);
  if (!ref || !ref.axis) return null;
  // thread faces go with the hole's wall; the rest of the rule sees the cylinders, cones and planes
  const threads = all.filter((f) => isThreadFace(f, ref));
  const faces = threads.length > 0 ? all.filter((f) => !threads.includes(f)) : all;
  const curved = faces.filter((f) => f.kind !== 'plane');
  for (const f of curved) {
    if ((f.kind !== 'cylinder' && f.kind !== 'cone') || !f.inward || !coaxial(ref, f, ctx.tolMm)) return null;
  }
  const axis = ref.axis;
  const facets = meshWallFacets(ctx, dep, faces, axis);
  for (const f of faces) if (f.kind === 'plane' && !facets.has(f.index) && (!f.normal || Math.abs(dot3(f.normal, axis)) < 0.9995)) return null;
  const cylinders = curved.filter((f) => f.kind === 'cylinder');
  const tapers = curved.filter(isTaperWall);
  if (![...cylinders, ...tapers].every((f) => holeWall(ctx, f, facets))) return null;
  if (isSliver(curved, cylinders)) return null;
  const inside = new Set(dep.faces);
  const radii = [...new Set(cylinders.map((f) => roundParameter(f.radius!)))].sort((a, b) => a - b);
  const entryCones = curved.filter((f) => f.kind === 'cone' && !isTaperWall(f) && isEntryCone(ctx, f, inside) && !narrowsFromDrill(f, cylinders.map((c) => c.radius!), ctx.tolMm));
  const out: RuleMatch[] = [];
  let holeFaces = dep.faces.filter((i) => !entryCones.some((c) => c.index === i));
  for (const cone of entryCones) out.push(countersinkMatch(cone));
  let shoulders: GraphFace[] = [];
  if (radii.length > 1) {
    // the counterbore: the widest cylinders and the planar shoulders that meet them
    const wideSet = new Set(cylinders.filter((f) => roundParameter(f.radius!) === radii[radii.length - 1]).map((f) => f.index));
    shoulders = faces.filter((f) => f.kind === 'plane' && !facets.has(f.index) && ctx.graph.neighbours[f.index].some((ai) => wideSet.has(otherFace(ctx.graph.arcs[ai], f.index))));
    const bore = [...wideSet, ...shoulders.map((f) => f.index)].sort((a, b) => a - b);
    const [blo, bhi] = extentAlong(ctx, [...wideSet], axis);
    out.push({
      classId: CLASS.blindHole,
      faces: bore,
      bottomFaces: shoulders.map((f) => f.index),
      confidence: 0.8,
      parameters: { diameterMm: roundParameter(2 * radii[radii.length - 1]), depthMm: roundParameter(bhi - blo) },
      rule: 'counterbore',
    });
    holeFaces = holeFaces.filter((i) => !bore.includes(i));
  }
  // a floor closes the hole: a planar face across the axis (an annular one closes a counterbore's bore),
  // or a drill-point cone
  const bottoms = holeFaces.map((i) => ctx.graph.faces[i]).filter((f) => (f.kind === 'plane' && !facets.has(f.index)) || (f.kind === 'cone' && !shoulders.includes(f) && !isTaperWall(f)));
  // A drill leaves one floor, at its deep end. A part-round cylinder closed by planes facing each other at both
  // ends is a groove between two walls (a U-shaped gap), not a hole.
  const partRound = cylinders.some((f) => f.spanRad !== undefined && f.spanRad < MIN_HOLE_SPAN_RAD);
  const floors = bottoms.filter((f) => f.kind === 'plane' && f.normal);
  if (partRound && floors.some((a) => floors.some((b) => dot3(a.normal!, b.normal!) < -0.9995))) return null;
  const through = bottoms.length === 0;
  const [lo, hi] = extentAlong(ctx, holeFaces, axis);
  out.push({
    classId: through ? CLASS.throughHole : CLASS.blindHole,
    faces: holeFaces,
    bottomFaces: bottoms.map((f) => f.index),
    confidence: 0.85,
    // a tapered hole has no cylinder: its diameter is the shared measurer's (at the narrow end), as every parameter is in the end
    parameters: { ...(radii.length > 0 ? { diameterMm: roundParameter(2 * radii[0]) } : {}), depthMm: roundParameter(hi - lo) },
    rule: through ? 'through-hole' : 'blind-hole',
  });
  return out.length === 1 ? out[0] : { ...out[out.length - 1], parts: out.slice(0, -1) };
};
