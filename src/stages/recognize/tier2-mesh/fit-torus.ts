/**
 * Torus fit of a triangle region (fillets and rounds along circular edges, O-ring grooves).
 *
 * 1. Axis: on a surface of revolution every normal line meets the axis. With the axis as a Plücker line
 *    (direction a, moment m̄) a normal line (p, n) meets it when a·(p×n) + n·m̄ = 0, so the axis is the
 *    eigenvector of the smallest eigenvalue of Σ w·vvᵀ, v = (p×n, n) (Pottmann & Randrup's line-geometry
 *    fit). Points are centred and scaled first so the 6×6 system is well conditioned.
 * 2. Profile: in the (radial distance, axial height) plane the points of a torus lie on a circle whose
 *    centre is at the major radius; an algebraic circle fit gives major and minor radii.
 * 3. Facet normals only approximate the surface's, so a few Levenberg–Marquardt steps on the vertices'
 *    distances (tessellation vertices lie on the surface) refine all seven parameters.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { RegionSamples, SurfaceFit } from './fit-surfaces.js';

/** Unit eigenvector of the smallest eigenvalue of a symmetric n×n matrix (cyclic Jacobi). */
export function smallestEigenvector(matrix: readonly (readonly number[])[]): number[] {
  const n = matrix.length;
  const a = matrix.map((r) => r.slice());
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < n; p++) {
      diag += Math.abs(a[p][p]);
      for (let q = p + 1; q < n; q++) off += Math.abs(a[p][q]);
    }
    if (off <= 1e-15 * diag || off < 1e-300) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (a[i][i] < a[best][best]) best = i;
  return v.map((row) => row[best]);
}

/** Solves a 3×3 linear system by Cramer's rule; null when singular. */
function solve3(A: number[][], b: number[]): Vec3 | null {
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(A);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-300) return null;
  const out: Vec3 = [0, 0, 0];
  for (let k = 0; k < 3; k++) out[k] = det(A.map((r, i) => r.map((x, j) => (j === k ? b[i] : x)))) / d;
  return out;
}

/**
 * Torus fit of a region, or null when the normals share no axis or the profile is no circle off the
 * axis. `triCentroids`: per-triangle centroids xyz… (the normal lines pass through them). With
 * `acceptMm`, the refinement runs only when the linear fit is off by more than that and by less than
 * {@link REFINE_WITHIN} of its tube radius.
 */
