import type { Frame, Vec3 } from '../model/index.js';
import { cross3, dot3, normalize3 } from './vec3.js';

/**
 * OpenCascade's default X direction for a main direction Z = (A, B, C) (gp_Ax2 without an X):
 * built from the two components that are not the smallest in magnitude.
 *
 * @internal
 */
export function defaultXDirection(z: Vec3): Vec3 {
  const [A, B, C] = z;
  const aA = Math.abs(A);
  const aB = Math.abs(B);
  const aC = Math.abs(C);
  let x: Vec3;
  if (aB <= aA && aB <= aC) {
    x = aA > aC ? [-C, 0, A] : [C, 0, -A];
  } else if (aA <= aB && aA <= aC) {
    x = aB > aC ? [0, -C, B] : [0, C, -B];
  } else {
    x = aA > aB ? [-B, A, 0] : [B, -A, 0];
  }
  normalize3(x, x);
  return x;
}

/**
 * Builds a right-handed orthonormal frame from a STEP `AXIS2_PLACEMENT_3D` with OpenCascade's rules:
 * Z = axis (default (0,0,1)), X = ref_direction projected orthogonally to Z and normalised (OCCT's
 * default X when it is missing or parallel to Z), Y = Z × X.
 *
 * @example
 * ```ts
 * const f = createFrame([0, 0, 0], [0, 0, 1], null); // f.x = [1, 0, 0], f.y = [0, 1, 0]
 * ```
 */
export function createFrame(origin: Vec3, axis: Vec3 | null, refDirection: Vec3 | null): Frame {
  const z: Vec3 = axis ? [axis[0], axis[1], axis[2]] : [0, 0, 1];
  if (normalize3(z, z) === 0) {
    z[0] = 0;
    z[1] = 0;
    z[2] = 1;
  }
  let x: Vec3 | null = null;
  if (refDirection) {
    const d = dot3(refDirection, z);
    const px: Vec3 = [refDirection[0] - d * z[0], refDirection[1] - d * z[1], refDirection[2] - d * z[2]];
    const len = normalize3(px, px);
    const refLen = Math.hypot(refDirection[0], refDirection[1], refDirection[2]);
    // OCCT (gp_Ax2) refuses an X parallel to Z: fall back to the default X.
    if (len > 1e-12 * Math.max(1, refLen)) x = px;
  }
  if (!x) x = defaultXDirection(z);
  const y: Vec3 = cross3([0, 0, 0], z, x);
  normalize3(y, y);
  return { origin: [origin[0], origin[1], origin[2]], x, y, z };
}

/** The identity frame at the origin. */
export function identityFrame(): Frame {
  return { origin: [0, 0, 0], x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] };
}

/**
 * Column-major 4×4 matrix mapping local frame coordinates to global ones.
 */
export function frameToMatrix(f: Frame): number[] {
  return [f.x[0], f.x[1], f.x[2], 0, f.y[0], f.y[1], f.y[2], 0, f.z[0], f.z[1], f.z[2], 0, f.origin[0], f.origin[1], f.origin[2], 1];
}

/** Column-major 4×4 product a·b. */
export function multiplyMatrix4(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  }
  return out;
}

/** Inverse of a rigid (rotation + translation) column-major 4×4 matrix. */
export function invertRigidMatrix4(m: readonly number[]): number[] {
  // R^T and -R^T t
  const out = [m[0], m[4], m[8], 0, m[1], m[5], m[9], 0, m[2], m[6], m[10], 0, 0, 0, 0, 1];
  const tx = m[12];
  const ty = m[13];
  const tz = m[14];
  out[12] = -(out[0] * tx + out[4] * ty + out[8] * tz);
  out[13] = -(out[1] * tx + out[5] * ty + out[9] * tz);
  out[14] = -(out[2] * tx + out[6] * ty + out[10] * tz);
  return out;
}

/** The identity 4×4 matrix (column-major). */
export function identityMatrix4(): number[] {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}

/** Whether a 4×4 matrix is the identity (to `tol`, 1e-12 by default). */
export function isIdentityMatrix4(m: readonly number[], tol = 1e-12): boolean {
  const id = identityMatrix4();
  return m.length === 16 && m.every((x, k) => Math.abs(x - id[k]!) < tol);
}

/** Applies a column-major 4×4 matrix to a point. */
export function transformPoint(m: readonly number[], p: Vec3, out: Vec3 = [0, 0, 0]): Vec3 {
  const x = m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12];
  const y = m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13];
  const z = m[2] * p[0] + m[6] * p[1] + m[10] * p[2] + m[14];
  out[0] = x;
  out[1] = y;
  out[2] = z;
  return out;
}
