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
 * A profiled plate's outline walls are not found: a notch cut through a plate has the same geometry
 * (docs/recognition.md, "Base body").
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';

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
function inPlaneWidth(g: FeatureGraph, plate: BasePlate): number {
  return Math.min(
    ...plate.inPlane.map((w) => {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < g.points.length; i += 3) {
        const h = g.points[i] * w[0] + g.points[i + 1] * w[1] + g.points[i + 2] * w[2];
        if (h < lo) lo = h;
        if (h > hi) hi = h;
      }
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
  if (f.kind !== 'cylinder' || f.inward || !f.axis || f.radius === null) return false;
  if (Math.abs(dot(f.axis, c.axis!)) < COS_1DEG || Math.abs(f.radius - c.radius!) > tol) return false;
  const d: Vec3 = [f.origin[0] - c.origin[0], f.origin[1] - c.origin[1], f.origin[2] - c.origin[2]];
  const t = dot(d, c.axis!);
  return Math.sqrt(Math.max(0, dot(d, d) - t * t)) <= tol;
}

/**
 * A plate level is the base body's skin when what stands beyond it is clearly added onto it: the largest
 * level beyond it has at most this share of its area. (A block with a large step has a floor and a top of
 * comparable size; which one is the stock is then the bounding box's call, not this rule's.)
 */
export const MAX_PROTRUSION_SHARE = 1 / 3;
/**
 * A plate is thin: its thickness is at most this share of the part's smaller width across it. A thicker
 * base with something on it is a block with a step cut into it (MFCAD's and the generator's convention).
 */
export const MAX_PLATE_THICKNESS_SHARE = 0.25;

/** 1 per face of the base body's skin, else 0. */
export function baseBodyStockFaces(part: Readonly<Part>): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return out;
  const g = buildFeatureGraphFromPart(part);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const plate = findBasePlate(g);
  if (plate) {
    // Only a level with something standing beyond it: the outermost level is the bounding box's call.
    // A plate face reaches the plate's rim (a convex edge); a pocket floor is walled in by concave ones.
    const reachesRim = (level: Level) => level.faces.some((i) => g.neighbours[i].some((k) => g.arcs[k].convexity === 'convex'));
    const holds = (level: Level, beyond: Level[]) =>
      beyond.length > 0 && beyond.every((l) => l.area <= MAX_PROTRUSION_SHARE * level.area) && reachesRim(level);
    const thin = plate.top.height - plate.bottom.height <= MAX_PLATE_THICKNESS_SHARE * inPlaneWidth(g, plate);
    const topHolds = holds(plate.top, plate.beyondLevels.top);
    const bottomHolds = holds(plate.bottom, plate.beyondLevels.bottom);
    if (thin && topHolds) for (const i of plate.top.faces) out[i] = 1;
    if (thin && bottomHolds) for (const i of plate.bottom.faces) out[i] = 1;
  }
  const bar = largestConvexCylinder(g);
  if (bar && spansAcross(g, bar, tol)) for (const f of g.faces) if (sameCylinder(f, bar, tol)) out[f.index] = 1;
  return out;
}

/** The cylinder's diameter reaches the part's extent across its axis in some direction (a bar, not a boss). */
function spansAcross(g: FeatureGraph, c: GraphFace, tol: number): boolean {
  const a = c.axis!;
  const r = c.radius!;
  const p = g.points;
  let far = 0;
  for (let i = 0; i < p.length; i += 3) {
    const d: Vec3 = [p[i] - c.origin[0], p[i + 1] - c.origin[1], p[i + 2] - c.origin[2]];
    const t = dot(d, a);
    far = Math.max(far, Math.sqrt(Math.max(0, dot(d, d) - t * t)));
  }
  return far <= r + tol;
}

/** A one-line description for measurement logs. */
export function describeBaseBody(part: Readonly<Part>): string {
  const g = buildFeatureGraphFromPart(part);
  const plate = findBasePlate(g);
  const bar = largestConvexCylinder(g);
  const areas = (ls: Level[]) => `[${ls.map((l) => l.area.toFixed(0)).join(' ')}]`;
  const plateText = plate
    ? `plate top ${plate.top.area.toFixed(0)} (${plate.top.faces.length} f) bottom ${plate.bottom.area.toFixed(0)} (${plate.bottom.faces.length} f) thickness ${(plate.top.height - plate.bottom.height).toFixed(2)} beyond top ${areas(plate.beyondLevels.top)} beyond bottom ${areas(plate.beyondLevels.bottom)}`
    : 'no plate';
  return `${plateText}${plate ? ` width ${inPlaneWidth(g, plate).toFixed(2)}` : ''}; bar ${bar ? `r ${bar.radius!.toFixed(2)} spans ${spansAcross(g, bar, RELATIVE_TOLERANCE * g.diagonalMm)}` : 'none'}`;
}
