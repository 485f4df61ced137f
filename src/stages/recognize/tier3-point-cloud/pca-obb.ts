import type { Vec3 } from '../../../model/index.js';
import { symmetricEigen3 } from '../../../geometry/symmetric-eigen3.js';
import { cross3, vec3 } from '../../../geometry/vec3.js';

/** An oriented bounding box. */
export interface OrientedBox {
  center: Vec3;
  /** Unit axes, longest extent first. */
  axes: [Vec3, Vec3, Vec3];
  /** Full extents along `axes` (mm), descending. */
  sizeMm: [number, number, number];
  volumeMm3: number;
}

export { symmetricEigen3 } from '../../../geometry/symmetric-eigen3.js';

/** @internal Covariance matrix and mean of points (xyz flat). */
export function covariance(points: Float64Array, subset?: ArrayLike<number>): { mean: Vec3; cov: number[][] } {
  const count = subset ? subset.length : points.length / 3;
  const mean: Vec3 = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const o = (subset ? subset[i] : i) * 3;
    mean[0] += points[o]; mean[1] += points[o + 1]; mean[2] += points[o + 2];
  }
  for (let k = 0; k < 3; k++) mean[k] /= count || 1;
  const cov = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < count; i++) {
    const o = (subset ? subset[i] : i) * 3;
    const d = [points[o] - mean[0], points[o + 1] - mean[1], points[o + 2] - mean[2]];
    for (let r = 0; r < 3; r++) for (let c = r; c < 3; c++) cov[r][c] += d[r] * d[c];
  }
  for (let r = 0; r < 3; r++) for (let c = r; c < 3; c++) { cov[r][c] /= count || 1; cov[c][r] = cov[r][c]; }
  return { mean, cov };
}

/** @internal The box of the points in a given orthonormal frame (axes re-sorted by extent). */
export function boxInFrame(points: Float64Array, axes: [Vec3, Vec3, Vec3]): OrientedBox {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const d = points[i] * axes[k][0] + points[i + 1] * axes[k][1] + points[i + 2] * axes[k][2];
      if (d < lo[k]) lo[k] = d;
      if (d > hi[k]) hi[k] = d;
    }
  }
  const order = [0, 1, 2].sort((i, j) => hi[j] - lo[j] - (hi[i] - lo[i]));
  const center: Vec3 = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    const mid = (lo[k] + hi[k]) / 2;
    for (let j = 0; j < 3; j++) center[j] += axes[k][j] * mid;
  }
  const sizeMm = order.map((k) => hi[k] - lo[k]) as [number, number, number];
  return { center, axes: order.map((k) => axes[k]) as [Vec3, Vec3, Vec3], sizeMm, volumeMm3: sizeMm[0] * sizeMm[1] * sizeMm[2] };
}

/**
 * Oriented bounding box from principal component analysis of the points.
 * @internal
 */
export function pcaOrientedBox(points: Float64Array): OrientedBox {
  const { cov } = covariance(points);
  const { vectors } = symmetricEigen3(cov);
  const z = cross3(vec3(), vectors[0], vectors[1]);
  return boxInFrame(points, [vectors[0], vectors[1], z]);
}

/** @internal */
export function normalize(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}
