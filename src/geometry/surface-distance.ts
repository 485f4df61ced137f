/**
 * Point-to-surface distance and projection. Exact closed forms for plane, cylinder, cone, sphere and
 * torus; for B-splines a cached sample grid gives the seed and Gauss–Newton refines it; extrusion and
 * revolution surfaces seed from their profile curve; an offset surface projects onto its basis.
 */
import type { Surface, Vec2, Vec3 } from '../model/index.js';
import { curveDomain, curveParameterOf, evaluateCurve } from './curve-eval.js';
import { elementaryParameters, surfaceDerivatives, surfaceDomain, surfaceNormal } from './surface-eval.js';
import { basisFuns, bsplineSurfacePeriods, bsplineSurfacePoint, findSpan, flatKnots, intoDomain } from './bspline.js';

const TWO_PI = 2 * Math.PI;

/** Result of {@link projectPointOnSurface}. */
export interface SurfaceProjection {
  u: number;
  v: number;
  /** Distance (mm) from the point to S(u,v). */
  distance: number;
}

/**
 * Distance (mm) from `p` to the (untrimmed) surface. Exact for the elementary surfaces (the cone counts
 * both nappes, as OCCT's cone extends through its apex; a spindle torus, minor radius > major, counts its
 * inner lemon part too, as OCCT's torus covers v ∈ [0, 2π) whatever the radii); Newton projection for B-splines; profile
 * sampling + Newton for extrusions and revolutions; |t − d| after projecting onto the basis for offsets.
 * `other` surfaces give NaN.
 *
 * @example
 * ```ts
 * distanceToSurface({ type: 'sphere', frame, radius: 5 }, [0, 0, 8]); // 3
 * ```
 */
export function distanceToSurface(surface: Surface, p: Vec3): number {
  switch (surface.type) {
    case 'plane': {
      const f = surface.frame;
      return Math.abs((p[0] - f.origin[0]) * f.z[0] + (p[1] - f.origin[1]) * f.z[1] + (p[2] - f.origin[2]) * f.z[2]);
    }
    case 'cylinder':
    case 'cone':
    case 'sphere':
    case 'torus': {
      const f = surface.frame;
      const dx = p[0] - f.origin[0];
      const dy = p[1] - f.origin[1];
      const dz = p[2] - f.origin[2];
      const x = dx * f.x[0] + dy * f.x[1] + dz * f.x[2];
      const y = dx * f.y[0] + dy * f.y[1] + dz * f.y[2];
      const z = dx * f.z[0] + dy * f.z[1] + dz * f.z[2];
      const rho = Math.hypot(x, y);
      if (surface.type === 'cylinder') return Math.abs(rho - surface.radius);
      if (surface.type === 'sphere') return Math.abs(Math.hypot(rho, z) - surface.radius);
      if (surface.type === 'torus') {
        // The meridian plane through p holds two generating circles, centred at ±R along p's radial
        // direction; the far one only matters on a spindle torus (minor > major radius), whose inner
        // "lemon" part it forms — OpenCascade accepts such tori (a screw head's dome is one).
        const R = surface.majorRadius, r = surface.minorRadius;
        return Math.min(Math.abs(Math.hypot(rho - R, z) - r), Math.abs(Math.hypot(rho + R, z) - r));
      }
      // cone: generatrix through (R, 0) with direction (sin α, cos α) in the (ρ, z) half-plane, both nappes
      const ca = Math.cos(surface.semiAngle);
      const sa = Math.sin(surface.semiAngle);
      const d1 = Math.abs((rho - surface.radius) * ca - z * sa);
      const d2 = Math.abs((-rho - surface.radius) * ca - z * sa);
      return Math.min(d1, d2);
    }
    case 'offset': {
      const proj = projectPointOnSurface(surface.basis, p);
      if (!proj) return NaN;
      surfaceDerivatives(surface.basis, proj.u, proj.v, tP);
      surfaceNormal(surface.basis, proj.u, proj.v, tN);
      let t = (p[0] - tP[0]) * tN[0] + (p[1] - tP[1]) * tN[1] + (p[2] - tP[2]) * tN[2];
      if (tN[0] === 0 && tN[1] === 0 && tN[2] === 0) {
        // undefined normal (pole/apex): the offset surface is the sphere of radius |d| around it there
        t = Math.hypot(p[0] - tP[0], p[1] - tP[1], p[2] - tP[2]);
        return Math.abs(t - Math.abs(surface.distance));
      }
      return Math.abs(t - surface.distance);
    }
    case 'other':
      return NaN;
    default: {
      const proj = projectPointOnSurface(surface, p);
      return proj ? proj.distance : NaN;
    }
  }
}

