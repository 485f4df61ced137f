import { symmetricEigen3 } from '../../../geometry/symmetric-eigen3.js';
/**
 * Least-squares fits of analytic surfaces to a triangle region: plane, cylinder, cone, sphere (torus:
 * fit-torus.ts). Inputs
 * are the region's vertices and area-weighted triangle normals (outward, from the winding).
 * Axis surfaces: the axis is the eigenvector of Σ w·n·nᵀ whose normals make a constant angle with it
 * (90° for a cylinder); its position is the point nearest to all normal lines; radii follow.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { GraphFace } from '../tier2-heuristics/feature-graph.js';
import { boxOfPoints } from '../tier2-heuristics/feature-graph.js';
import { dot3 } from '../../../geometry/vec3.js';
import { tubeOffset } from './fit-torus.js';

/** Region samples handed to the fitters. */
export interface RegionSamples {
  /** Vertex positions, xyz… */
  points: number[];
  /** Per-triangle unit normals, xyz… */
  normals: number[];
  /** Per-triangle areas. */
  areas: number[];
}

/** A fit: the surface fields of a {@link GraphFace} plus the largest point distance (mm). */
export type SurfaceFit = Pick<GraphFace, 'kind' | 'normal' | 'origin' | 'axis' | 'radius' | 'majorRadius' | 'semiAngleRad' | 'inward'> & {
  maxErrorMm: number;
  /** Cone: signed radius change per mm along the axis (the graph keeps only the half-angle). */
  coneSlope?: number;
};

const unit = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** Mean normal (area-weighted) of the region, unnormalised length = Σ area·n. */
function meanNormal(s: RegionSamples): Vec3 {
  const m: Vec3 = [0, 0, 0];
  for (let t = 0; t < s.areas.length; t++) for (let k = 0; k < 3; k++) m[k] += s.areas[t] * s.normals[3 * t + k];
  return m;
}

/**
 * The plane and axis-surface fits of samples that never change (a free-form face's exact samples, made once per
 * face and fitted by both the canonical kinds and Tier 2): kept, so that the second fitter reads the first's fit
 * (the same function of the same numbers) instead of fitting again. Every caller gets its own copy.
 */
const fixedFits = new WeakMap<RegionSamples, { plane?: SurfaceFit; axis?: { centroids: number[]; fit: SurfaceFit | null } }>();

/**
 * Marks samples as never written again by anyone (their fits are kept, see above) and returns them.
 * @internal
 */
export function fixedRegionSamples<S extends RegionSamples>(s: S): S {
  if (!fixedFits.has(s)) fixedFits.set(s, {});
  return s;
}

/** A fit with arrays of its own (the same keys and numbers). */
function copyFit(f: SurfaceFit): SurfaceFit {
  const c = { ...f };
  if (f.normal) c.normal = [...f.normal] as Vec3;
  if (f.origin) c.origin = [...f.origin] as Vec3;
  if (f.axis) c.axis = [...f.axis] as Vec3;
  return c;
}

/** Plane through the centroid with the mean normal. */
export function fitPlane(s: RegionSamples): SurfaceFit {
  const kept = fixedFits.get(s);
  if (kept?.plane) return copyFit(kept.plane);
  const fit = planeFit(s);
  if (kept) kept.plane = copyFit(fit);
  return fit;
}

function planeFit(s: RegionSamples): SurfaceFit {
  const n = unit(meanNormal(s));
  const c: Vec3 = [0, 0, 0];
  const np = s.points.length / 3;
  for (let i = 0; i < np; i++) for (let k = 0; k < 3; k++) c[k] += s.points[3 * i + k] / np;
  let err = 0;
  for (let i = 0; i < np; i++) err = Math.max(err, Math.abs((s.points[3 * i] - c[0]) * n[0] + (s.points[3 * i + 1] - c[1]) * n[1] + (s.points[3 * i + 2] - c[2]) * n[2]));
  return { kind: 'plane', normal: n, origin: c, axis: null, radius: null, majorRadius: null, semiAngleRad: null, inward: false, maxErrorMm: err };
}

/** Eigen-decomposition of a symmetric 3×3 matrix, eigenvalues ascending (see {@link symmetricEigen3}). */
export function eigenSym3(m: number[][]): { values: number[]; vectors: Vec3[] } {
  const { values, vectors } = symmetricEigen3(m);
  return { values: values.slice().reverse(), vectors: vectors.slice().reverse() };
}

