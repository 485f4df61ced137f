/**
 * B-spline / NURBS kernels (de Boor via Cox–de Boor basis functions), rational or not.
 * Knots are given in OpenCascade's knot + multiplicity form and expanded once per object (cached).
 *
 * @internal
 */
import type { BSplineCurveData, BSplineSurfaceData, Vec3 } from '../model/index.js';

const flatCache = new WeakMap<object, Float64Array>();

/** Expands knots with multiplicities into a flat knot vector (cached per `knots` array). */
export function flatKnots(knots: readonly number[], multiplicities: readonly number[]): Float64Array {
  const cached = flatCache.get(knots);
  if (cached) return cached;
  let n = 0;
  for (let i = 0; i < multiplicities.length; i++) n += multiplicities[i];
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < knots.length; i++) for (let m = 0; m < multiplicities[i]; m++) out[k++] = knots[i];
  flatCache.set(knots, out);
  return out;
}

/** Parameter domain [first, last] of a B-spline with `poleCount` poles and this degree. */
export function bsplineDomain(flat: Float64Array, degree: number, poleCount: number): [number, number] {
  return [flat[degree], flat[poleCount]];
}

/** Knot span index i with flat[i] ≤ t < flat[i+1], clamped to [degree, n-1]. */
export function findSpan(flat: Float64Array, degree: number, n: number, t: number): number {
  if (t >= flat[n]) return n - 1;
  if (t <= flat[degree]) return degree;
  let lo = degree;
  let hi = n;
  let mid = (lo + hi) >>> 1;
  while (t < flat[mid] || t >= flat[mid + 1]) {
    if (t < flat[mid]) hi = mid;
    else lo = mid;
    mid = (lo + hi) >>> 1;
  }
  return mid;
}

const MAX_DEGREE = 32;
const left = new Float64Array(MAX_DEGREE + 2);
const right = new Float64Array(MAX_DEGREE + 2);
const ndu = new Float64Array((MAX_DEGREE + 1) * (MAX_DEGREE + 1));

/**
 * Non-zero basis functions N[span-p..span] at t and their first derivatives, written into
 * `outN` and `outD` (length ≥ p+1).
 */
export function basisFunsDer1(flat: Float64Array, span: number, t: number, p: number, outN: Float64Array, outD: Float64Array): void {
  // basisFuns leaves the full triangle in `ndu`: the derivatives below read its order p-1 values and knot differences.
  basisFuns(flat, span, t, p, outN);
  if (p === 0) {
    outD[0] = 0;
    return;
  }
  const w = p + 1;
  // first derivative: N'_{i,p} = p (N_{i,p-1}/(u_{i+p}-u_i) - N_{i+1,p-1}/(u_{i+p+1}-u_{i+1}))
  for (let r = 0; r <= p; r++) {
    let d = 0;
    if (r >= 1) {
      const den = ndu[p * w + (r - 1)];
      if (den !== 0) d += ndu[(r - 1) * w + (p - 1)] / den;
    }
    if (r <= p - 1) {
      const den = ndu[p * w + r];
      if (den !== 0) d -= ndu[r * w + (p - 1)] / den;
    }
    outD[r] = p * d;
  }
}

/**
 * Non-zero basis functions N[span-p..span] at t, written into outN[0..p]: the values of
 * {@link basisFunsDer1} without the derivatives. Leaves the whole recurrence triangle in `ndu` (upper: basis
 * values of every order, lower: knot differences), which {@link basisFunsDer1} reads.
 */
export function basisFuns(flat: Float64Array, span: number, t: number, p: number, outN: Float64Array): void {
  if (p > MAX_DEGREE) throw new RangeError(`B-spline degree ${p} exceeds ${MAX_DEGREE}`);
  const w = p + 1;
  ndu[0] = 1;
  for (let j = 1; j <= p; j++) {
    left[j] = t - flat[span + 1 - j];
    right[j] = flat[span + j] - t;
    let saved = 0;
    for (let r = 0; r < j; r++) {
      // lower triangle: knot differences
      ndu[j * w + r] = right[r + 1] + left[j - r];
      const den = ndu[j * w + r];
      const temp = den === 0 ? 0 : ndu[r * w + (j - 1)] / den;
      ndu[r * w + j] = saved + right[r + 1] * temp;
      saved = left[j - r] * temp;
    }
    ndu[j * w + j] = saved;
  }
  for (let j = 0; j <= p; j++) outN[j] = ndu[j * w + p];
}

const Nu = new Float64Array(MAX_DEGREE + 1);
const Du = new Float64Array(MAX_DEGREE + 1);
const Nv = new Float64Array(MAX_DEGREE + 1);
const Dv = new Float64Array(MAX_DEGREE + 1);

/**
 * Evaluates a (rational) B-spline curve at t: point into `outP`, first derivative into `outD`
 * (when given). t is clamped to the curve's domain.
 */