const tP: Vec3 = [0, 0, 0];
const tU: Vec3 = [0, 0, 0];
const tV: Vec3 = [0, 0, 0];
const tN: Vec3 = [0, 0, 0];
const tC: Vec3 = [0, 0, 0];

/** @internal */
export interface SampleGrid {
  nu: number;
  nv: number;
  us: Float64Array;
  vs: Float64Array;
  pts: Float64Array;
}

const gridCache = new WeakMap<object, SampleGrid>();
const SEEDS = 4;
const seedD = new Float64Array(SEEDS);
const seedI = new Int32Array(SEEDS);

/** @internal The cached sample grid that seeds the projection onto a B-spline surface (exported for tests). */
export function bsplineGrid(s: Extract<Surface, { type: 'bspline' }>): SampleGrid {
  const cached = gridCache.get(s);
  if (cached) return cached;
  const [u0, u1, v0, v1] = surfaceDomain(s);
  // About three samples per pole in each direction (long helical sweeps need them), at most ~20k in all.
  let nu = Math.min(512, Math.max(9, 3 * s.controlPoints.length));
  let nv = Math.min(512, Math.max(9, 3 * (s.controlPoints[0]?.length ?? 1)));
  if (nu * nv > 20000) {
    const k = Math.sqrt(20000 / (nu * nv));
    nu = Math.max(9, Math.floor(nu * k));
    nv = Math.max(9, Math.floor(nv * k));
  }
  const us = new Float64Array(nu);
  const vs = new Float64Array(nv);
  for (let i = 0; i < nu; i++) us[i] = u0 + ((u1 - u0) * i) / (nu - 1);
  for (let j = 0; j < nv; j++) vs[j] = v0 + ((v1 - v0) * j) / (nv - 1);
  const pts = new Float64Array(nu * nv * 3);
  // The point surfaceDerivatives(s, us[i], vs[j]) gives, with each row's and column's span and basis
  // computed once instead of at every sample (the same values, so the same bits).
  const p = s.uDegree, q = s.vDegree;
  const fu = flatKnots(s.uKnots, s.uMultiplicities);
  const fv = flatKnots(s.vKnots, s.vMultiplicities);
  const np = s.controlPoints.length, nq = s.controlPoints[0].length;
  const colSpan = new Int32Array(nv);
  const colBasis = new Float64Array(nv * (q + 1));
  const basis = new Float64Array(Math.max(p, q) + 1);
  for (let j = 0; j < nv; j++) {
    let v = vs[j];
    if (v < fv[q]) v = fv[q];
    else if (v > fv[nq]) v = fv[nq];
    colSpan[j] = findSpan(fv, q, nq, v);
    basisFuns(fv, colSpan[j], v, q, basis);
    colBasis.set(basis.subarray(0, q + 1), j * (q + 1));
  }
  const rowBasis = new Float64Array(p + 1);
  for (let i = 0; i < nu; i++) {
    let u = us[i];
    if (u < fu[p]) u = fu[p];
    else if (u > fu[np]) u = fu[np];
    const su = findSpan(fu, p, np, u);
    basisFuns(fu, su, u, p, rowBasis);
    for (let j = 0; j < nv; j++) {
      bsplineSurfacePoint(s, su, colSpan[j], rowBasis, 0, colBasis, j * (q + 1), tP);
      const k = (i * nv + j) * 3;
      pts[k] = tP[0];
      pts[k + 1] = tP[1];
      pts[k + 2] = tP[2];
    }
  }
  const grid = { nu, nv, us, vs, pts };
  gridCache.set(s, grid);
  return grid;
}