/** Point nearest (least squares) to all lines p_i + s·n_i after projecting along `axis`. */
function axisPoint(s: RegionSamples, tri: number[], axis: Vec3): Vec3 | null {
  // lines through triangle centroids along their normals, projected onto the plane ⟂ axis
  const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const b = [0, 0, 0];
  for (let t = 0; t < s.areas.length; t++) {
    let n: Vec3 = [s.normals[3 * t], s.normals[3 * t + 1], s.normals[3 * t + 2]];
    const na = dot3(n, axis);
    n = [n[0] - na * axis[0], n[1] - na * axis[1], n[2] - na * axis[2]];
    const l = Math.hypot(n[0], n[1], n[2]);
    if (l < 1e-6) continue;
    n = [n[0] / l, n[1] / l, n[2] / l];
    const p: Vec3 = [tri[3 * t], tri[3 * t + 1], tri[3 * t + 2]];
    // projector onto the complement of n and axis: I − n nᵀ − a aᵀ
    const w = s.areas[t];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const P = (i === j ? 1 : 0) - n[i] * n[j] - axis[i] * axis[j];
        A[i][j] += w * P;
        b[i] += w * P * p[j];
      }
  }
  // A is singular along the axis: add a small regulariser pulling towards the axis-parallel plane through 0
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) A[i][j] += axis[i] * axis[j] * 1e-9 * (A[0][0] + A[1][1] + A[2][2] + 1);
  return solve3(A, b);
}

function solve3(A: number[][], b: number[]): Vec3 | null {
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(A);
  if (Math.abs(d) < 1e-300) return null;
  const out: Vec3 = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    const M = A.map((r, i) => r.map((x, j) => (j === k ? b[i] : x)));
    out[k] = det(M) / d;
  }
  return out;
}

/**
 * Best axis-surface fit (cylinder or cone) of a region, or null when the normals do not share an axis.
 * `triCentroids`: per-triangle centroids xyz….
 */
export function fitAxisSurface(s: RegionSamples, triCentroids: number[]): SurfaceFit | null {
  const kept = fixedFits.get(s);
  if (kept?.axis && kept.axis.centroids === triCentroids) return kept.axis.fit && copyFit(kept.axis.fit);
  const fit = axisSurfaceFit(s, triCentroids);
  if (kept) kept.axis = { centroids: triCentroids, fit: fit && copyFit(fit) };
  return fit;
}

function axisSurfaceFit(s: RegionSamples, triCentroids: number[]): SurfaceFit | null {
  // Candidate axes: eigenvectors of Σ w·n·nᵀ (a cylinder's axis, a full cone's), and of the normals'
  // covariance about their mean — the direction along which n·a varies least, i.e. a partial cone's axis
  // (on a partial arc a cone's axis is no eigenvector of the uncentred matrix).
  const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const C = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const nMean = meanNormal(s);
  let areaSum = 0;
  for (const a of s.areas) areaSum += a;
  for (let k = 0; k < 3; k++) nMean[k] /= areaSum || 1;
  for (let t = 0; t < s.areas.length; t++)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        M[i][j] += s.areas[t] * s.normals[3 * t + i] * s.normals[3 * t + j];
        C[i][j] += s.areas[t] * (s.normals[3 * t + i] - nMean[i]) * (s.normals[3 * t + j] - nMean[j]);
      }
  const centred = eigenSym3(C).vectors; // ascending: [0] is the least-variance direction
  const candidates = [...eigenSym3(M).vectors, centred[0]];
  let best: SurfaceFit | null = null;
  for (const axis of candidates) {
    // normals must make a constant angle with the axis
    let mean = 0, wsum = 0;
    for (let t = 0; t < s.areas.length; t++) {
      mean += s.areas[t] * (s.normals[3 * t] * axis[0] + s.normals[3 * t + 1] * axis[1] + s.normals[3 * t + 2] * axis[2]);
      wsum += s.areas[t];
    }
    mean /= wsum || 1;
    let spread = 0;
    for (let t = 0; t < s.areas.length; t++) spread = Math.max(spread, Math.abs(s.normals[3 * t] * axis[0] + s.normals[3 * t + 1] * axis[1] + s.normals[3 * t + 2] * axis[2] - mean));
    if (spread > 0.02 || Math.abs(mean) > 0.97) continue;
    const c = axisPoint(s, triCentroids, axis);
    if (!c) continue;
    const np = s.points.length / 3;
    // radial distance ρ vs axial coordinate h: ρ = r0 + h·k  (k = 0 for a cylinder)
    let sh = 0, sr = 0, shh = 0, shr = 0;
    const rho: number[] = [], hs: number[] = [];
    for (let i = 0; i < np; i++) {
      const d: Vec3 = [s.points[3 * i] - c[0], s.points[3 * i + 1] - c[1], s.points[3 * i + 2] - c[2]];
      const h = dot3(d, axis);
      const r = Math.hypot(d[0] - h * axis[0], d[1] - h * axis[1], d[2] - h * axis[2]);
      rho.push(r);
      hs.push(h);
      sh += h; sr += r; shh += h * h; shr += h * r;
    }
    const isCylinder = Math.abs(mean) < 0.02;
    let k = 0, r0 = sr / np;
    if (!isCylinder) {
      const den = np * shh - sh * sh;
      if (Math.abs(den) < 1e-12) continue;
      k = (np * shr - sh * sr) / den;
      r0 = (sr - k * sh) / np;
    }
    let err = 0;
    for (let i = 0; i < np; i++) err = Math.max(err, Math.abs(rho[i] - (r0 + k * hs[i])));
    // inward: the outward normal points towards the axis (radial components only: a cone's normals
    // have an axial part, and the axis point may lie far along the axis)
    let radialDot = 0;
    for (let t = 0; t < s.areas.length; t++) {
      const d: Vec3 = [triCentroids[3 * t] - c[0], triCentroids[3 * t + 1] - c[1], triCentroids[3 * t + 2] - c[2]];
      const h = dot3(d, axis);
      const rx = d[0] - h * axis[0], ry = d[1] - h * axis[1], rz = d[2] - h * axis[2];
      radialDot += s.areas[t] * (rx * s.normals[3 * t] + ry * s.normals[3 * t + 1] + rz * s.normals[3 * t + 2]);
    }
    const fit: SurfaceFit = {
      kind: isCylinder ? 'cylinder' : 'cone',
      normal: null,
      origin: c,
      axis,
      radius: r0,
      majorRadius: null,
      semiAngleRad: isCylinder ? null : Math.atan(Math.abs(k)),
      inward: radialDot < 0,
      maxErrorMm: err,
      coneSlope: k,
    };
    if (!best || fit.maxErrorMm < best.maxErrorMm) best = fit;
  }
  return best;
}