export function fitTorus(s: RegionSamples, triCentroids: number[], acceptMm?: number): SurfaceFit | null {
  const nt = s.areas.length;
  const np = s.points.length / 3;
  if (nt < 6 || np < 6) return null;
  // centre and scale for conditioning
  const m: Vec3 = [0, 0, 0];
  for (let i = 0; i < np; i++) for (let k = 0; k < 3; k++) m[k] += s.points[3 * i + k] / np;
  let scale = 0;
  for (let i = 0; i < np; i++) scale = Math.max(scale, Math.hypot(s.points[3 * i] - m[0], s.points[3 * i + 1] - m[1], s.points[3 * i + 2] - m[2]));
  if (!(scale > 0)) return null;
  const M = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  for (let t = 0; t < nt; t++) {
    const p: Vec3 = [(triCentroids[3 * t] - m[0]) / scale, (triCentroids[3 * t + 1] - m[1]) / scale, (triCentroids[3 * t + 2] - m[2]) / scale];
    const n: Vec3 = [s.normals[3 * t], s.normals[3 * t + 1], s.normals[3 * t + 2]];
    const v = [p[1] * n[2] - p[2] * n[1], p[2] * n[0] - p[0] * n[2], p[0] * n[1] - p[1] * n[0], n[0], n[1], n[2]];
    const w = s.areas[t];
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) M[i][j] += w * v[i] * v[j];
  }
  const x = smallestEigenvector(M);
  const al = Math.hypot(x[0], x[1], x[2]);
  if (al < 1e-9) return null;
  const axis: Vec3 = [x[0] / al, x[1] / al, x[2] / al];
  const mb: Vec3 = [x[3] / al, x[4] / al, x[5] / al];
  // point on the axis nearest the centroid: a × m̄ (scaled back)
  const c: Vec3 = [
    m[0] + scale * (axis[1] * mb[2] - axis[2] * mb[1]),
    m[1] + scale * (axis[2] * mb[0] - axis[0] * mb[2]),
    m[2] + scale * (axis[0] * mb[1] - axis[1] * mb[0]),
  ];
  // profile circle in (ρ, h): ρ² + h² + Dρ + Eh + F = 0
  const rho: number[] = [], hs: number[] = [];
  const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const b = [0, 0, 0];
  for (let i = 0; i < np; i++) {
    const d: Vec3 = [s.points[3 * i] - c[0], s.points[3 * i + 1] - c[1], s.points[3 * i + 2] - c[2]];
    const h = d[0] * axis[0] + d[1] * axis[1] + d[2] * axis[2];
    const r = Math.hypot(d[0] - h * axis[0], d[1] - h * axis[1], d[2] - h * axis[2]);
    rho.push(r);
    hs.push(h);
    const row = [r, h, 1], rhs = -(r * r + h * h);
    for (let u = 0; u < 3; u++) {
      for (let k = 0; k < 3; k++) A[u][k] += row[u] * row[k];
      b[u] += row[u] * rhs;
    }
  }
  const sol = solve3(A, b);
  if (!sol) return null;
  const R = -sol[0] / 2, h0 = -sol[1] / 2;
  const r2 = R * R + h0 * h0 - sol[2];
  if (!(r2 > 0) || !(R > 0)) return null;
  // facet normals only approximate the surface's: refine on the points' distances (tessellation
  // vertices lie on the surface), then measure
  const initial: TorusParams = { c: [c[0] + h0 * axis[0], c[1] + h0 * axis[1], c[2] + h0 * axis[2]], a: axis, R, r: Math.sqrt(r2) };
  // refining costs far more than the linear fit: only when it can matter (not already within the
  // caller's tolerance, and not so far off that the region is no torus)
  const initialErr = maxTorusDistance(s.points, initial);
  const refine = acceptMm === undefined || (initialErr > acceptMm && initialErr < REFINE_WITHIN * initial.r);
  const refined = refine ? refineTorus(s.points, initial, scale) : initial;
  return finishTorus(s, triCentroids, refined);
}

interface TorusParams {
  c: Vec3;
  a: Vec3;
  R: number;
  r: number;
}

const torusResidual = (t: TorusParams, x: number, y: number, z: number): number => {
  const dx = x - t.c[0], dy = y - t.c[1], dz = z - t.c[2];
  const h = dx * t.a[0] + dy * t.a[1] + dz * t.a[2];
  const rho = Math.hypot(dx - h * t.a[0], dy - h * t.a[1], dz - h * t.a[2]);
  return Math.hypot(rho - t.R, h) - t.r;
};

function maxTorusDistance(points: readonly number[], t: TorusParams): number {
  let err = 0;
  for (let i = 0; i < points.length; i += 3) err = Math.max(err, Math.abs(torusResidual(t, points[i], points[i + 1], points[i + 2])));
  return err;
}

const REFINE_ITERATIONS = 8;
/** Points the refinement works on at most. */
const REFINE_MAX_POINTS = 200;
/** Linear fits off by more than this share of their tube radius are not refined (the region is no torus). */
export const REFINE_WITHIN = 0.25;

/**
 * Levenberg–Marquardt on the point distances, parameters: centre (3), axis tilt in the plane ⟂ axis
 * (2), major and minor radius; numerical derivatives (steps scaled to the region's size).
 */