function seedOnCurveProfile(s: Surface, p: Vec3, out: Vec2): boolean {
  if (s.type === 'extrusion') {
    const d = s.direction;
    const dd = Math.hypot(d[0], d[1], d[2]) || 1;
    let [a, b] = curveDomain(s.sweptCurve);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      const t = curveParameterOf(s.sweptCurve, p);
      out[0] = t;
      evaluateCurve(s.sweptCurve, t, tC);
      out[1] = ((p[0] - tC[0]) * d[0] + (p[1] - tC[1]) * d[1] + (p[2] - tC[2]) * d[2]) / (dd * dd);
      return true;
    }
    let best = Infinity;
    const n = 96;
    for (let i = 0; i <= n; i++) {
      const t = a + ((b - a) * i) / n;
      evaluateCurve(s.sweptCurve, t, tC);
      const rx = p[0] - tC[0], ry = p[1] - tC[1], rz = p[2] - tC[2];
      const w = (rx * d[0] + ry * d[1] + rz * d[2]) / (dd * dd);
      const ex = rx - w * d[0], ey = ry - w * d[1], ez = rz - w * d[2];
      const dist = ex * ex + ey * ey + ez * ez;
      if (dist < best) {
        best = dist;
        out[0] = t;
        out[1] = w;
      }
    }
    return true;
  }
  if (s.type === 'revolution') {
    const o = s.axisOrigin;
    const k = s.axisDirection;
    const rel = (q: Vec3, res: [number, number, Vec3]): void => {
      const x = q[0] - o[0], y = q[1] - o[1], z = q[2] - o[2];
      const h = x * k[0] + y * k[1] + z * k[2];
      const r: Vec3 = [x - h * k[0], y - h * k[1], z - h * k[2]];
      res[0] = Math.hypot(r[0], r[1], r[2]);
      res[1] = h;
      res[2] = r;
    };
    const rp: [number, number, Vec3] = [0, 0, [0, 0, 0]];
    const rc: [number, number, Vec3] = [0, 0, [0, 0, 0]];
    rel(p, rp);
    let [a, b] = curveDomain(s.sweptCurve);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      const t = curveParameterOf(s.sweptCurve, p);
      const span = 2 * Math.hypot(p[0] - o[0], p[1] - o[1], p[2] - o[2]) + 1;
      a = t - span;
      b = t + span;
    }
    let best = Infinity;
    let bestT = a;
    const n = 128;
    for (let i = 0; i <= n; i++) {
      const t = a + ((b - a) * i) / n;
      evaluateCurve(s.sweptCurve, t, tC);
      rel(tC, rc);
      const dist = (rc[0] - rp[0]) ** 2 + (rc[1] - rp[1]) ** 2;
      if (dist < best) {
        best = dist;
        bestT = t;
      }
    }
    evaluateCurve(s.sweptCurve, bestT, tC);
    rel(tC, rc);
    // signed angle from the curve point's radial direction to p's, about k
    const ra = rc[2];
    const rb = rp[2];
    const cx = ra[1] * rb[2] - ra[2] * rb[1];
    const cy = ra[2] * rb[0] - ra[0] * rb[2];
    const cz = ra[0] * rb[1] - ra[1] * rb[0];
    const sinA = cx * k[0] + cy * k[1] + cz * k[2];
    const cosA = ra[0] * rb[0] + ra[1] * rb[1] + ra[2] * rb[2];
    let u = Math.atan2(sinA, cosA);
    if (u < 0) u += TWO_PI;
    out[0] = u;
    out[1] = bestT;
    return true;
  }
  return false;
}

/**
 * Projects `p` onto the (untrimmed) surface: closed form for the elementary surfaces, Newton otherwise.
 * `hint` (a nearby (u,v), e.g. the previous vertex's) skips the seed search for B-splines.
 * Returns null for `other` surfaces.
 */
export function projectPointOnSurface(s: Surface, p: Vec3, hint?: Vec2): SurfaceProjection | null {
  const uv: Vec2 = [0, 0];
  if (s.type === 'other') return null;
  if (s.type === 'offset') {
    const b = projectPointOnSurface(s.basis, p, hint);
    if (!b) return null;
    return newton(s, p, b.u, b.v);
  }
  if (elementaryParameters(s, p, uv)) {
    surfaceDerivatives(s, uv[0], uv[1], tP);
    return { u: uv[0], v: uv[1], distance: Math.hypot(tP[0] - p[0], tP[1] - p[1], tP[2] - p[2]) };
  }
  if (hint) return newton(s, p, hint[0], hint[1]);
  if (s.type === 'bspline') {
    // Multi-start: Newton from the SEEDS nearest grid samples, keep the closest result.
    const g = bsplineGrid(s);
    nearestSeeds(g, p, false);
    // All of them at one point: a degenerate row (a patch closing to a pole, as a B-spline nose cap does), where
    // S_v vanishes and Newton cannot move. Seed from the nearest distinct points instead (a seam's two sides are
    // one point too, but only two samples: there both sides must stay seeds).
    if (seedD[1] < Infinity && seedsCoincide(g)) nearestSeeds(g, p, true);
    let best: SurfaceProjection | null = null;
    for (let m = 0; m < SEEDS && seedD[m] < Infinity; m++) {
      const r = newton(s, p, g.us[Math.floor(seedI[m] / g.nv)], g.vs[seedI[m] % g.nv]);
      if (!best || r.distance < best.distance) best = r;
      if (best.distance < 1e-12) break;
    }
    return best;
  }
  if (seedOnCurveProfile(s, p, uv)) return newton(s, p, uv[0], uv[1]);
  return null;
}

