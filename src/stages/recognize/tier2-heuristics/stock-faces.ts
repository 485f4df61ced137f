/**
 * Stock detection: a face belongs to the raw stock when it lies on a supporting plane of the part
 * (every boundary point is on its inner side: a bbox or convex-hull plane), or, for turned stock, is a
 * convex cylinder that encloses every point.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { FeatureGraph, GraphFace } from './feature-graph.js';
import { dot3, cross3, vec3 } from '../../../geometry/vec3.js';
import { rotatedBox } from '../../../geometry/points-box.js';
import { regularPrismRing } from './regular-prism-ring.js';

/** Relative tolerance (× bbox diagonal) for "on the supporting plane". */
export const STOCK_TOLERANCE = 1e-4;

/**
 * `isStock[i]` for every face of the graph. Planar stock faces must also be parallel to one of the
 * stock's principal axes, taken from the largest supporting planes (so a chamfer or a slanted step,
 * which also lie on the convex hull, are not stock) — or be a side of a regular polygonal prism whose
 * sides all lie on the hull (a hexagon bar's or nut's flats, {@link regularPrismRing}).
 */
export function findStockFaces(g: FeatureGraph): boolean[] {
  const support = supportingFaces(g);
  const axes: Vec3[] = [];
  const planes = g.faces.filter((f) => support[f.index] && f.normal).sort((a, b) => b.area - a.area);
  const drafted = draftedPairs(planes);
  // each axis: the supporting normal with the most supporting area parallel or perpendicular to it, so
  // that one large, slightly tilted face on the hull (a slanted step, a big chamfer) cannot tilt the frame; drafted
  // walls (a casting's sides, leaning a few degrees from the direction it was pulled from the mould) count for their
  // pull direction only, as pairs leaning alike either side of it: one wall alone cannot pull the frame its way
  const aligned = (n: Vec3) => {
    let score = 0;
    for (const q of planes) {
      const c = Math.abs(dot3(n, q.normal!));
      if (c > 0.9995 || c < 0.02) score += q.area;
    }
    for (const d of drafted) if (Math.abs(dot3(n, d.pull)) > PULL_ON_AXIS_COS) score += d.area;
    return score;
  };
  for (let k = 0; k < 2; k++) {
    let best: Vec3 | null = null, bestScore = -1;
    for (const f of planes) {
      if (!axes.every((a) => Math.abs(dot3(a, f.normal!)) < 0.02)) continue;
      const score = aligned(f.normal!);
      if (score > bestScore * (1 + 1e-9)) (best = f.normal), (bestScore = score);
    }
    // no supporting plane square to the pull direction (every side drafted): the drafted walls' own direction across it
    if (!best && k === 1) best = draftedSide(drafted, axes[0]);
    if (best) axes.push(best);
  }
  if (axes.length === 2) axes.push(cross3(vec3(), axes[0], axes[1]));
  // drafted sides: walls of a pair pulled along one of the axes, each facing another axis with its draft taken out
  const draftedWalls = new Set<number>();
  for (const d of drafted)
    if (axes.length === 3 && axes.some((a) => Math.abs(dot3(a, d.pull)) > PULL_ON_AXIS_COS))
      for (const i of d.faces) if (isDraftedWall(g.faces[i].normal!, axes)) draftedWalls.add(i);
  return g.faces.map((f) => {
    if (!support[f.index]) return false;
    if (!f.normal || axes.length < 3) return true;
    if (axes.some((a) => Math.abs(dot3(a, f.normal!)) > 0.9995)) return true;
    if (draftedWalls.has(f.index)) return true;
    // a hexagon or octagon bar's flats: all on the hull, alike, whatever the frame the largest planes set
    return regularPrismRing(g, f)?.every((o) => support[o.index]) ?? false;
  });
}

/** Largest draft (degrees) of a cast or moulded wall: sin of it bounds a drafted wall normal's component along its pull. */
const MAX_DRAFT_SIN = Math.sin((10 * Math.PI) / 180);
/**
 * A drafted pair's pull (the direction its normals add up to) lies along an axis within this cosine (about 0.1°): drafts
 * are modelled exactly, so both sides lean by the same angle; a slanted face opposite a square one (a slanted step over
 * a flat bottom) pulls half its tilt off the axis.
 */
const PULL_ON_AXIS_COS = 0.999998;

/** A pair of supporting walls drafted alike either side of a pull direction, and their joint area. */
interface DraftedPair {
  /** The two walls (face indices). */
  faces: [number, number];
  pull: Vec3;
  /** The direction across the pull from one wall to the other (unit, square to `pull`). */
  across: Vec3;
  area: number;
}

/**
 * Pairs of supporting planes facing nearly opposite ways (each leaning at most 10° from the plane square to their
 * pull) and the direction their normals add up to (their pull: the opposite sides of a casting, drafted, lean alike
 * from it). Exact opposite walls (a machined block) make no pair: their normals cancel. Whether the pull is an axis of
 * the part is the caller's test ({@link PULL_ON_AXIS_COS}).
 */
