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
  // each axis: the supporting normal with the most supporting area parallel or perpendicular to it, so
  // that one large, slightly tilted face on the hull (a slanted step, a big chamfer) cannot tilt the frame
  const aligned = (n: Vec3) => {
    let score = 0;
    for (const q of planes) {
      const c = Math.abs(dot3(n, q.normal!));
      if (c > 0.9995 || c < 0.02) score += q.area;
    }
    return score;
  };
  for (let k = 0; k < 2; k++) {
    let best: Vec3 | null = null, bestScore = -1;
    for (const f of planes) {
      if (!axes.every((a) => Math.abs(dot3(a, f.normal!)) < 0.02)) continue;
      const score = aligned(f.normal!);
      if (score > bestScore * (1 + 1e-9)) (best = f.normal), (bestScore = score);
    }
    if (best) axes.push(best);
  }
  if (axes.length === 2) axes.push(cross3(vec3(), axes[0], axes[1]));
  return g.faces.map((f) => {
    if (!support[f.index]) return false;
    if (!f.normal || axes.length < 3) return true;
    if (axes.some((a) => Math.abs(dot3(a, f.normal!)) > 0.9995)) return true;
    // a hexagon or octagon bar's flats: all on the hull, alike, whatever the frame the largest planes set
    return regularPrismRing(g, f)?.every((o) => support[o.index]) ?? false;
  });
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
