/**
 * Iso-parametric curves of a B-spline surface for loops that evaluate many points at one fixed
 * parameter (quadrature along u at fixed v, or along v at fixed u).
 *
 * Fixing v reduces S(u, v) to a curve in u whose homogeneous poles are Q_i = Σ_j N_j(v)·w_ij·[P_ij, 1];
 * its cross-derivative ∂S/∂v is the curve with poles X_i = Σ_j N'_j(v)·w_ij·[P_ij, 1]. Setting them
 * up costs one basis evaluation and n·(q+1) multiply-adds; each point then costs one span search and a
 * degree-p basis instead of two bases and (p+1)(q+1) poles. Same sums as `evalBSplineSurface`,
 * regrouped (results equal to rounding).
 *
 * Poles are packed once per surface (struct-of-arrays, homogeneous, cached); the isoline object is
 * caller-owned scratch, reused across calls, so the loops allocate nothing.
 *
 * @internal
 */
import type { BSplineSurfaceData, Vec3 } from '../model/index.js';
import { basisFunsDer1, bsplineSurfacePeriods, findSpan, flatKnots, intoDomain } from './bspline.js';

/** Homogeneous poles of a B-spline surface, pole (i, j) at `(i·nv + j)·4` as [w·x, w·y, w·z, w]. */
interface PackedPoles {
  nu: number;
  nv: number;
  hw: Float64Array;
}

const packedCache = new WeakMap<object, PackedPoles>();

function packedPoles(s: BSplineSurfaceData): PackedPoles {
  const cached = packedCache.get(s);
  if (cached) return cached;
  const nu = s.controlPoints.length;
  const nv = s.controlPoints[0]?.length ?? 0;
  const hw = new Float64Array(nu * nv * 4);
  const W = s.weights;
  for (let i = 0; i < nu; i++)
    for (let j = 0; j < nv; j++) {
      const P = s.controlPoints[i][j];
      const w = W ? W[i][j] : 1;
      const k = (i * nv + j) * 4;
      hw[k] = P[0] * w;
      hw[k + 1] = P[1] * w;
      hw[k + 2] = P[2] * w;
      hw[k + 3] = w;
    }
  const packed = { nu, nv, hw };
  packedCache.set(s, packed);
  return packed;
}

/** Caller-owned scratch for one iso-parametric curve (see {@link setBSplineIsoline}). */
export interface BSplineIsoline {
  /** Direction the curve runs in. */
  along: 'u' | 'v';
  degree: number;
  poleCount: number;
  flat: Float64Array;
  /** Homogeneous poles of the curve, 4 per pole. */
  q: Float64Array;
  /** Homogeneous poles of the cross derivative (∂/∂ of the fixed parameter), 4 per pole. */
  x: Float64Array;
  /** Domain of the running parameter. */
  t0: number;
  t1: number;
}

/** A reusable isoline scratch object. */
export function createBSplineIsoline(): BSplineIsoline {
  return { along: 'u', degree: 0, poleCount: 0, flat: new Float64Array(0), q: new Float64Array(64), x: new Float64Array(64), t0: 0, t1: 0 };
}

const MAX_DEGREE = 32;
const Nf = new Float64Array(MAX_DEGREE + 1);
const Df = new Float64Array(MAX_DEGREE + 1);
const Nt = new Float64Array(MAX_DEGREE + 1);
const Dt = new Float64Array(MAX_DEGREE + 1);

/**
 * Sets `iso` to the curve of `s` running along `along` at the other parameter = `fixed` (clamped to
 * the domain, or brought into it by whole periods in a periodic direction, as `evalBSplineSurface` does). With `from`/`to`, only the poles that act on that range
 * of the running parameter are set up (evaluate only inside it then).
 */
export function setBSplineIsoline(iso: BSplineIsoline, s: BSplineSurfaceData, along: 'u' | 'v', fixed: number, from?: number, to?: number): BSplineIsoline {
  const P = packedPoles(s);
  const fu = flatKnots(s.uKnots, s.uMultiplicities);
  const fv = flatKnots(s.vKnots, s.vMultiplicities);
  const alongU = along === 'u';
  const p = alongU ? s.uDegree : s.vDegree; // running degree
  const q = alongU ? s.vDegree : s.uDegree; // fixed-direction degree
  const n = alongU ? P.nu : P.nv; // running pole count
  const m = alongU ? P.nv : P.nu;
  const flatRun = alongU ? fu : fv;
  const flatFix = alongU ? fv : fu;
  // a periodic fixed direction (bsplineSurfacePeriods) brings `fixed` into the domain by whole periods
  const period = s.uClosed || s.vClosed ? bsplineSurfacePeriods(s)[alongU ? 1 : 0] : 0;
  fixed = intoDomain(fixed, flatFix[q], flatFix[m], period);
  const span = findSpan(flatFix, q, m, fixed);
  basisFunsDer1(flatFix, span, fixed, q, Nf, Df);
  if (iso.q.length < n * 4) {
    iso.q = new Float64Array(n * 4);
    iso.x = new Float64Array(n * 4);
  }
  const Q = iso.q;
  const X = iso.x;
  const hw = P.hw;
  const nv = P.nv;
  let r0 = 0;
  let r1 = n - 1;
  if (from !== undefined && to !== undefined) {
    const lo = Math.max(flatRun[p], Math.min(from, to));
    const hi = Math.min(flatRun[n], Math.max(from, to));
    if (lo <= hi) {
      r0 = findSpan(flatRun, p, n, lo) - p;
      r1 = findSpan(flatRun, p, n, hi);
    }
  }
  for (let r = r0; r <= r1; r++) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let j = 0; j <= q; j++) {
      const c = span - q + j;
      const k = (alongU ? r * nv + c : c * nv + r) * 4;
      const nj = Nf[j];
      const dj = Df[j];
      a0 += nj * hw[k];
      a1 += nj * hw[k + 1];
      a2 += nj * hw[k + 2];
      a3 += nj * hw[k + 3];
      b0 += dj * hw[k];
      b1 += dj * hw[k + 1];
      b2 += dj * hw[k + 2];
      b3 += dj * hw[k + 3];
    }
    const o = r * 4;
    Q[o] = a0;
    Q[o + 1] = a1;
    Q[o + 2] = a2;
    Q[o + 3] = a3;
    X[o] = b0;
    X[o + 1] = b1;
    X[o + 2] = b2;
    X[o + 3] = b3;
  }
  iso.along = along;
  iso.degree = p;
  iso.poleCount = n;
  iso.flat = flatRun;
  iso.t0 = flatRun[p];
  iso.t1 = flatRun[n];
  return iso;
}