/**
 * The plane, else the cylinder or cone, that holds every sample within 1e-4 of the samples' box diagonal
 * (an axis surface: or 1e-3 of its radius); null when neither does. What a free-form face is taken for
 * (`fitFaceTriangles` on its triangles, `fitFreeformSurface` on its exact surface). `centroids`: one point
 * per normal, as for {@link fitAxisSurface}.
 */
export function fitPlaneOrAxisSurface(s: RegionSamples, centroids: number[]): Omit<SurfaceFit, 'maxErrorMm' | 'coneSlope'> | null {
  const box = boxOfPoints(s.points);
  const size = Math.hypot(box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]) || 1;
  const tol = 1e-4 * size + 1e-6;
  const plane = fitPlane(s);
  const pick = (f: SurfaceFit) => {
    const { maxErrorMm: _e, coneSlope: _k, ...rest } = f;
    return rest;
  };
  if (plane.maxErrorMm <= tol) return pick(plane);
  const axis = fitAxisSurface(s, centroids);
  if (axis && axis.maxErrorMm <= Math.max(tol, 1e-3 * (axis.radius ?? 0))) return pick(axis);
  return null;
}

/** Algebraic sphere fit. */
export function fitSphere(s: RegionSamples, triCentroids: number[]): SurfaceFit | null {
  // x²+y²+z² + D x + E y + F z + G = 0, normal equations 4×4 reduced by centring
  const np = s.points.length / 3;
  if (np < 4) return null;
  const m: Vec3 = [0, 0, 0];
  for (let i = 0; i < np; i++) for (let k = 0; k < 3; k++) m[k] += s.points[3 * i + k] / np;
  const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const b = [0, 0, 0];
  let mq = 0;
  const q: number[] = [];
  for (let i = 0; i < np; i++) {
    const x = s.points[3 * i] - m[0], y = s.points[3 * i + 1] - m[1], z = s.points[3 * i + 2] - m[2];
    q.push(x * x + y * y + z * z);
    mq += q[i] / np;
  }
  for (let i = 0; i < np; i++) {
    const p = [s.points[3 * i] - m[0], s.points[3 * i + 1] - m[1], s.points[3 * i + 2] - m[2]];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) A[r][c] += 2 * p[r] * p[c];
      b[r] += p[r] * (q[i] - mq);
    }
  }
  const c0 = solve3(A, b);
  if (!c0) return null;
  const centre: Vec3 = [c0[0] + m[0], c0[1] + m[1], c0[2] + m[2]];
  let r = 0;
  for (let i = 0; i < np; i++) r += Math.hypot(s.points[3 * i] - centre[0], s.points[3 * i + 1] - centre[1], s.points[3 * i + 2] - centre[2]) / np;
  let err = 0;
  for (let i = 0; i < np; i++) err = Math.max(err, Math.abs(Math.hypot(s.points[3 * i] - centre[0], s.points[3 * i + 1] - centre[1], s.points[3 * i + 2] - centre[2]) - r));
  let radialDot = 0;
  for (let t = 0; t < s.areas.length; t++)
    radialDot += s.areas[t] * ((triCentroids[3 * t] - centre[0]) * s.normals[3 * t] + (triCentroids[3 * t + 1] - centre[1]) * s.normals[3 * t + 1] + (triCentroids[3 * t + 2] - centre[2]) * s.normals[3 * t + 2]);
  return { kind: 'sphere', normal: null, origin: centre, axis: null, radius: r, majorRadius: null, semiAngleRad: null, inward: radialDot < 0, maxErrorMm: err };
}

