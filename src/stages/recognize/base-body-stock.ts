/**
 * The base body: the stock a part was made from when that is not its bounding box — a plate under what
 * stands on it, a turned bar. docs/labelling.md: stock is the skin of the base body; features are what is
 * cut into it or added onto it. Found from the part's dominant faces:
 * - a plate: the pair of opposed planar levels with the largest area (top and bottom); a level with
 *   something standing beyond it (so the bounding box is set by a protrusion) is the plate's skin, every
 *   face coplanar with it and facing the same way, when the protrusions are small beside it and the plate
 *   is thin ({@link MAX_PROTRUSION_SHARE}, {@link MAX_PLATE_THICKNESS_SHARE});
 * - a turned bar: the largest convex cylinder that spans the part across its axis; every convex face on
 *   the same cylinder (segments between tooth gaps, flats) is the bar's skin.
 * - a profiled plate's outline walls ({@link outlineWallStockFaces}): full-thickness walls on the plate's outline
 *   that no wall faces across a cut-sized gap, where the tier called them something an outline wall cannot be
 *   (a notch cut through the plate from its edge has the same local geometry as a profile's wall, so the
 *   tier's through-slot or through-step call is kept; docs/recognition.md, "Stock: outline walls"). A wall reaches a
 *   level across an edge break too; a rectangular passage the tier found that opens through a stock outline wall is
 *   a notch ({@link openedPassageWalls}).
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';
import { faceBoundaryReader, outerLoopEdges } from './face-boundary-extents.js';
import { projectedRange } from '../../geometry/vec3.js';
import { canonicalFitter } from './canonical-kinds.js';

/** Cosine of 1°: two normals this close are parallel. */
const COS_1DEG = Math.cos(Math.PI / 180);
/** Distance tolerance as a share of the bounding-box diagonal. */
const RELATIVE_TOLERANCE = 1e-4;

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** One planar level: faces with the same outward normal on the same plane. */
export interface Level {
  axis: number;
  sign: 1 | -1;
  height: number;
  area: number;
  faces: number[];
}

/** The plate the part's dominant faces define. */
export interface BasePlate {
  direction: Vec3;
  /** Two directions in the plate's plane (along its planar walls where it has any). */
  inPlane: [Vec3, Vec3];
  /** The levels beyond the top (facing up, higher) and beyond the bottom (facing down, lower). */
  beyondLevels: { top: Level[]; bottom: Level[] };
  top: Level;
  bottom: Level;
}

/** Planar levels of the part, grouped per axis direction. */
function planarLevels(g: FeatureGraph, tol: number): { axes: Vec3[]; levels: Level[] } {
  const axes: Vec3[] = [];
  const levels: Level[] = [];
  for (const f of g.faces) {
    if (f.kind !== 'plane' || !f.normal) continue;
    let k = axes.findIndex((a) => Math.abs(dot(a, f.normal!)) > COS_1DEG);
    if (k < 0) {
      axes.push(f.normal);
      k = axes.length - 1;
    }
    const sign: 1 | -1 = dot(axes[k], f.normal) > 0 ? 1 : -1;
    const height = dot(axes[k], f.origin);
    let level = levels.find((l) => l.axis === k && l.sign === sign && Math.abs(l.height - height) <= tol);
    if (!level) levels.push((level = { axis: k, sign, height, area: 0, faces: [] }));
    level.area += f.area;
    level.faces.push(f.index);
  }
  return { axes, levels };
}

/** The plate: per axis, the largest level facing each way with material between; the axis with the most area. */
export function findBasePlate(g: FeatureGraph): BasePlate | null {
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const { axes, levels } = planarLevels(g, tol);
  let best: BasePlate | null = null;
  axes.forEach((direction, k) => {
    const mine = levels.filter((l) => l.axis === k);
    const top = mine.filter((l) => l.sign === 1).sort((a, b) => b.area - a.area)[0];
    const bottom = mine.filter((l) => l.sign === -1).sort((a, b) => b.area - a.area)[0];
    if (!top || !bottom || !(top.height > bottom.height + tol)) return;
    if (best && best.top.area + best.bottom.area >= top.area + bottom.area) return;
    const u = axes.find((a) => Math.abs(dot(a, direction)) < 1e-3) ?? perpendicular(direction);
    const v: Vec3 = [direction[1] * u[2] - direction[2] * u[1], direction[2] * u[0] - direction[0] * u[2], direction[0] * u[1] - direction[1] * u[0]];
    const beyondLevels = {
      top: mine.filter((l) => l.sign === 1 && l.height > top.height + tol),
      bottom: mine.filter((l) => l.sign === -1 && l.height < bottom.height - tol),
    };
    best = { direction, inPlane: [u, v], beyondLevels, top, bottom };
  });
  return best;
}