export function evalBSplineCurve(c: BSplineCurveData, t: number, outP: Vec3, outD?: Vec3): Vec3 {
  const p = c.degree;
  const n = c.controlPoints.length;
  const flat = flatKnots(c.knots, c.multiplicities);
  const t0 = flat[p];
  const t1 = flat[n];
  if (t < t0) t = t0;
  else if (t > t1) t = t1;
  const span = findSpan(flat, p, n, t);
  const W = c.weights;
  if (!outD) {
    // the point sums below, in the same order, without the derivative's
    basisFuns(flat, span, t, p, Nu);
    let x = 0, y = 0, z = 0, w = 0;
    for (let j = 0; j <= p; j++) {
      const idx = span - p + j;
      const P = c.controlPoints[idx];
      const a = Nu[j] * (W ? W[idx] : 1);
      x += a * P[0];
      y += a * P[1];
      z += a * P[2];
      w += a;
    }
    outP[0] = x / w;
    outP[1] = y / w;
    outP[2] = z / w;
    return outP;
  }
  basisFunsDer1(flat, span, t, p, Nu, Du);
  let x = 0, y = 0, z = 0, w = 0, dx = 0, dy = 0, dz = 0, dw = 0;
  for (let j = 0; j <= p; j++) {
    const idx = span - p + j;
    const P = c.controlPoints[idx];
    const wt = W ? W[idx] : 1;
    const a = Nu[j] * wt;
    const b = Du[j] * wt;
    x += a * P[0];
    y += a * P[1];
    z += a * P[2];
    w += a;
    dx += b * P[0];
    dy += b * P[1];
    dz += b * P[2];
    dw += b;
  }
  const px = x / w;
  const py = y / w;
  const pz = z / w;
  outP[0] = px;
  outP[1] = py;
  outP[2] = pz;
  if (outD) {
    outD[0] = (dx - dw * px) / w;
    outD[1] = (dy - dw * py) / w;
    outD[2] = (dz - dw * pz) / w;
  }
  return outP;
}

/** Domain of a B-spline curve. */
export function bsplineCurveDomain(c: BSplineCurveData): [number, number] {
  const flat = flatKnots(c.knots, c.multiplicities);
  return [flat[c.degree], flat[c.controlPoints.length]];
}

/** u and v domains of a B-spline surface: `[u0, u1, v0, v1]`. */
export function bsplineSurfaceDomain(s: BSplineSurfaceData): [number, number, number, number] {
  const fu = flatKnots(s.uKnots, s.uMultiplicities);
  const fv = flatKnots(s.vKnots, s.vMultiplicities);
  const nu = s.controlPoints.length;
  const nv = s.controlPoints[0]?.length ?? 0;
  return [fu[s.uDegree], fu[nu], fv[s.vDegree], fv[nv]];
}

const periodsCache = new WeakMap<object, [number, number]>();
const NO_PERIODS: [number, number] = [0, 0];

/**
 * u and v periods of a B-spline surface as OpenCascade reads it (0 where not periodic): a direction the file
 * declares closed (`u_closed` / `v_closed`) whose first and last rows of poles (and weights) coincide is periodic,
 * with the domain's length as its period. OpenCascade's STEP reader makes such a surface periodic (Geom
 * `IsUPeriodic`/`IsVPeriodic`), and its faces may then run across the domain's end: a face of a periodic surface
 * from v = 0.34 to 0.34 + 2π (OpenCascade 7.6 on FreeCAD's IDF capacitor CAP_50SGV_8_10.stp). Cached per surface.
 */
export function bsplineSurfacePeriods(s: BSplineSurfaceData): [number, number] {
  const known = periodsCache.get(s);
  if (known) return known;
  const [u0, u1, v0, v1] = bsplineSurfaceDomain(s);
  const cp = s.controlPoints;
  const nu = cp.length;
  const nv = cp[0]?.length ?? 0;
  let scale = 0;
  for (const row of cp) for (const q of row) scale = Math.max(scale, Math.abs(q[0]), Math.abs(q[1]), Math.abs(q[2]));
  const tol = 1e-9 * Math.max(1, scale);
  const same = (i0: number, j0: number, i1: number, j1: number): boolean => {
    const a = cp[i0][j0];
    const b = cp[i1][j1];
    if (Math.abs(a[0] - b[0]) > tol || Math.abs(a[1] - b[1]) > tol || Math.abs(a[2] - b[2]) > tol) return false;
    return !s.weights || Math.abs(s.weights[i0][j0] - s.weights[i1][j1]) <= 1e-12 * Math.abs(s.weights[i0][j0]);
  };
  let uClosed = s.uClosed && nu > 1;
  for (let j = 0; uClosed && j < nv; j++) uClosed = same(0, j, nu - 1, j);
  let vClosed = s.vClosed && nv > 1;
  for (let i = 0; vClosed && i < nu; i++) vClosed = same(i, 0, i, nv - 1);
  const out: [number, number] = [uClosed && u1 > u0 ? u1 - u0 : 0, vClosed && v1 > v0 ? v1 - v0 : 0];
  periodsCache.set(s, out);
  return out;
}