function refineTorus(allPoints: readonly number[], start: TorusParams, scale: number): TorusParams {
  // a spread subset keeps each step cheap (the caller measures the result on every point)
  const stride = Math.max(1, Math.floor(allPoints.length / 3 / REFINE_MAX_POINTS));
  const points: number[] = [];
  for (let i = 0; i < allPoints.length; i += 3 * stride) points.push(allPoints[i], allPoints[i + 1], allPoints[i + 2]);
  const np = points.length / 3;
  const unitV = (v: Vec3): Vec3 => {
    const l = Math.hypot(v[0], v[1], v[2]);
    return [v[0] / l, v[1] / l, v[2] / l];
  };
  const apply = (t: TorusParams, d: readonly number[]): TorusParams => {
    // tilt directions perpendicular to the axis
    const helper: Vec3 = Math.abs(t.a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const u = unitV([t.a[1] * helper[2] - t.a[2] * helper[1], t.a[2] * helper[0] - t.a[0] * helper[2], t.a[0] * helper[1] - t.a[1] * helper[0]]);
    const v: Vec3 = [t.a[1] * u[2] - t.a[2] * u[1], t.a[2] * u[0] - t.a[0] * u[2], t.a[0] * u[1] - t.a[1] * u[0]];
    return {
      c: [t.c[0] + d[0], t.c[1] + d[1], t.c[2] + d[2]],
      a: unitV([t.a[0] + d[3] * u[0] + d[4] * v[0], t.a[1] + d[3] * u[1] + d[4] * v[1], t.a[2] + d[3] * u[2] + d[4] * v[2]]),
      R: t.R + d[5],
      r: t.r + d[6],
    };
  };
  const cost = (t: TorusParams) => {
    let e = 0;
    for (let i = 0; i < points.length; i += 3) e += torusResidual(t, points[i], points[i + 1], points[i + 2]) ** 2;
    return e;
  };
  let cur = start;
  let curCost = cost(cur);
  let lambda = 1e-3;
  const steps = [1e-6 * scale, 1e-6 * scale, 1e-6 * scale, 1e-6, 1e-6, 1e-6 * scale, 1e-6 * scale];
  for (let it = 0; it < REFINE_ITERATIONS; it++) {
    const res = new Float64Array(np);
    for (let i = 0; i < np; i++) res[i] = torusResidual(cur, points[3 * i], points[3 * i + 1], points[3 * i + 2]);
    const J: Float64Array[] = [];
    for (let k = 0; k < 7; k++) {
      const d = [0, 0, 0, 0, 0, 0, 0];
      d[k] = steps[k];
      const moved = apply(cur, d);
      const col = new Float64Array(np);
      for (let i = 0; i < np; i++) col[i] = (torusResidual(moved, points[3 * i], points[3 * i + 1], points[3 * i + 2]) - res[i]) / steps[k];
      J.push(col);
    }
    const JtJ = Array.from({ length: 7 }, (_, a) => Array.from({ length: 7 }, (_, b) => {
      let x = 0;
      for (let i = 0; i < np; i++) x += J[a][i] * J[b][i];
      return x;
    }));
    const Jtr = Array.from({ length: 7 }, (_, a) => {
      let x = 0;
      for (let i = 0; i < np; i++) x += J[a][i] * res[i];
      return -x;
    });
    let improved = false;
    for (let tries = 0; tries < 6 && !improved; tries++) {
      const A = JtJ.map((row, i) => row.map((x, j) => (i === j ? x * (1 + lambda) + 1e-12 : x)));
      const d = solveLinear(A, Jtr);
      if (!d) break;
      const next = apply(cur, d);
      const nextCost = cost(next);
      if (nextCost < curCost) {
        cur = next;
        curCost = nextCost;
        lambda = Math.max(lambda / 10, 1e-9);
        improved = true;
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return cur;
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solveLinear(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    if (!(Math.abs(m[piv][col]) > 1e-300)) return null;
    [m[col], m[piv]] = [m[piv], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let k = col; k <= n; k++) m[r][k] -= f * m[col][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let acc = m[r][n];
    for (let k = r + 1; k < n; k++) acc -= m[r][k] * x[k];
    x[r] = acc / m[r][r];
  }
  return x.every(Number.isFinite) ? x : null;
}

/** The fit record of torus parameters: max point distance and the side of the normals. */
function finishTorus(s: RegionSamples, triCentroids: number[], refined: TorusParams): SurfaceFit | null {
  const nt = s.areas.length;
  const { c: origin, a: finalAxis, R: major, r: minor } = refined;
  if (!(major > 0) || !(minor > 0)) return null;
  const err = maxTorusDistance(s.points, refined);
  // inward: the outward normal points towards the spine circle (the tube's centre line)
  let tubeDot = 0;
  for (let t = 0; t < nt; t++) {
    const q: Vec3 = [triCentroids[3 * t] - origin[0], triCentroids[3 * t + 1] - origin[1], triCentroids[3 * t + 2] - origin[2]];
    const off = tubeOffset(q, finalAxis, major);
    tubeDot += s.areas[t] * (off[0] * s.normals[3 * t] + off[1] * s.normals[3 * t + 1] + off[2] * s.normals[3 * t + 2]);
  }
  return { kind: 'torus', normal: null, origin, axis: finalAxis, radius: minor, majorRadius: major, semiAngleRad: null, inward: tubeDot < 0, maxErrorMm: err };
}


/** Vector from the nearest spine-circle point to q (q relative to the torus centre). */
export function tubeOffset(q: Vec3, axis: Vec3, majorRadius: number): Vec3 {
  const h = q[0] * axis[0] + q[1] * axis[1] + q[2] * axis[2];
  const r: Vec3 = [q[0] - h * axis[0], q[1] - h * axis[1], q[2] - h * axis[2]];
  const l = Math.hypot(r[0], r[1], r[2]);
  if (l < 1e-12) return [h * axis[0], h * axis[1], h * axis[2]];
  return [q[0] - (majorRadius * r[0]) / l, q[1] - (majorRadius * r[1]) / l, q[2] - (majorRadius * r[2]) / l];
}

/**
 * Torus through two adjacent cylinder fits of equal radius whose axes are not parallel (two strips of a
 * fillet's tube, where the normal lines alone leave the torus axis undetermined): the spine is the circle
 * through both strips' centres, tangent to both cylinder axes; then refined on the union's points.
 */
export function fitTorusFromCylinders(s: RegionSamples, triCentroids: number[], a: { origin: Vec3; axis: Vec3; radius: number; centre: Vec3 }, b: { origin: Vec3; axis: Vec3; radius: number; centre: Vec3 }): SurfaceFit | null {
  const dot = (u: Vec3, v: Vec3) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const cross = (u: Vec3, v: Vec3): Vec3 => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  // spine points: each group's centre projected onto its cylinder axis
  const spine = (c: { origin: Vec3; axis: Vec3; centre: Vec3 }): Vec3 => {
    const d: Vec3 = [c.centre[0] - c.origin[0], c.centre[1] - c.origin[1], c.centre[2] - c.origin[2]];
    const h = dot(d, c.axis);
    return [c.origin[0] + h * c.axis[0], c.origin[1] + h * c.axis[1], c.origin[2] + h * c.axis[2]];
  };
  const pa = spine(a), pb = spine(b);
  let n = cross(a.axis, b.axis);
  const nl = Math.hypot(n[0], n[1], n[2]);
  if (nl < 1e-3) return null;
  n = [n[0] / nl, n[1] / nl, n[2] / nl];
  // in the spine plane the centre lies on pa + s·(n × ta) and pb + t·(n × tb)
  const da = cross(n, a.axis), db = cross(n, b.axis);
  // least squares for s, t: pa + s·da = pb + t·db
  const w: Vec3 = [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]];
  const A11 = dot(da, da), A12 = -dot(da, db), A22 = dot(db, db);
  const b1 = dot(da, w), b2 = -dot(db, w);
  const det = A11 * A22 - A12 * A12;
  if (Math.abs(det) < 1e-12) return null;
  const sa = (b1 * A22 - A12 * b2) / det;
  const centre: Vec3 = [pa[0] + sa * da[0], pa[1] + sa * da[1], pa[2] + sa * da[2]];
  const R = (Math.hypot(pa[0] - centre[0], pa[1] - centre[1], pa[2] - centre[2]) + Math.hypot(pb[0] - centre[0], pb[1] - centre[1], pb[2] - centre[2])) / 2;
  const r = (a.radius + b.radius) / 2;
  if (!(R > 0) || !(r > 0)) return null;
  let scale = 0;
  for (let i = 0; i < s.points.length; i += 3) scale = Math.max(scale, Math.hypot(s.points[i] - centre[0], s.points[i + 1] - centre[1], s.points[i + 2] - centre[2]));
  return finishTorus(s, triCentroids, refineTorus(s.points, { c: centre, a: n, R, r }, scale || 1));
}

/** Refits a torus to a (grown) region starting from an earlier torus fit. */
export function refitTorus(s: RegionSamples, triCentroids: number[], from: Pick<SurfaceFit, 'origin' | 'axis' | 'radius' | 'majorRadius'>): SurfaceFit | null {
  if (!from.axis || from.radius === null || from.majorRadius === null) return null;
  let scale = 0;
  for (let i = 0; i < s.points.length; i += 3) scale = Math.max(scale, Math.hypot(s.points[i] - from.origin[0], s.points[i + 1] - from.origin[1], s.points[i + 2] - from.origin[2]));
  return finishTorus(s, triCentroids, refineTorus(s.points, { c: from.origin, a: from.axis, R: from.majorRadius, r: from.radius }, scale || 1));
}