/** Some unit vector square to `d`. */
function perpendicular(d: Vec3): Vec3 {
  const h: Vec3 = Math.abs(d[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const k = dot(h, d);
  const p: Vec3 = [h[0] - k * d[0], h[1] - k * d[1], h[2] - k * d[2]];
  const l = Math.hypot(p[0], p[1], p[2]);
  return [p[0] / l, p[1] / l, p[2] / l];
}

/** The part's smaller extent across the plate's direction (over its boundary points). */
export function inPlaneWidth(g: FeatureGraph, plate: BasePlate): number {
  // projectedRange is the same loop (same products, same comparisons), in a small function that is optimized early.
  return Math.min(
    ...plate.inPlane.map((w) => {
      const [lo, hi] = projectedRange(g.points, w);
      return hi - lo;
    }),
  );
}

/** The bar: the largest convex cylinder; null when there is none. */
function largestConvexCylinder(g: FeatureGraph): GraphFace | null {
  let best: GraphFace | null = null;
  for (const f of g.faces) if (f.kind === 'cylinder' && !f.inward && f.axis && f.radius !== null && (!best || f.radius > best.radius!)) best = f;
  return best;
}

/** Whether `f` lies on the same cylinder as `c` (axis line and radius within `tol`), facing out. */
function sameCylinder(f: GraphFace, c: GraphFace, tol: number): boolean {
  if (f.kind !== 'cylinder' || f.inward || f.radius === null || Math.abs(f.radius - c.radius!) > tol) return false;
  return onAxis(f, c, tol);
}

/**
 * A plate level is the base body's skin when what stands beyond it is clearly added onto it: the largest
 * level beyond it has at most this share of its area. (A block with a large step has a floor and a top of
 * comparable size; which one is the stock is then the bounding box's call, not this rule's.) Session 7 tried 0.4 (for
 * D17's flange at 0.346) and kept 1/3: a generated dev pocket floor sits at 0.384 (docs/recognition.md;
 * `tools/stock/plate-margins.ts`).
 */
export const MAX_PROTRUSION_SHARE = 1 / 3;
/**
 * A plate is thin: its thickness is at most this share of the part's smaller width across it. A thicker
 * base with something on it is a block with a step cut into it (MFCAD's and the generator's convention).
 */
export const MAX_PLATE_THICKNESS_SHARE = 0.25;

/** 1 per face of the base body's skin, else 0. */
export function baseBodyStockFaces(part: Readonly<Part>, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const plate = findBasePlate(g);
  if (plate) {
    // Only a level with something standing beyond it: the outermost level is the bounding box's call.
    const holds = (level: Level, beyond: Level[], side: 1 | -1) =>
      beyond.length > 0 && beyond.every((l) => l.area <= MAX_PROTRUSION_SHARE * level.area) && reachesRim(part, g, level, plate.direction, side, tol);
    const thin = plate.top.height - plate.bottom.height <= MAX_PLATE_THICKNESS_SHARE * inPlaneWidth(g, plate);
    const topHolds = thin && holds(plate.top, plate.beyondLevels.top, 1);
    const bottomHolds = thin && holds(plate.bottom, plate.beyondLevels.bottom, -1);
    if (topHolds) for (const i of plate.top.faces) out[i] = 1;
    if (bottomHolds) for (const i of plate.bottom.faces) out[i] = 1;
  }
  const bar = largestConvexCylinder(g);
  if (bar && spansAcross(g, bar, tol)) for (const f of g.faces) if (sameCylinder(f, bar, tol)) out[f.index] = 1;
  return out;
}

/**
 * Whether a plate level reaches the plate's rim: one of its faces meets, along a convex or smooth edge, a face that stays
 * on the material side of the level (`side` 1: the level faces along `direction`, -1: against it) — an outline wall, a
 * hole's wall or an edge break's round hanging from the plate's skin (a pocket's floor fillet rises past the floor). A
 * pocket floor is walled in by concave edges; the floor of a cut that runs out
 * through a block's side (a passage, a pocket or slot another cut opened) meets that side convexly, but the side rises
 * past the floor: the block is thicker than the "plate" there, and the level is a cut's, not the base body's skin. On
 * generated box parts such floors read as a thin plate under the cuts' smaller levels beyond it (session 25: 5 cavity
 * faces of box seed 126 turned to stock); every real plate level the rule turns has ≥ 4 such rim faces.
 */
function reachesRim(part: Readonly<Part>, g: FeatureGraph, level: Level, direction: Vec3, side: 1 | -1, tol: number): boolean {
  const { extent } = faceBoundaryReader(part);
  return level.faces.some((i) =>
    g.neighbours[i].some((k) => {
      const arc = g.arcs[k];
      if (arc.convexity !== 'convex' && arc.convexity !== 'smooth') return false;
      const [lo, hi] = extent(arc.a === i ? arc.b : arc.a, direction);
      return side === 1 ? hi <= level.height + tol : lo >= level.height - tol;
    }),
  );
}

/**
 * 1 per face of a turned bar's reduced sections (docs/labelling.md, turned parts: "each reduced diameter with its shoulder
 * one other_feature"), else 0: on a part whose base body is a turned bar ({@link baseBodyStockFaces}), every convex
 * cylinder on the bar's axis narrower than the bar, and every planar shoulder square to the axis that meets such a
 * cylinder along a concave edge (the step down it turns from; the ends the sections run out to stay the bar's). The
 * tiers know cavities only and call these an O-ring groove or a pocket; nothing was cut into the part there that a
 * feature class names.
 */
export function turnedSectionFaces(part: Readonly<Part>, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const bar = largestConvexCylinder(g);
  if (!bar || !spansAcross(g, bar, tol)) return out;
  const reduced = g.faces.filter((f) => f.kind === 'cylinder' && !f.inward && f.boundary && f.radius! < bar.radius! - tol && onAxis(f, bar, tol));
  if (reduced.length === 0) return out;
  for (const f of reduced) {
    out[f.index] = 1;
    for (const k of g.neighbours[f.index]) {
      const arc = g.arcs[k];
      const o = g.faces[arc.a === f.index ? arc.b : arc.a];
      if (arc.convexity === 'concave' && o.kind === 'plane' && o.normal && Math.abs(dot(o.normal, bar.axis!)) > COS_1DEG) out[o.index] = 1;
    }
  }
  return out;
}

/** Whether `f`'s axis is `c`'s axis line (parallel within 1°, and its origin on it within `tol` mm). @internal */
export function onAxis(f: GraphFace, c: GraphFace, tol: number): boolean {
  if (!f.axis || Math.abs(dot(f.axis, c.axis!)) < COS_1DEG) return false;
  const d: Vec3 = [f.origin[0] - c.origin[0], f.origin[1] - c.origin[1], f.origin[2] - c.origin[2]];
  const t = dot(d, c.axis!);
  return Math.sqrt(Math.max(0, dot(d, d) - t * t)) <= tol;
}

/** The cylinder's diameter reaches the part's extent across its axis in some direction (a bar, not a boss). */
function spansAcross(g: FeatureGraph, c: GraphFace, tol: number): boolean {
  const a = c.axis!;
  const r = c.radius!;
  const p = g.points;
  let far = 0;
  // dot() written out on scalars (same operations in the same order): no array per point.
  const [o0, o1, o2] = c.origin;
  for (let i = 0; i < p.length; i += 3) {
    const d0 = p[i] - o0, d1 = p[i + 1] - o1, d2 = p[i + 2] - o2;
    const t = d0 * a[0] + d1 * a[1] + d2 * a[2];
    far = Math.max(far, Math.sqrt(Math.max(0, d0 * d0 + d1 * d1 + d2 * d2 - t * t)));
  }
  return far <= r + tol;
}

/** A one-line description for measurement logs. */
export function describeBaseBody(part: Readonly<Part>): string {
  const g = buildFeatureGraphFromPart(part, canonicalFitter);
  const plate = findBasePlate(g);
  const bar = largestConvexCylinder(g);
  const areas = (ls: Level[]) => `[${ls.map((l) => l.area.toFixed(0)).join(' ')}]`;
  const plateText = plate
    ? `plate top ${plate.top.area.toFixed(0)} (${plate.top.faces.length} f) bottom ${plate.bottom.area.toFixed(0)} (${plate.bottom.faces.length} f) thickness ${(plate.top.height - plate.bottom.height).toFixed(2)} beyond top ${areas(plate.beyondLevels.top)} beyond bottom ${areas(plate.beyondLevels.bottom)}`
    : 'no plate';
  return `${plateText}${plate ? ` width ${inPlaneWidth(g, plate).toFixed(2)}` : ''}; bar ${bar ? `r ${bar.radius!.toFixed(2)} spans ${spansAcross(g, bar, RELATIVE_TOLERANCE * g.diagonalMm)}` : 'none'}`;
}

/** How one face sits against the base plate's outline (for measurement; see {@link outlineWallRecords}). */
export interface OutlineWallRecord {
  /** A base plate was found and is thin. */
  plate: boolean;
  /** Planar and square to the plate (normal in the plate's plane). */
  square: boolean;
  /** Meets a face of the plate's top level and one of its bottom level, both at convex edges. */
  fullThickness: boolean;
  /** On a supporting plane of the part (the convex hull). */
  support: boolean;
  /** Nearest planar face facing this one across a gap (antiparallel normal, overlapping), gap ÷ the part's smaller width; null when none. */
  facingGap: number | null;
  /** A concave neighbour is itself faced across a gap (this face is the floor of a notch or slot). */
  betweenFacing: boolean;
  /** The smallest such neighbour's gap ÷ the part's smaller width; null when none. */
  neighbourGap: number | null;
  /** Shares an edge with the outer boundary loop of a plate-level face (the plate's outline, not a hole through it). */
  onOutline: boolean;
  /** How far the part reaches beyond this face's plane along its normal, ÷ the part's smaller width. */
  beyond: number;
}

/**
 * Per face, {@link OutlineWallRecord} (square, full-thickness faces get the facing tests; others `facingGap` null).
 * `thinOnly`: nothing measured when the plate is not thin (the rule's own use).
 */
export function outlineWallRecords(part: Readonly<Part>, graph?: FeatureGraph, thinOnly = false): OutlineWallRecord[] {
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const plate = findBasePlate(g);
  const none = (): OutlineWallRecord => ({ plate: false, square: false, fullThickness: false, support: false, facingGap: null, betweenFacing: false, neighbourGap: null, onOutline: false, beyond: 0 });
  if (!plate) return g.faces.map(none);
  const width = inPlaneWidth(g, plate);
  // a plate whose levels both reach its rim: a level that does not is a cut's floor inside a thicker block (reachesRim)
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const thin = plate.top.height - plate.bottom.height <= MAX_PLATE_THICKNESS_SHARE * width
    && reachesRim(part, g, plate.top, plate.direction, 1, tol) && reachesRim(part, g, plate.bottom, plate.direction, -1, tol);
  if (thinOnly && !thin) return g.faces.map(none);
  const walls = outlineWalls(part, g, plate);
  return g.faces.map((f) => {
    const w = walls.get(f.index);
    const r = none();
    r.plate = thin;
    r.square = f.kind === 'plane' && !!f.normal && Math.abs(dot(f.normal, plate.direction)) < SQUARE_COS;
    if (!w) return r;
    return { ...r, fullThickness: true, support: w.beyond <= RELATIVE_TOLERANCE * g.diagonalMm, facingGap: w.facingGap === null ? null : w.facingGap / width, betweenFacing: w.betweenFacing, neighbourGap: w.neighbourGap === null ? null : w.neighbourGap / width, onOutline: w.onOutline, beyond: w.beyond / width };
  });
}

/**
 * A facing gap at most this share of the part's smaller width makes two walls the sides of one cut (a slot,
 * a notch, a V notch). Chosen on the real tune files by leave-one-file-out (docs/recognition.md, "Stock:
 * outline walls", session 5): every file's held-out choice was 0.072–0.101.
 */
export const MAX_CUT_GAP_SHARE = 0.1;

/**
 * Classes a full-thickness wall on a plate's outline can rightly carry: a cut through the plate from its edge
 * (through slot, through step), an edge break, a protrusion's side, stock. A tier calling an outline wall a
 * pocket, blind slot or step, passage or hole describes something it cannot be, so the wall is stock.
 */
export const OUTLINE_WALL_CLASSES: ReadonlySet<string> = new Set([
  'stock', 'chamfer', 'round', 'other_feature', 'rectangular_through_slot', 'triangular_through_slot', 'circular_through_slot',
  'rectangular_through_step', '2sides_through_step', 'slanted_through_step',
]);

/**
 * 1 per outline wall of a thin base plate that is stock: a planar wall square to the plate, running its full
 * thickness (convex edges to both plate levels, or to an edge break that meets the level: {@link edgeBreaksTo}), on the
 * outer loop of a plate level (itself or its edge break), not on the convex hull
 * (there the tiers' box tests decide), faced by no wall across a gap of at most {@link MAX_CUT_GAP_SHARE} of the
 * part's width and not between two such walls (a notch's floor), not a wall of a passage that surrounds its axis
 * ({@link surroundsPlateAxis}), and called by the tier (`classOf(face)`, a class name or null) something an outline
 * wall cannot be ({@link OUTLINE_WALL_CLASSES}), or a through step the part reaches far beyond (an inner wall of an L or T
 * profile, {@link MIN_PROFILE_CUTAWAY_SHARE}).
 */
export function outlineWallStockFaces(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): Uint8Array {
  return outlineWallsAndNotches(part, classOf, graph).stock;
}

/**
 * {@link outlineWallStockFaces} (`stock`), and the walls of the tier's rectangular passages that open through an outline
 * wall ({@link openedPassageWalls}; per face the wall it opens through), which are not stock.
 */
export function outlineWallsAndNotches(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): { stock: Uint8Array; notches: Map<number, number> } {
  const out = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return { stock: out, notches: new Map() };
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const records = outlineWallRecords(part, g, true);
  outlineStock(g, records, classOf, out);
  // a rectangular passage's walls that open through a stock outline wall are a notch's, not the outline's
  const notches = openedPassageWalls(g, records, classOf, out);
  for (const i of notches.keys()) out[i] = 0;
  return { stock: out, notches };
}

function outlineStock(g: FeatureGraph, records: OutlineWallRecord[], classOf: (face: number) => string | null, out: Uint8Array): void {
  let plate: BasePlate | null | undefined;
  records.forEach((r, i) => {
    if (!r.plate || !r.fullThickness || !r.onOutline || r.support) return;
    const cut = (gap: number | null) => gap !== null && gap <= MAX_CUT_GAP_SHARE;
    if (cut(r.facingGap) || cut(r.neighbourGap)) return;
    const c = classOf(i);
    if (c === null) return;
    if (OUTLINE_WALL_CLASSES.has(c) && !(THROUGH_STEP_CLASSES.has(c) && r.beyond >= MIN_PROFILE_CUTAWAY_SHARE)) return;
    if (PASSAGE_CLASSES.has(c)) {
      if (plate === undefined) plate = findBasePlate(g);
      if (plate && surroundsPlateAxis(g, plate, i, classOf)) return;
    }
    out[i] = 1;
  });
}

/**
 * Faces of rectangular passages (the tier's `rectangular_passage`) that open through a full-thickness wall on the plate's
 * outline: a wall of the passage meets such a wall convexly, and that wall is stock (called so, or `stock[o]`). A
 * passage is closed all round; one whose wall meets the outline's wall at a convex edge is cut in from there — a notch
 * (`rectangular_through_slot`, docs/labelling.md, "Profiled plates") whose open side the tier could not see because the
 * wall it opens through is not on the bounding box (an L's or T's inner wall). Per face, the wall it opens through.
 */
export function openedPassageWalls(g: FeatureGraph, records: OutlineWallRecord[], classOf: (face: number) => string | null, stock: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  const seen = new Set<number>();
  records.forEach((r, i) => {
    if (!r.plate || seen.has(i) || classOf(i) !== OPENED_PASSAGE_CLASS) return;
    // the passage: faces of its class joined along concave or smooth edges
    const group = [i];
    seen.add(i);
    for (let k = 0; k < group.length; k++)
      for (const a of g.neighbours[group[k]]) {
        const arc = g.arcs[a];
        const j = arc.a === group[k] ? arc.b : arc.a;
        if ((arc.convexity === 'concave' || arc.convexity === 'smooth') && !seen.has(j) && classOf(j) === OPENED_PASSAGE_CLASS) {
          seen.add(j);
          group.push(j);
        }
      }
    const inGroup = new Set(group);
    let opening = -1;
    for (const f of group) {
      if (!records[f].fullThickness) continue;
      for (const a of g.neighbours[f]) {
        const arc = g.arcs[a];
        const o = arc.a === f ? arc.b : arc.a;
        if (arc.convexity !== 'convex' || inGroup.has(o) || !records[o].fullThickness || !records[o].onOutline) continue;
        if (stock[o] === 1 || classOf(o) === 'stock') opening = o;
      }
    }
    if (opening >= 0) for (const f of group) out.set(f, opening);
  });
  return out;
}

const OPENED_PASSAGE_CLASS = 'rectangular_passage';

/**
 * A through step's wall on a plate's outline that the part reaches beyond by at least this share of its width is an
 * inner wall of an L, T or U profile (the plate's other arm stands beside it), not a step cut at a corner: the
 * profile's outline is stock (docs/labelling.md, "Profiled plates"). Real tune corner steps (D16) reach 0.07–0.08; the
 * generated plates' L and T inner walls 0.16–3.5, 48 of 50 at or over 0.3 (session 17, `--plates` seed 201).
 */
export const MIN_PROFILE_CUTAWAY_SHARE = 0.3;

const THROUGH_STEP_CLASSES: ReadonlySet<string> = new Set(['rectangular_through_step', '2sides_through_step']);

const PASSAGE_CLASSES: ReadonlySet<string> = new Set(['triangular_passage', 'rectangular_passage', '6sides_passage']);

/**
 * The walls the tier gave `face`'s class that hang together with it along concave or smooth edges face every way
 * round the plate's direction (their normals leave no half-turn free): they surround a cut through the plate — a
 * passage, whole or opened by a later cut that joined it to the outline. A plate's outline turns concavely only into
 * a notch, whose walls all face within a half-turn (session 13).
 */
function surroundsPlateAxis(g: FeatureGraph, plate: BasePlate, face: number, classOf: (face: number) => string | null): boolean {
  const cls = classOf(face);
  const seen = new Set([face]);
  const queue = [face];
  const angles: number[] = [];
  const [u, v] = plate.inPlane;
  while (queue.length > 0) {
    const i = queue.pop()!;
    const n = g.faces[i].normal;
    if (g.faces[i].kind === 'plane' && n) angles.push(Math.atan2(dot(n, v), dot(n, u)));
    for (const k of g.neighbours[i]) {
      const arc = g.arcs[k];
      if (arc.convexity !== 'concave' && arc.convexity !== 'smooth') continue;
      const j = arc.a === i ? arc.b : arc.a;
      if (seen.has(j) || classOf(j) !== cls) continue;
      seen.add(j);
      queue.push(j);
    }
  }
  if (angles.length < 3) return false;
  angles.sort((a, b) => a - b);
  let widestGap = angles[0] + 2 * Math.PI - angles[angles.length - 1];
  for (let k = 1; k < angles.length; k++) widestGap = Math.max(widestGap, angles[k] - angles[k - 1]);
  return widestGap < Math.PI - HALF_TURN_MARGIN_RAD;
}

/** A gap between wall normals this much short of a half-turn still counts as one (≈ 1°): a notch's walls face within a half-turn. */
const HALF_TURN_MARGIN_RAD = Math.PI / 180;

/** |cos| below which a plane's normal lies in the plate's plane (≈ 1°). */
const SQUARE_COS = Math.sin(Math.PI / 180);
/** Two walls face each other when their normals are opposed by more than this cosine (≈ 95°: a V notch opening under 85°). */
const FACING_COS = 0.1;

interface OutlineWall {
  facingGap: number | null;
  betweenFacing: boolean;
  neighbourGap: number | null;
  onOutline: boolean;
  beyond: number;
}

/**
 * The plate's full-thickness walls: planar, square to the plate, meeting a top-level and a bottom-level face
 * at convex edges. For each: the nearest wall facing it across a gap, whether a concave neighbour is faced,
 * and how far the part reaches beyond its plane.
 */
function outlineWalls(part: Readonly<Part>, g: FeatureGraph, plate: BasePlate): Map<number, OutlineWall> {
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const top = new Set(plate.top.faces);
  const bottom = new Set(plate.bottom.faces);
  const square = (f: GraphFace) => f.kind === 'plane' && !!f.normal && Math.abs(dot(f.normal, plate.direction)) < SQUARE_COS;
  const convexTo = (i: number, level: Set<number>) => g.neighbours[i].some((k) => g.arcs[k].convexity === 'convex' && level.has(g.arcs[k].a === i ? g.arcs[k].b : g.arcs[k].a));
  // the edge breaks by which each square wall reaches a level (empty where it meets the level itself)
  const breaksOf = new Map<number, number[]>();
  const reaches = (f: GraphFace, level: Set<number>): boolean => {
    if (convexTo(f.index, level)) return true;
    const via = edgeBreaksTo(g, f, level, plate.direction);
    if (via.length === 0) return false;
    breaksOf.set(f.index, [...(breaksOf.get(f.index) ?? []), ...via]);
    return true;
  };
  const candidates = g.faces.filter((f) => square(f) && reaches(f, top) && reaches(f, bottom));
  if (candidates.length === 0) return new Map();
  // Extents of every square planar face along the plate direction and along its own in-plane direction.
  const d = plate.direction;
  const squares = g.faces.filter(square);
  const { pointsOf, extent } = faceBoundaryReader(part);
  const plateExtents = new Map<number, [number, number]>();
  const alongPlate = (i: number) => {
    let e = plateExtents.get(i);
    if (!e) plateExtents.set(i, (e = extent(i, d)));
    return e;
  };
  const overlaps = (a: [number, number], b: [number, number]) => Math.min(a[1], b[1]) - Math.max(a[0], b[0]) > tol;
  /** Boundary points of face `i` all on or in front of the plane of `f` (along its outward normal), some strictly. */
  const inFront = (i: number, f: GraphFace) => {
    const p = pointsOf(i);
    const n = f.normal!, h0 = dot(n, f.origin);
    let ahead = false;
    for (let k = 0; k < p.length; k += 3) {
      const h = p[k] * n[0] + p[k + 1] * n[1] + p[k + 2] * n[2] - h0;
      if (h < -tol) return false;
      if (h > tol) ahead = true;
    }
    return ahead;
  };
  /**
   * Nearest square planar face facing `f` across a gap: normals opposed (antiparallel: a slot's or a notch's
   * side walls; at an angle: a V notch), each face in front of the other's plane, overlapping along the plate
   * direction and along `f`'s own in-plane direction. The gap is measured at the other face's centroid.
   */
  const facingGap = (f: GraphFace): number | null => {
    const n = f.normal!;
    const u: Vec3 = [d[1] * n[2] - d[2] * n[1], d[2] * n[0] - d[0] * n[2], d[0] * n[1] - d[1] * n[0]];
    const fu = extent(f.index, u), fd = alongPlate(f.index);
    let best: number | null = null;
    for (const o of squares) {
      if (o.index === f.index || dot(o.normal!, n) >= -FACING_COS) continue;
      const gap = dot(n, o.centroid) - dot(n, f.origin);
      if (gap <= tol || (best !== null && gap >= best)) continue;
      if (overlaps(fd, alongPlate(o.index)) && overlaps(fu, extent(o.index, u)) && inFront(o.index, f) && inFront(f.index, o)) best = gap;
    }
    return best;
  };
  const gaps = new Map<number, number | null>();
  const gapOf = (f: GraphFace) => {
    if (!gaps.has(f.index)) gaps.set(f.index, facingGap(f));
    return gaps.get(f.index)!;
  };
  // Edges of the outer loops of the plate's level faces: the plate's outline.
  const outlineEdges = new Set<number>();
  for (const i of [...plate.top.faces, ...plate.bottom.faces]) for (const e of outerLoopEdges(part, i)) outlineEdges.add(e);
  const out = new Map<number, OutlineWall>();
  const p = g.points;
  for (const f of candidates) {
    const n = f.normal!;
    const h0 = dot(n, f.origin);
    const beyond = farthestAbovePlane(p, n, h0);
    // A concave neighbour (directly, or across a concave blend: a notch's corner radius) that is faced.
    const concaveWalls = new Set<number>();
    for (const k of g.neighbours[f.index]) {
      const arc = g.arcs[k];
      const o = g.faces[arc.a === f.index ? arc.b : arc.a];
      if (arc.convexity === 'concave' && square(o)) concaveWalls.add(o.index);
      if (arc.convexity === 'smooth' && o.kind === 'cylinder' && o.inward)
        for (const k2 of g.neighbours[o.index]) {
          const q = g.faces[g.arcs[k2].a === o.index ? g.arcs[k2].b : g.arcs[k2].a];
          if (q.index !== f.index && g.arcs[k2].convexity === 'smooth' && square(q)) concaveWalls.add(q.index);
        }
    }
    const neighbourGaps = [...concaveWalls].map((o) => gapOf(g.faces[o])).filter((x): x is number => x !== null);
    const betweenFacing = neighbourGaps.length > 0;
    const neighbourGap = betweenFacing ? Math.min(...neighbourGaps) : null;
    // on the outline itself, or behind an edge break that is (a broken outline edge; a hole's rim break is on an inner loop)
    const touches = (i: number) => part.faces[i].bounds.some((b) => b.coedges.some((c) => outlineEdges.has(c.edge)));
    const onOutline = touches(f.index) || (breaksOf.get(f.index) ?? []).some(touches);
    out.set(f.index, { facingGap: gapOf(f), betweenFacing, neighbourGap, onOutline, beyond });
  }
  return out;
}

/**
 * The edge breaks by which the square wall `f` reaches a face of `level`: neighbours it meets convexly (a chamfer) or
 * smoothly (a round) that meet a level face convexly or smoothly and run along the wall's edge with the level — a
 * slanted plane whose normal lies in the plane of the wall's normal and the plate direction, or a convex cylinder whose
 * axis runs along that edge (square to both). An outline edge chamfered or rounded after the profile was cut leaves
 * the wall short of the plate's levels; the wall is the outline all the same (docs/labelling.md, "Profiled plates").
 */
function edgeBreaksTo(g: FeatureGraph, f: GraphFace, level: Set<number>, d: Vec3): number[] {
  const n = f.normal!;
  const along: Vec3 = [d[1] * n[2] - d[2] * n[1], d[2] * n[0] - d[0] * n[2], d[0] * n[1] - d[1] * n[0]];
  const out: number[] = [];
  for (const k of g.neighbours[f.index]) {
    const arc = g.arcs[k];
    if (arc.convexity !== 'convex' && arc.convexity !== 'smooth') continue;
    const b = g.faces[arc.a === f.index ? arc.b : arc.a];
    const chamfer = b.kind === 'plane' && !!b.normal && arc.convexity === 'convex' && Math.abs(dot(b.normal, d)) > SQUARE_COS && Math.abs(dot(b.normal, d)) < COS_1DEG && Math.abs(dot(b.normal, along)) < SQUARE_COS;
    const round = b.kind === 'cylinder' && !b.inward && !!b.axis && arc.convexity === 'smooth' && Math.abs(dot(b.axis, along)) > COS_1DEG;
    if (!chamfer && !round) continue;
    const meetsLevel = g.neighbours[b.index].some((j) => {
      const a = g.arcs[j];
      return (a.convexity === 'convex' || a.convexity === 'smooth') && level.has(a.a === b.index ? a.b : a.a);
    });
    if (meetsLevel) out.push(b.index);
  }
  return out;
}

/**
 * @internal How far the farthest of `points` (xyz triples) lies above the plane `n · x = h0`, at least 0.
 * Its own small function: the loop runs over every boundary point of the part once per wall, and in the body of
 * the rarely called {@link outlineWalls} it ran unoptimized for its first calls (each number boxed, the
 * garbage collector busy); here it is optimized after a few calls.
 */
export function farthestAbovePlane(points: Float64Array, n: Vec3, h0: number): number {
  let beyond = 0;
  for (let k = 0; k < points.length; k += 3) beyond = Math.max(beyond, points[k] * n[0] + points[k + 1] * n[1] + points[k + 2] * n[2] - h0);
  return beyond;
}
