/**
 * Axis geometry shared by the hole-stack search and the joining of hole pieces: coaxial surfaces, the
 * axial and radial span of boundary points about an axis, the stack tolerance, what a hole wall is.
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import type { FeatureGeometry, MeasuredFace } from './feature-geometry.js';

/** Two axes closer to parallel than this cosine are parallel. */
export const PARALLEL_COS = 0.9995;

export const dot = (a: Vec3, b: ArrayLike<number>, k = 0) => a[0] * b[k] + a[1] * b[k + 1] + a[2] * b[k + 2];

/** True when the axes of two axis surfaces are one line (parallel, origins on one line) within `tolMm`. */
export function coaxialFaces(a: MeasuredFace, b: MeasuredFace, tolMm: number): boolean {
  if (!a.axis || !b.axis || Math.abs(dot(a.axis, b.axis)) < PARALLEL_COS) return false;
  return distanceToAxis(b.origin, a.origin, a.axis) < tolMm;
}

/** Distance of point k of `p` (xyz…) from the line through `origin` along `axis`. */
export function distanceToAxis(p: ArrayLike<number>, origin: Vec3, axis: Vec3, k = 0): number {
  const dx = p[k] - origin[0], dy = p[k + 1] - origin[1], dz = p[k + 2] - origin[2];
  const t = dx * axis[0] + dy * axis[1] + dz * axis[2];
  return Math.hypot(dx - t * axis[0], dy - t * axis[1], dz - t * axis[2]);
}

/** Axial [lo, hi] and radial [min, max] of points about an axis. */
export function span(points: Float64Array, origin: Vec3, axis: Vec3) {
  let lo = Infinity, hi = -Infinity, rMin = Infinity, rMax = -Infinity;
  for (let k = 0; k + 2 < points.length; k += 3) {
    const t = dot(axis, points, k) - dot(axis, origin);
    const r = distanceToAxis(points, origin, axis, k);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
    if (r < rMin) rMin = r;
    if (r > rMax) rMax = r;
  }
  return { lo, hi, rMin, rMax };
}

/**
 * `span(points, origin, axis).rMax <= limit`, stopping at the first point beyond `limit` (a large plate
 * touched by many holes has thousands of boundary points and is tested once per hole; its outer
 * boundary comes first). Same outcome as the full span: NaN distances never count, no points is true.
 */
export function withinRadius(points: Float64Array, origin: Vec3, axis: Vec3, limit: number): boolean {
  let rMax = -Infinity;
  for (let k = 0; k + 2 < points.length; k += 3) {
    const r = distanceToAxis(points, origin, axis, k);
    if (r > rMax) rMax = r;
    if (rMax > limit) return false;
  }
  return rMax <= limit;
}

/** Length tolerance for a part: 1e-4 of its size, at least 1e-3 mm. */
export function stackToleranceMm(geom: FeatureGeometry, faces: readonly number[]): number {
  let size = 0;
  for (const f of faces) {
    const { min, max } = geom.face(f).bbox;
    size = Math.max(size, Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]));
  }
  return Math.max(1e-3, 1e-3 * size);
}

/** An inward cylinder or cone with an axis: a wall of a hole. */
export const isWall = (f: MeasuredFace) => (f.kind === 'cylinder' || f.kind === 'cone') && f.inward && f.axis !== null;

/**
 * A concave torus: in a hole stack, the corner radius an end mill leaves where a wall meets its floor or shoulder (a
 * flat-bottomed hole, a counterbore with a floor radius) when its rim is a coaxial wall's radius. @internal
 */
export const isCornerTorus = (f: MeasuredFace) => f.kind === 'torus' && f.inward && f.axis !== null;

/**
 * A cone that ends a drill: its boundary reaches the axis (the apex), or its widest boundary is the drill's circle —
 * the whole boundary that circle when the apex is no boundary point, or the cone narrowing from it towards an apex
 * another cut took (a drill point breaking out through a wall: the wall's hyperbola runs inside the circle). A
 * countersink or an edge break widens from the drill's radius instead, so its widest boundary is wider than the drill.
 */
export function isDrillPoint(cone: { rMin: number; rMax: number }, rDrill: number, tol: number): boolean {
  return cone.rMin <= tol || Math.abs(cone.rMax - rDrill) <= tol;
}
