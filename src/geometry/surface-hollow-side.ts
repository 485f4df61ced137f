/**
 * Which side a free-form face is hollow on, read from its surface: free-form faces have no axis or centre to tell a
 * concave fillet (material outside its curve) from a convex round.
 * @internal
 */
import type { Surface, Vec3 } from '../model/index.js';
import { projectPointOnSurface } from './surface-distance.js';
import { evaluateSurface, surfaceDomain, surfaceNormal } from './surface-eval.js';

/** Below this |curvature| × the face's size a face is flat or saddle-shaped there: no side. */
const MIN_BEND = 0.05;

/**
 * +1 where the face is hollow on its outer side (a concave fillet), -1 where it bulges (a convex round), 0 where it is
 * flat or saddle-shaped (a corner patch where a fillet meets a round) or cannot be read. Read at one point of the face:
 * the middle of a B-spline's parameter box (a blend's patch is its whole surface), else the projection of `centroid`;
 * of the normal curvatures along u and v there, the larger decides: outward normals converge over a hollow face and
 * spread over a bulging one.
 * @param reversed - the face's sense: its outward normal is the surface's normal reversed
 * @param sizeMm - the face's size (√area): curvatures below {@link MIN_BEND} / size count as flat
 */
export function hollowSide(s: Surface, reversed: boolean, centroid: Vec3, sizeMm: number): -1 | 0 | 1 {
  let u: number, v: number;
  let du: number, dv: number;
  if (s.type === 'bspline') {
    const [u0, u1, v0, v1] = surfaceDomain(s);
    u = (u0 + u1) / 2;
    v = (v0 + v1) / 2;
    du = (u1 - u0) * 1e-3;
    dv = (v1 - v0) * 1e-3;
  } else {
    const q = projectPointOnSurface(s, centroid);
    if (!q) return 0;
    u = q.u;
    v = q.v;
    du = dv = 1e-4;
  }
  if (!(du > 0) || !(dv > 0) || !Number.isFinite(u) || !Number.isFinite(v)) return 0;
  const ku = normalCurvature(s, u, v, du, 0);
  const kv = normalCurvature(s, u, v, 0, dv);
  const k = Math.abs(ku) >= Math.abs(kv) ? ku : kv;
  if (!Number.isFinite(k) || Math.abs(k) * sizeMm < MIN_BEND) return 0;
  // curvature > 0: the surface's own normals spread (bulging towards them); the face's outward normal may be reversed
  const bulging = reversed ? k < 0 : k > 0;
  return bulging ? -1 : 1;
}

/** Normal curvature of the surface along the parameter step (du, dv) at (u, v), signed against the surface normal. */
function normalCurvature(s: Surface, u: number, v: number, du: number, dv: number): number {
  const pa = evaluateSurface(s, u - du, v - dv);
  const pb = evaluateSurface(s, u + du, v + dv);
  const na = surfaceNormal(s, u - du, v - dv);
  const nb = surfaceNormal(s, u + du, v + dv);
  const dp: Vec3 = [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]];
  const len2 = dp[0] * dp[0] + dp[1] * dp[1] + dp[2] * dp[2];
  if (!(len2 > 0)) return 0;
  return ((nb[0] - na[0]) * dp[0] + (nb[1] - na[1]) * dp[1] + (nb[2] - na[2]) * dp[2]) / len2;
}