/**
 * Point S, derivative along the curve ∂S/∂t and cross derivative ∂S/∂(fixed) at running parameter t
 * (clamped to the domain). For `along: 'u'` these are S, S_u, S_v; for `'v'`: S, S_v, S_u.
 */
export function evalBSplineIsoline(iso: BSplineIsoline, t: number, outP: Vec3, outT: Vec3, outX: Vec3): void {
  const p = iso.degree;
  if (t < iso.t0) t = iso.t0;
  else if (t > iso.t1) t = iso.t1;
  const span = findSpan(iso.flat, p, iso.poleCount, t);
  basisFunsDer1(iso.flat, span, t, p, Nt, Dt);
  combine(iso, span, Nt, Dt, 0, outP, outT, outX);
}

/**
 * Basis values and derivatives of the running direction at `t = k_span + (k_span+1 − k_span)·x[i]` for
 * each node x[i] of `nodes` (fractions of one knot span), laid out `[i][N_0..N_p, D_0..D_p]`; cached
 * per surface, direction, span and node set. Used by quadratures that visit the same full knot spans
 * at many fixed parameters.
 */
export interface SpanNodeTable {
  span: number;
  /** Row stride: 2·(degree + 1). */
  stride: number;
  values: Float64Array;
}

const tableCache = new WeakMap<Float64Array, WeakMap<object, Map<number, SpanNodeTable>>>();

/** The {@link SpanNodeTable} of the knot span of `iso`'s running direction that contains (a + b)/2. */
export function isolineSpanTable(iso: BSplineIsoline, s: BSplineSurfaceData, nodes: Float64Array, a: number, b: number): SpanNodeTable {
  const p = iso.degree;
  const span = findSpan(iso.flat, p, iso.poleCount, (a + b) / 2);
  let bySurface = tableCache.get(nodes);
  if (!bySurface) tableCache.set(nodes, (bySurface = new WeakMap()));
  let bySpan = bySurface.get(s);
  if (!bySpan) bySurface.set(s, (bySpan = new Map()));
  const key = iso.along === 'u' ? span : -1 - span;
  const hit = bySpan.get(key);
  if (hit) return hit;
  const stride = 2 * (p + 1);
  const values = new Float64Array(nodes.length * stride);
  const k0 = iso.flat[span];
  const h = iso.flat[span + 1] - k0;
  for (let i = 0; i < nodes.length; i++) {
    basisFunsDer1(iso.flat, span, k0 + h * nodes[i], p, Nt, Dt);
    for (let j = 0; j <= p; j++) {
      values[i * stride + j] = Nt[j];
      values[i * stride + p + 1 + j] = Dt[j];
    }
  }
  const table = { span, stride, values };
  bySpan.set(key, table);
  return table;
}

/** {@link evalBSplineIsoline} at node i of a {@link SpanNodeTable} (no span search, no basis). */
export function evalBSplineIsolineAtNode(iso: BSplineIsoline, table: SpanNodeTable, i: number, outP: Vec3, outT: Vec3, outX: Vec3): void {
  const off = i * table.stride;
  combine(iso, table.span, table.values, table.values, off, outP, outT, outX, off + iso.degree + 1);
}

function combine(iso: BSplineIsoline, span: number, N: Float64Array, D: Float64Array, offN: number, outP: Vec3, outT: Vec3, outX: Vec3, offD = offN): void {
  const p = iso.degree;
  const Q = iso.q;
  const X = iso.x;
  let x = 0, y = 0, z = 0, w = 0, tx = 0, ty = 0, tz = 0, tw = 0, cx = 0, cy = 0, cz = 0, cw = 0;
  for (let i = 0; i <= p; i++) {
    const k = (span - p + i) * 4;
    const a = N[offN + i];
    const b = D[offD + i];
    const q0 = Q[k], q1 = Q[k + 1], q2 = Q[k + 2], q3 = Q[k + 3];
    x += a * q0;
    y += a * q1;
    z += a * q2;
    w += a * q3;
    tx += b * q0;
    ty += b * q1;
    tz += b * q2;
    tw += b * q3;
    cx += a * X[k];
    cy += a * X[k + 1];
    cz += a * X[k + 2];
    cw += a * X[k + 3];
  }
  const px = x / w;
  const py = y / w;
  const pz = z / w;
  outP[0] = px;
  outP[1] = py;
  outP[2] = pz;
  outT[0] = (tx - tw * px) / w;
  outT[1] = (ty - tw * py) / w;
  outT[2] = (tz - tw * pz) / w;
  outX[0] = (cx - cw * px) / w;
  outX[1] = (cy - cw * py) / w;
  outX[2] = (cz - cw * pz) / w;
}