/** `t` brought into [lo, lo + period) (a periodic direction), else clamped to [lo, hi]. @internal */
export function intoDomain(t: number, lo: number, hi: number, period: number): number {
  if (period > 0) {
    if (t >= lo && t <= hi) return t;
    const w = t - period * Math.floor((t - lo) / period);
    return w > hi ? hi : w;
  }
  return t < lo ? lo : t > hi ? hi : t;
}

/**
 * Evaluates a (rational) B-spline surface at (u, v): point into `outP`, partial derivatives into
 * `outU`/`outV` (when given). Parameters are clamped to the domain, or brought into it by a whole number of periods
 * in a periodic direction ({@link bsplineSurfacePeriods}).
 */
export function evalBSplineSurface(s: BSplineSurfaceData, u: number, v: number, outP: Vec3, outU?: Vec3, outV?: Vec3): Vec3 {
  const p = s.uDegree;
  const q = s.vDegree;
  const nu = s.controlPoints.length;
  const nv = s.controlPoints[0].length;
  const fu = flatKnots(s.uKnots, s.uMultiplicities);
  const fv = flatKnots(s.vKnots, s.vMultiplicities);
  const [pu, pv] = s.uClosed || s.vClosed ? bsplineSurfacePeriods(s) : NO_PERIODS;
  u = intoDomain(u, fu[p], fu[nu], pu);
  v = intoDomain(v, fv[q], fv[nv], pv);
  const su = findSpan(fu, p, nu, u);
  const sv = findSpan(fv, q, nv, v);
  if (!outU && !outV) {
    basisFuns(fu, su, u, p, Nu);
    basisFuns(fv, sv, v, q, Nv);
    return bsplineSurfacePoint(s, su, sv, Nu, 0, Nv, 0, outP);
  }
  basisFunsDer1(fu, su, u, p, Nu, Du);
  basisFunsDer1(fv, sv, v, q, Nv, Dv);
  const W = s.weights;
  let x = 0, y = 0, z = 0, w = 0;
  let ux = 0, uy = 0, uz = 0, uw = 0;
  let vx = 0, vy = 0, vz = 0, vw = 0;
  for (let i = 0; i <= p; i++) {
    const row = s.controlPoints[su - p + i];
    const wrow = W ? W[su - p + i] : null;
    for (let j = 0; j <= q; j++) {
      const P = row[sv - q + j];
      const wt = wrow ? wrow[sv - q + j] : 1;
      const a = Nu[i] * Nv[j] * wt;
      const b = Du[i] * Nv[j] * wt;
      const c = Nu[i] * Dv[j] * wt;
      x += a * P[0];
      y += a * P[1];
      z += a * P[2];
      w += a;
      ux += b * P[0];
      uy += b * P[1];
      uz += b * P[2];
      uw += b;
      vx += c * P[0];
      vy += c * P[1];
      vz += c * P[2];
      vw += c;
    }
  }
  const px = x / w;
  const py = y / w;
  const pz = z / w;
  outP[0] = px;
  outP[1] = py;
  outP[2] = pz;
  if (outU) {
    outU[0] = (ux - uw * px) / w;
    outU[1] = (uy - uw * py) / w;
    outU[2] = (uz - uw * pz) / w;
  }
  if (outV) {
    outV[0] = (vx - vw * px) / w;
    outV[1] = (vy - vw * py) / w;
    outV[2] = (vz - vw * pz) / w;
  }
  return outP;
}

/**
 * The point of a B-spline surface from its spans and basis values in u (`Nu[uAt..uAt+p]`) and v (`Nv[vAt..vAt+q]`): the
 * point sums of {@link evalBSplineSurface}, in the same order (the same bits), without its derivatives. For
 * callers that evaluate grids and reuse one direction's basis across the other.
 */
export function bsplineSurfacePoint(s: BSplineSurfaceData, su: number, sv: number, Nu: Float64Array, uAt: number, Nv: Float64Array, vAt: number, outP: Vec3): Vec3 {
  const p = s.uDegree;
  const q = s.vDegree;
  const W = s.weights;
  let x = 0, y = 0, z = 0, w = 0;
  for (let i = 0; i <= p; i++) {
    const row = s.controlPoints[su - p + i];
    const wrow = W ? W[su - p + i] : null;
    for (let j = 0; j <= q; j++) {
      const P = row[sv - q + j];
      const wt = wrow ? wrow[sv - q + j] : 1;
      const a = Nu[uAt + i] * Nv[vAt + j] * wt;
      x += a * P[0];
      y += a * P[1];
      z += a * P[2];
      w += a;
    }
  }
  outP[0] = x / w;
  outP[1] = y / w;
  outP[2] = z / w;
  return outP;
}

/** True when `weights` exist and are not all equal (OpenCascade's notion of "rational"). */
export function hasUnequalWeights(weights: readonly number[] | readonly (readonly number[])[] | null): boolean {
  if (!weights) return false;
  let first: number | null = null;
  const visit = (w: number): boolean => {
    if (first === null) first = w;
    return Math.abs(w - first) > 1e-12 * Math.max(1, Math.abs(first));
  };
  for (const row of weights) {
    if (typeof row === 'number') {
      if (visit(row)) return true;
    } else {
      for (const w of row) if (visit(w)) return true;
    }
  }
  return false;
}