/** Slack (rad) on top of a facet's own normal spread when its normal is compared with a fit's. */
const FIT_NORMAL_SLACK_RAD = (2 * Math.PI) / 180;
/**
 * Largest sagitta of a facet edge over the surface, as a fraction of the edge's length: tan(θ/4)/2 for
 * an arc θ, here 40° — the largest bend curved merging accepts between strips (a hexagonal pocket's
 * walls are chords of 60° of a cylinder).
 */
const CHORD_SAGITTA_RATIO = Math.tan(((40 / 4) * Math.PI) / 180) / 2;
/** Relative rounding of float32 coordinates (STL), a few units in the last place. */
const FLOAT32_ROUNDING = 5e-7;

/**
 * Whether every sample facet's normal agrees with the fitted surface's normals at the facet's corners
 * (within the corners' own spread, a slack, and the tilt float32 rounding of its corners can cause).
 * Points alone do not make a surface: any two coaxial circles lie on one sphere and on many tori, so
 * two or three tube rings of a thin torus fit those exactly while their facets face the tube's spine.
 * Also every facet edge must be a plausible chord of the surface (see {@link facetAgrees}); `toleranceMm`:
 * the fit tolerance, `maxSagittaMm`: the largest chord height a tessellation is taken to leave.
 * Needs three points per facet (as the samples are built); true otherwise.
 */
export function normalsAgree(fit: SurfaceFit, s: RegionSamples, toleranceMm: number, maxSagittaMm: number): boolean {
  const nt = s.areas.length;
  if (s.points.length !== 9 * nt || fit.kind === 'other') return true;
  let maxAbs = 0;
  for (const x of s.points) maxAbs = Math.max(maxAbs, Math.abs(x));
  const noise = FLOAT32_ROUNDING * maxAbs;
  for (let t = 0; t < nt; t++) {
    const n: Vec3 = [s.normals[3 * t], s.normals[3 * t + 1], s.normals[3 * t + 2]];
    const p = [0, 1, 2].map((k): Vec3 => [s.points[9 * t + 3 * k], s.points[9 * t + 3 * k + 1], s.points[9 * t + 3 * k + 2]]);
    if (!facetAgrees(fit, p, n, s.areas[t], noise, toleranceMm, maxSagittaMm)) return false;
  }
  return true;
}

/**
 * Whether one facet's normal `n` agrees with the fit's normals at its corners `p` (see
 * {@link normalsAgree}); `noise`: how far (mm) rounding may have moved a corner.
 */
export function facetAgrees(fit: SurfaceFit, p: readonly Vec3[], n: Vec3, area: number, noise: number, toleranceMm: number, maxSagittaMm: number): boolean {
  // a facet's edges are chords of the surface: a midpoint's distance from it is a chord's sagitta, at
  // most CHORD_SAGITTA_RATIO of its length (an arc of 40°) and at most the tessellation's deflection,
  // taken as `maxSagittaMm` (a long sliver of a small fillet, all corners on some large sphere, would cut
  // deep through that sphere)
  for (let a = 0; a < 3; a++) {
    const q = p[(a + 1) % 3];
    const length = Math.hypot(q[0] - p[a][0], q[1] - p[a][1], q[2] - p[a][2]);
    const sagitta = distanceToFit(fit, [(p[a][0] + q[0]) / 2, (p[a][1] + q[1]) / 2, (p[a][2] + q[2]) / 2]);
    if (sagitta > toleranceMm + Math.min(CHORD_SAGITTA_RATIO * length, maxSagittaMm)) return false;
  }
  const angle = (a: Vec3, b: Vec3) => Math.acos(Math.min(1, Math.abs(dot3(a, b))));
  const fn = p.map((q) => fittedNormalAt(fit, q, n));
  let spread = 0;
  for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) spread = Math.max(spread, angle(fn[a], fn[b]));
  let longest = 0;
  for (let a = 0; a < 3; a++) longest = Math.max(longest, Math.hypot(p[a][0] - p[(a + 1) % 3][0], p[a][1] - p[(a + 1) % 3][1], p[a][2] - p[(a + 1) % 3][2]));
  const height = longest > 0 ? (2 * area) / longest : 0;
  const rounding = height > 0 ? Math.atan((2 * noise) / height) : Math.PI;
  const mid: Vec3 = unit([fn[0][0] + fn[1][0] + fn[2][0], fn[0][1] + fn[1][1] + fn[2][1], fn[0][2] + fn[1][2] + fn[2][2]]);
  return angle(n, mid) <= spread + FIT_NORMAL_SLACK_RAD + rounding;
}

