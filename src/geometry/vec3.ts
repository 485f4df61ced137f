/**
 * Small 3-D vector helpers on `[x, y, z]` tuples. Functions that write take a caller-owned `out`
 * (hot loops reuse scratch tuples instead of allocating).
 *
 * @internal
 */
import type { Vec3 } from '../model/index.js';

/** A fresh zero vector. */
export function vec3(x = 0, y = 0, z = 0): Vec3 {
  return [x, y, z];
}

export function set3(out: Vec3, x: number, y: number, z: number): Vec3 {
  out[0] = x;
  out[1] = y;
  out[2] = z;
  return out;
}

export function copy3(out: Vec3, a: Vec3): Vec3 {
  out[0] = a[0];
  out[1] = a[1];
  out[2] = a[2];
  return out;
}

export function add3(out: Vec3, a: Vec3, b: Vec3): Vec3 {
  out[0] = a[0] + b[0];
  out[1] = a[1] + b[1];
  out[2] = a[2] + b[2];
  return out;
}

export function sub3(out: Vec3, a: Vec3, b: Vec3): Vec3 {
  out[0] = a[0] - b[0];
  out[1] = a[1] - b[1];
  out[2] = a[2] - b[2];
  return out;
}

export function scale3(out: Vec3, a: Vec3, s: number): Vec3 {
  out[0] = a[0] * s;
  out[1] = a[1] * s;
  out[2] = a[2] * s;
  return out;
}

/** out = a + b·s */
export function addScaled3(out: Vec3, a: Vec3, b: Vec3, s: number): Vec3 {
  out[0] = a[0] + b[0] * s;
  out[1] = a[1] + b[1] * s;
  out[2] = a[2] + b[2] * s;
  return out;
}

export function dot3(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross3(out: Vec3, a: Vec3, b: Vec3): Vec3 {
  const x = a[1] * b[2] - a[2] * b[1];
  const y = a[2] * b[0] - a[0] * b[2];
  const z = a[0] * b[1] - a[1] * b[0];
  out[0] = x;
  out[1] = y;
  out[2] = z;
  return out;
}

export function length3(a: Vec3): number {
  return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
}

export function distance3(a: Vec3, b: Vec3): number {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  const dz = a[2] - b[2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/** Normalise in place into `out`; a (near) zero vector becomes (0,0,0). Returns the original length. */
export function normalize3(out: Vec3, a: Vec3): number {
  const len = length3(a);
  if (len < 1e-300) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return 0;
  }
  out[0] = a[0] / len;
  out[1] = a[1] / len;
  out[2] = a[2] / len;
  return len;
}

/**
 * Two unit vectors (u, v) that make (u, v, axis) a right-handed orthonormal frame, for angles about a unit
 * `axis`: u is the x (or, for an axis near x, the y) direction with its axial part removed, v = axis × u.
 */
export function perpendicularFrame(axis: Vec3): [Vec3, Vec3] {
  const h: Vec3 = Math.abs(axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const d0 = h[0] * axis[0] + h[1] * axis[1] + h[2] * axis[2];
  const u0: Vec3 = [h[0] - d0 * axis[0], h[1] - d0 * axis[1], h[2] - d0 * axis[2]];
  const ul = Math.hypot(u0[0], u0[1], u0[2]);
  const u: Vec3 = [u0[0] / ul, u0[1] / ul, u0[2] / ul];
  const v: Vec3 = [axis[1] * u[2] - axis[2] * u[1], axis[2] * u[0] - axis[0] * u[2], axis[0] * u[1] - axis[1] * u[0]];
  return [u, v];
}

/**
 * The lowest and highest projection of flat xyz points (`[x0, y0, z0, x1, …]`) on direction `d` (unit for
 * lengths); `[Infinity, -Infinity]` when there are none.
 */
export function projectedRange(points: ArrayLike<number>, d: Vec3): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k + 2 < points.length; k += 3) {
    const x = points[k] * d[0] + points[k + 1] * d[1] + points[k + 2] * d[2];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}