function draftedPairs(planes: readonly GraphFace[]): DraftedPair[] {
  const out: DraftedPair[] = [];
  for (let i = 0; i < planes.length; i++)
    for (let j = i + 1; j < planes.length; j++) {
      const a = planes[i].normal!, b = planes[j].normal!;
      const c = dot3(a, b);
      if (c < -0.9995 || c > -(1 - 2 * MAX_DRAFT_SIN * MAX_DRAFT_SIN)) continue;
      const sum: Vec3 = [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
      const len = Math.hypot(...sum);
      const pull: Vec3 = [sum[0] / len, sum[1] / len, sum[2] / len];
      const diff: Vec3 = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
      const dl = Math.hypot(...diff);
      out.push({ faces: [planes[i].index, planes[j].index], pull, across: [diff[0] / dl, diff[1] / dl, diff[2] / dl], area: planes[i].area + planes[j].area });
    }
  return out;
}

/** The direction across `pull` of the largest drafted pair pulled along it, or null. */
function draftedSide(pairs: readonly DraftedPair[], pull: Vec3): Vec3 | null {
  let best: DraftedPair | null = null;
  for (const d of pairs) if (Math.abs(dot3(d.pull, pull)) > PULL_ON_AXIS_COS && (!best || d.area > best.area)) best = d;
  return best ? best.across : null;
}

/**
 * A wall drafted from one of the frame's sides: it leans at most 10° towards one axis (the pull) and, with that lean
 * taken out, faces along another axis.
 */
function isDraftedWall(n: Vec3, axes: readonly Vec3[]): boolean {
  for (let k = 0; k < 3; k++) {
    const c = dot3(n, axes[k]);
    if (Math.abs(c) < 0.02 || Math.abs(c) > MAX_DRAFT_SIN) continue;
    const rest: Vec3 = [n[0] - c * axes[k][0], n[1] - c * axes[k][1], n[2] - c * axes[k][2]];
    const len = Math.hypot(...rest);
    if (axes.some((a, m) => m !== k && Math.abs(dot3(rest, a)) / len > 0.9995)) return true;
  }
  return false;
}


/** Faces on a supporting plane of the part, or convex cylinders enclosing it. */
export function supportingFaces(g: FeatureGraph): boolean[] {
  const tol = STOCK_TOLERANCE * (g.diagonalMm || 1);
  const p = g.points;
  const box = boxOf(p);
  return g.faces.map((f) => {
    if (f.kind === 'plane' && f.normal) return pointsUnderPlane(p, box, f, tol);
    if (f.kind === 'cylinder' && f.axis && f.radius !== null && !f.inward) {
      const [ax, ay, az] = f.axis;
      const r = f.radius + tol;
      for (let i = 0; i < p.length; i += 3) {
        const dx = p[i] - f.origin[0], dy = p[i + 1] - f.origin[1], dz = p[i + 2] - f.origin[2];
        const t = dx * ax + dy * ay + dz * az;
        if (dx * dx + dy * dy + dz * dz - t * t > r * r) return false;
      }
      return true;
    }
    return false;
  });
}

/** True when planar face `f` lies on a supporting plane of the part (every boundary point on its inner side): the hull. */
export function isHullPlane(g: FeatureGraph, f: GraphFace): boolean {
  if (f.kind !== 'plane' || !f.normal) return false;
  return pointsUnderPlane(g.points, boxOf(g.points), f, STOCK_TOLERANCE * (g.diagonalMm || 1));
}

function pointsUnderPlane(p: Float64Array, box: readonly number[], f: GraphFace, tol: number): boolean {
  const [nx, ny, nz] = f.normal!;
  const d = f.origin[0] * nx + f.origin[1] * ny + f.origin[2] * nz;
  // A plane the points' box lies under (with room for rounding) has every point under it: the answer of the
  // loop below, without running it over every boundary point of the part (the part's box planes).
  if (boxUnderPlane(box, nx, ny, nz, d, tol)) return true;
  for (let i = 0; i < p.length; i += 3) if (p[i] * nx + p[i + 1] * ny + p[i + 2] * nz - d > tol) return false;
  return true;
}

/** Per axis [min, max] of the points (xyz…) that are not NaN (±Infinity when none). */
function boxOf(p: Float64Array): [number, number, number, number, number, number] {
  const { min, max } = rotatedBox(p, null);
  return [min[0]!, max[0]!, min[1]!, max[1]!, min[2]!, max[2]!];
}

/**
 * @internal True only when `p·n − d ≤ tol`, as computed in floating point (`p[0]*nx + p[1]*ny + p[2]*nz − d`), holds
 * for every point of `box` — so for every point the box was made of (a NaN point never fails that test, and the box
 * leaves NaN out). The largest value over the box (its corner farthest along n) plus a margin of 1e-12 of the
 * magnitudes involved — far above the few units in the last place by which a point's and the corner's rounded
 * values can differ — must be within `tol`. False means "not known": the caller tests every point.
 */
export function boxUnderPlane(box: readonly number[], nx: number, ny: number, nz: number, d: number, tol: number): boolean {
  const [x0, x1, y0, y1, z0, z1] = box;
  const top = Math.max(x0 * nx, x1 * nx) + Math.max(y0 * ny, y1 * ny) + Math.max(z0 * nz, z1 * nz);
  const size = Math.max(Math.abs(x0), Math.abs(x1)) * Math.abs(nx) + Math.max(Math.abs(y0), Math.abs(y1)) * Math.abs(ny) + Math.max(Math.abs(z0), Math.abs(z1)) * Math.abs(nz) + Math.abs(d);
  return top - d + 1e-12 * size <= tol;
}