/** How far (mm) float32 rounding may move a coordinate of magnitude up to `maxAbs`. */
export function roundingNoiseMm(maxAbs: number): number {
  return FLOAT32_ROUNDING * maxAbs;
}

/** Unit normal of a fitted surface at a point (outward side of the region). */
export function fittedNormalAt(fit: Pick<SurfaceFit, 'kind' | 'normal' | 'origin' | 'axis' | 'inward' | 'semiAngleRad' | 'majorRadius'>, p: Vec3, fallback: Vec3): Vec3 {
  if (fit.kind === 'plane' && fit.normal) return fit.normal;
  if ((fit.kind === 'cylinder' || fit.kind === 'cone') && fit.axis) {
    const d: Vec3 = [p[0] - fit.origin[0], p[1] - fit.origin[1], p[2] - fit.origin[2]];
    const h = dot3(d, fit.axis);
    let r: Vec3 = [d[0] - h * fit.axis[0], d[1] - h * fit.axis[1], d[2] - h * fit.axis[2]];
    if (Math.hypot(r[0], r[1], r[2]) < 1e-12) return fallback;
    r = unit(r);
    // the radial part points away from the axis unless the face is on the hole side
    if (fit.inward) r = [-r[0], -r[1], -r[2]];
    if (fit.kind !== 'cone' || fit.semiAngleRad === null) return r;
    // tilt by the half-angle; the axial part keeps the side of the facet normal (flipping it with the
    // radial part would turn a countersink's convex rim concave)
    const s = Math.sin(fit.semiAngleRad), c = Math.cos(fit.semiAngleRad);
    const sign = dot3(fallback, fit.axis) >= 0 ? 1 : -1;
    return unit([c * r[0] + sign * s * fit.axis[0], c * r[1] + sign * s * fit.axis[1], c * r[2] + sign * s * fit.axis[2]]);
  }
  if (fit.kind === 'torus' && fit.axis && fit.majorRadius !== null) {
    const off = tubeOffset([p[0] - fit.origin[0], p[1] - fit.origin[1], p[2] - fit.origin[2]], fit.axis, fit.majorRadius);
    if (Math.hypot(off[0], off[1], off[2]) < 1e-12) return fallback;
    const n = unit(off);
    return fit.inward ? [-n[0], -n[1], -n[2]] : n;
  }
  if (fit.kind === 'sphere') {
    const n = unit([p[0] - fit.origin[0], p[1] - fit.origin[1], p[2] - fit.origin[2]]);
    return fit.inward ? [-n[0], -n[1], -n[2]] : n;
  }
  return fallback;
}


/** Distance (mm) of a point from a fitted surface; Infinity for `other`. */
export function distanceToFit(fit: SurfaceFit, p: Vec3): number {
  const d: Vec3 = [p[0] - fit.origin[0], p[1] - fit.origin[1], p[2] - fit.origin[2]];
  if (fit.kind === 'plane' && fit.normal) return Math.abs(dot3(d, fit.normal));
  if (fit.kind === 'sphere' && fit.radius !== null) return Math.abs(Math.hypot(d[0], d[1], d[2]) - fit.radius);
  if (fit.axis && fit.radius !== null && (fit.kind === 'cylinder' || fit.kind === 'cone' || fit.kind === 'torus')) {
    const h = dot3(d, fit.axis);
    const rho = Math.hypot(d[0] - h * fit.axis[0], d[1] - h * fit.axis[1], d[2] - h * fit.axis[2]);
    if (fit.kind === 'cylinder') return Math.abs(rho - fit.radius);
    if (fit.kind === 'cone') return Math.abs(rho - (fit.radius + h * (fit.coneSlope ?? 0)));
    if (fit.majorRadius !== null) return Math.abs(Math.hypot(rho - fit.majorRadius, h) - fit.radius);
  }
  return Infinity;
}