/** Fills `seedD`/`seedI` with the SEEDS grid samples nearest to `p`; `distinct`: a point already seeded counts once. */
function nearestSeeds(g: SampleGrid, p: Vec3, distinct: boolean): void {
  seedD.fill(Infinity);
  for (let i = 0; i < g.nu; i++)
    for (let j = 0; j < g.nv; j++) {
      const k = (i * g.nv + j) * 3;
      const d = (g.pts[k] - p[0]) ** 2 + (g.pts[k + 1] - p[1]) ** 2 + (g.pts[k + 2] - p[2]) ** 2;
      if (d < seedD[SEEDS - 1] && !(distinct && seededAt(g, d, k))) {
        let m = SEEDS - 1;
        while (m > 0 && seedD[m - 1] > d) {
          seedD[m] = seedD[m - 1];
          seedI[m] = seedI[m - 1];
          m--;
        }
        seedD[m] = d;
        seedI[m] = i * g.nv + j;
      }
    }
}

/** Whether every chosen seed is the first one's point (within rounding: a pole's samples differ in the last bits). */
function seedsCoincide(g: SampleGrid): boolean {
  const k = seedI[0] * 3;
  for (let m = 1; m < SEEDS && seedD[m] < Infinity; m++) if (!samePoint(g, seedI[m] * 3, k, seedD[0])) return false;
  return true;
}

/** Whether a chosen seed lies at grid point `k`, `d` its squared distance. */
function seededAt(g: SampleGrid, d: number, k: number): boolean {
  for (let m = 0; m < SEEDS && seedD[m] < Infinity; m++) if (samePoint(g, seedI[m] * 3, k, d)) return true;
  return false;
}

function samePoint(g: SampleGrid, q: number, k: number, d: number): boolean {
  const eps = 1e-9 * (1 + Math.sqrt(d));
  return Math.abs(g.pts[q] - g.pts[k]) <= eps && Math.abs(g.pts[q + 1] - g.pts[k + 1]) <= eps && Math.abs(g.pts[q + 2] - g.pts[k + 2]) <= eps;
}

/**
 * Gauss–Newton on (S−p)·S_u = (S−p)·S_v = 0, clamped to the surface's parameter box except in a periodic direction
 * (the evaluation wraps there). A periodic B-spline's hint may lie a period beyond its knot domain (a boundary
 * unwrapped across the seam): clamping it moved the start half a turn, onto another side of the surface (D31's
 * sphere-octant patches, whose inversion then ran into the pole and stayed there).
 */
function newton(s: Surface, p: Vec3, u: number, v: number): SurfaceProjection {
  const [u0, u1, v0, v1] = surfaceDomain(s);
  const periodicU = s.type === 'revolution' || (s.type === 'offset' && (s.basis.type === 'cylinder' || s.basis.type === 'cone' || s.basis.type === 'sphere' || s.basis.type === 'torus'));
  // a periodic B-spline's parameters stay in its knot domain, wrapped (not clamped) into it
  const [pu, pv] = s.type === 'bspline' ? bsplineSurfacePeriods(s) : [0, 0];
  if (pu > 0) u = intoDomain(u, u0, u1, pu);
  if (pv > 0) v = intoDomain(v, v0, v1, pv);
  for (let it = 0; it < 40; it++) {
    surfaceDerivatives(s, u, v, tP, tU, tV);
    const rx = tP[0] - p[0], ry = tP[1] - p[1], rz = tP[2] - p[2];
    const a = tU[0] * tU[0] + tU[1] * tU[1] + tU[2] * tU[2];
    const b = tU[0] * tV[0] + tU[1] * tV[1] + tU[2] * tV[2];
    const c = tV[0] * tV[0] + tV[1] * tV[1] + tV[2] * tV[2];
    const f = rx * tU[0] + ry * tU[1] + rz * tU[2];
    const g = rx * tV[0] + ry * tV[1] + rz * tV[2];
    const det = a * c - b * b;
    if (!(Math.abs(det) > 1e-300)) break;
    let du = -(c * f - b * g) / det;
    let dv = -(a * g - b * f) / det;
    if (!Number.isFinite(du) || !Number.isFinite(dv)) break;
    let nu = u + du;
    let nv = v + dv;
    if (!periodicU && !(pu > 0)) {
      if (nu < u0) nu = u0;
      if (nu > u1) nu = u1;
    }
    if (!(pv > 0)) {
      if (nv < v0) nv = v0;
      if (nv > v1) nv = v1;
    }
    du = nu - u;
    dv = nv - v;
    u = pu > 0 ? intoDomain(nu, u0, u1, pu) : nu;
    v = pv > 0 ? intoDomain(nv, v0, v1, pv) : nv;
    if (Math.abs(du) * Math.sqrt(a) + Math.abs(dv) * Math.sqrt(c) < 1e-10) break;
  }
  surfaceDerivatives(s, u, v, tP);
  return { u, v, distance: Math.hypot(tP[0] - p[0], tP[1] - p[1], tP[2] - p[2]) };
}
