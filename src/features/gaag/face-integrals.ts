/**
 * Exact area and area centroid of a trimmed face (what `BRepGProp::SurfaceProperties` gives), by
 * Green's theorem on the face's uv loops:
 *   ∬_R g(u,v)·[1, S(u,v)] du dv = ∮ G(u,v) dv,  G(u,v) = ∫_{u_r}^{u} g(s,v)·[1, S(s,v)] ds,
 * with g = |S_u × S_v|. G is closed-form for planes and the surfaces of revolution (cylinder, cone,
 * sphere, torus), Gauss–Legendre (split at knots) otherwise; the loop integral is Gauss–Legendre per
 * pcurve piece (split at B-spline knots, arcs every π/8). Orientation-free: the signed results give
 * area = |A| and centroid = M / A.
 *
 * @internal
 */
import type { Surface, Vec2, Vec3 } from '../../model/index.js';
import { surfaceDerivatives } from '../../geometry/surface-eval.js';
import { bsplineSurfaceDomain } from '../../geometry/bspline.js';
import { createBSplineIsoline, evalBSplineIsoline, evalBSplineIsolineAtNode, isolineSpanTable, setBSplineIsoline } from '../../geometry/bspline-isoline.js';
import { bspline2dBreaks } from './curve2d.js';
import { evaluateCurve2d } from '../../geometry/curve-eval.js';
import { pieceEnd, type FaceUvBoundary, type UvPiece } from './uv-bounds.js';

/** Gauss–Legendre nodes/weights on [0, 1]. */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = 0;
      for (let k = 1; k <= n; k++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * k - 1) * z * p1 - (k - 1) * p2) / k;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = (1 - z) / 2;
    w[i] = 1 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

const GL_OUTER = gaussLegendre(8);
const GL_INNER = gaussLegendre(10);
const GL_SHORT = gaussLegendre(4);

const sP: Vec3 = [0, 0, 0];
const sU: Vec3 = [0, 0, 0];
const sV: Vec3 = [0, 0, 0];
const q: Vec2 = [0, 0];
const dq: Vec2 = [0, 0];
const G = new Float64Array(4);
const gapA: Vec2 = [0, 0];
const gapB: Vec2 = [0, 0];
const acc = new Float64Array(4);
const breaks: number[] = [];
const innerBreaks: number[] = [];

/**
 * G(u, v) = ∫_{ur}^{u} g·[1, S] ds into `out` (4 values: area density integral, then moment x, y, z).
 */
function innerIntegral(s: Surface, ur: number, u: number, v: number, out: Float64Array): void {
  const L = u - ur;
  switch (s.type) {
    case 'plane': {
      const { origin: o, x, y } = s.frame;
      const h = (u * u - ur * ur) / 2;
      out[0] = L;
      for (let k = 0; k < 3; k++) out[k + 1] = o[k] * L + x[k] * h + y[k] * v * L;
      return;
    }
    case 'cylinder':
    case 'cone':
    case 'sphere':
    case 'torus': {
      let rho: number, hgt: number, g: number;
      if (s.type === 'cylinder') {
        rho = s.radius;
        hgt = v;
        g = s.radius;
      } else if (s.type === 'cone') {
        rho = s.radius + v * Math.sin(s.semiAngle);
        hgt = v * Math.cos(s.semiAngle);
        g = Math.abs(rho);
      } else if (s.type === 'sphere') {
        const cv = Math.cos(v);
        rho = s.radius * cv;
        hgt = s.radius * Math.sin(v);
        g = s.radius * s.radius * Math.abs(cv);
      } else {
        rho = s.majorRadius + s.minorRadius * Math.cos(v);
        hgt = s.minorRadius * Math.sin(v);
        g = Math.abs(s.minorRadius * rho);
      }
      const { origin: o, x, y, z } = s.frame;
      const cs = Math.sin(u) - Math.sin(ur);
      const cc = Math.cos(ur) - Math.cos(u);
      out[0] = g * L;
      for (let k = 0; k < 3; k++) out[k + 1] = g * (o[k] * L + rho * (cs * x[k] + cc * y[k]) + hgt * L * z[k]);
      return;
    }
    case 'bspline':
      bsplineInnerIntegral(s, 'u', ur, u, v, out);
      return;
    default: {
      out[0] = out[1] = out[2] = out[3] = 0;
      if (L === 0) return;
      // extrusion, revolution, offset: 4 pieces of Gauss–Legendre 10, also split at the knots of an extrusion's
      // B-spline curve (the integrand is only as smooth there as the knot's multiplicity leaves it)
      innerBreaks.length = 0;
      for (let j = 1; j < 4; j++) innerBreaks.push(ur + (L * j) / 4);
      if (s.type === 'extrusion' && s.sweptCurve.type === 'bspline') {
        const lo = Math.min(ur, u), hi = Math.max(ur, u);
        for (const k of s.sweptCurve.knots) if (k > lo && k < hi) innerBreaks.push(k);
        innerBreaks.sort((a, b) => (L > 0 ? a - b : b - a));
      }
      innerBreaks.push(u);
      let s0 = ur;
      for (const s1 of innerBreaks) {
        const h = s1 - s0;
        for (let i = 0; i < GL_INNER.x.length; i++) {
          const ss = s0 + h * GL_INNER.x[i];
          surfaceDerivatives(s, ss, v, sP, sU, sV);
          const nx = sU[1] * sV[2] - sU[2] * sV[1];
          const ny = sU[2] * sV[0] - sU[0] * sV[2];
          const nz = sU[0] * sV[1] - sU[1] * sV[0];
          const g = Math.hypot(nx, ny, nz) * h * GL_INNER.w[i];
          out[0] += g;
          out[1] += g * sP[0];
          out[2] += g * sP[1];
          out[3] += g * sP[2];
        }
        s0 = s1;
      }
    }
  }
}

const iso = createBSplineIsoline();

/**
 * B-spline inner integral ∫_{ref}^{t} g·[1, S] along `along` at the other parameter = `fixed`, split
 * at the knots of the running direction, Gauss–Legendre 10 per piece, on the isoline (one basis per
 * point instead of two).
 */
function bsplineInnerIntegral(s: BSplineSurface, along: 'u' | 'v', ref: number, t: number, fixed: number, out: Float64Array): void {
  out[0] = out[1] = out[2] = out[3] = 0;
  if (t === ref) return;
  setBSplineIsoline(iso, s, along, fixed, ref, t);
  const knots = along === 'u' ? s.uKnots : s.vKnots;
  innerBreaks.length = 0;
  const lo = Math.min(ref, t), hi = Math.max(ref, t);
  let loKnot = false;
  let hiKnot = false;
  for (let k = 0; k < knots.length; k++) {
    const x = knots[k];
    if (x > lo && x < hi) innerBreaks.push(x);
    else if (x === lo) loKnot = true;
    else if (x === hi) hiKnot = true;
  }
  const m = innerBreaks.length;
  const gx = GL_INNER.x;
  const gw = GL_INNER.w;
  let o0 = 0, o1 = 0, o2 = 0, o3 = 0;
  // pieces in increasing parameter (the sign of the integral is applied at the end); a full knot
  // span inside the surface's domain uses the cached basis table of its Gauss nodes
  let a = lo;
  for (let b = 0; b <= m; b++) {
    const end = b < m ? innerBreaks[b] : hi;
    const h = end - a;
    const full = (b > 0 || loKnot) && (b < m || hiKnot);
    const table = full ? isolineSpanTable(iso, s, gx, a, end) : null;
    for (let i = 0; i < gx.length; i++) {
      if (table) evalBSplineIsolineAtNode(iso, table, i, sP, sU, sV);
      else evalBSplineIsoline(iso, a + h * gx[i], sP, sU, sV);
      const nx = sU[1] * sV[2] - sU[2] * sV[1];
      const ny = sU[2] * sV[0] - sU[0] * sV[2];
      const nz = sU[0] * sV[1] - sU[1] * sV[0];
      const g = Math.sqrt(nx * nx + ny * ny + nz * nz) * h * gw[i];
      o0 += g;
      o1 += g * sP[0];
      o2 += g * sP[1];
      o3 += g * sP[2];
    }
    a = end;
  }
  const sign = t < ref ? -1 : 1;
  out[0] = sign * o0;
  out[1] = sign * o1;
  out[2] = sign * o2;
  out[3] = sign * o3;
}

type BSplineSurface = Extract<Surface, { type: 'bspline' }>;

/** Inner integrals of the current face run along v (∬ f du dv = −∮ F du, F = ∫_{vr}^{v} f dt). */
let innerAlongV = false;
/** The current face's uv box extents. */
let boxU = 0;
let boxV = 0;

/** Number of knot spans of `knots` over [a, b]. */
function spansIn(knots: readonly number[], a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  let n = 1;
  for (let k = 0; k < knots.length; k++) if (knots[k] > a && knots[k] < b) n++;
  return n;
}

function subdivisions(s: Surface, p: UvPiece): number {
  if (p.kind !== 'pcurve' || !p.curve) return 1;
  switch (p.curve.type) {
    case 'line':
      return s.type === 'plane' ? 1 : 4;
    case 'circle':
    case 'ellipse':
    case 'hyperbola':
      return Math.max(2, Math.ceil(Math.abs(p.tb - p.ta) / (Math.PI / 8)));
    case 'parabola':
      // its parameter is a length: one piece per focal length along the axis's normal, as an arc's per π/8
      return Math.max(2, Math.min(64, Math.ceil(Math.abs(p.tb - p.ta) / p.curve.focalLength)));
    default:
      return 2;
  }
}

/**
 * The current face's knot lines across the outer integral's direction (v when the inner integrals run along u; u
 * otherwise) on a B-spline surface, repeated a period on either side in a periodic direction, and a surface of
 * revolution's B-spline curve's knots (v); empty on other surfaces. Across a knot line the integrand G is only as smooth as the knot's multiplicity leaves the surface (C1
 * for a degree-8 surface with 7-fold knots: 3e-3 off on a gearbox face, P06 face 290, with 4 equal Gauss pieces), so
 * the outer pieces are split there.
 */
const outerKnotLines: number[] = [];
const knotCrossings: number[] = [];

function setOuterKnotLines(s: Surface, b: FaceUvBoundary): void {
  outerKnotLines.length = 0;
  // a surface of revolution: the outer integral runs along its curve (v), across the curve's knots
  if (s.type === 'revolution' && s.sweptCurve.type === 'bspline') {
    for (let k = 1; k < s.sweptCurve.knots.length - 1; k++) outerKnotLines.push(s.sweptCurve.knots[k]);
    return;
  }
  if (s.type !== 'bspline') return;
  const knots = innerAlongV ? s.uKnots : s.vKnots;
  const period = innerAlongV ? b.periodU : b.periodV;
  const shifts = period > 0 ? [-period, 0, period] : [0];
  for (const d of shifts) for (let k = 1; k < knots.length - 1; k++) outerKnotLines.push(knots[k] + d);
  if (period > 0) {
    outerKnotLines.push(knots[0] - period, knots[0], knots[0] + period, knots[0] + 2 * period);
    outerKnotLines.sort((x, y) => x - y);
  }
}

/** The outer coordinate of the current face's loop integral at uv `q`. */
const outerOf = (uv: Vec2): number => (innerAlongV ? uv[0] : uv[1]);

/**
 * ∫ G along the pcurve piece's range [a, b] (`m` equal Gauss pieces), split where it crosses the surface's knot lines
 * ({@link setOuterKnotLines}); the `m` pieces are shared out by length. A
 * crossing is found by bisection between the ends of each of the `m` pieces (the outer coordinate monotone there). At
 * least two Gauss pieces between two crossings: one left 3e-7 on the C1 fixture (c1-bspline-block.step), two 4e-9.
 */
function integrateAcrossKnotLines(s: Surface, p: UvPiece, a: number, b: number, m: number, ur: number): void {
  if (outerKnotLines.length === 0) return integrateEqualPieces(s, p, a, b, m, ur);
  const c = p.curve!;
  const at = (t: number): number => {
    evaluateCurve2d(c, t, q);
    return innerAlongV ? q[0] + p.du : q[1];
  };
  knotCrossings.length = 0;
  for (let j = 0; j < m; j++) {
    const t0 = a + ((b - a) * j) / m;
    const t1 = a + ((b - a) * (j + 1)) / m;
    const o0 = at(t0);
    const o1 = at(t1);
    const lo = Math.min(o0, o1);
    const hi = Math.max(o0, o1);
    for (const k of outerKnotLines) {
      if (!(k > lo && k < hi)) continue;
      // bisection on [t0, t1] for outer(t) = k
      let x0 = t0;
      let x1 = t1;
      const up = o1 > o0;
      for (let it = 0; it < 60 && x1 !== x0; it++) {
        const xm = (x0 + x1) / 2;
        if (at(xm) < k === up) x0 = xm;
        else x1 = xm;
      }
      knotCrossings.push((x0 + x1) / 2);
    }
  }
  if (knotCrossings.length === 0) return integrateEqualPieces(s, p, a, b, m, ur);
  knotCrossings.sort((x, y) => (b > a ? x - y : y - x));
  knotCrossings.push(b);
  let from = a;
  for (const to of knotCrossings) {
    integrateEqualPieces(s, p, from, to, Math.max(2, Math.round((m * (to - from)) / (b - a))), ur);
    from = to;
  }
}

/** {@link integratePcurveRange} over [a, b] in `m` equal pieces. */
function integrateEqualPieces(s: Surface, p: UvPiece, a: number, b: number, m: number, ur: number): void {
  for (let j = 0; j < m; j++) integratePcurveRange(s, p, a + ((b - a) * j) / m, a + ((b - a) * (j + 1)) / m, ur);
}

const segA: Vec2 = [0, 0];
const segB: Vec2 = [0, 0];

/** {@link integrateSegment} split where the straight uv segment crosses the surface's knot lines. */
function segmentAcrossKnotLines(s: Surface, u0: number, v0: number, u1: number, v1: number, ur: number): void {
  segA[0] = u0;
  segA[1] = v0;
  segB[0] = u1;
  segB[1] = v1;
  const o0 = outerOf(segA);
  const o1 = outerOf(segB);
  const lo = Math.min(o0, o1);
  const hi = Math.max(o0, o1);
  let fa = 0;
  let ua = u0;
  let va = v0;
  const n = outerKnotLines.length;
  for (let i = o1 >= o0 ? 0 : n - 1; i >= 0 && i < n; i += o1 >= o0 ? 1 : -1) {
    const k = outerKnotLines[i];
    if (!(k > lo && k < hi)) continue;
    const f = (k - o0) / (o1 - o0);
    if (!(f > fa && f < 1)) continue;
    const ub = u0 + (u1 - u0) * f;
    const vb = v0 + (v1 - v0) * f;
    integrateSegment(s, ua, va, ub, vb, ur);
    fa = f;
    ua = ub;
    va = vb;
  }
  integrateSegment(s, ua, va, u1, v1, ur);
}

/** Adds ∫ G dv along the pcurve sub-range [a, b] into acc. */
function integratePcurveRange(s: Surface, p: UvPiece, a: number, b: number, ur: number): void {
  const c = p.curve!;
  const h = b - a;
  for (let i = 0; i < GL_OUTER.x.length; i++) {
    const t = a + h * GL_OUTER.x[i];
    evaluateCurve2d(c, t, q, dq);
    const dv = (innerAlongV ? -dq[0] : dq[1]) * h * GL_OUTER.w[i];
    if (dv === 0) continue;
    if (innerAlongV) bsplineInnerIntegral(s as BSplineSurface, 'v', ur, q[1], q[0] + p.du, G);
    else innerIntegral(s, ur, q[0] + p.du, q[1], G);
    acc[0] += G[0] * dv;
    acc[1] += G[1] * dv;
    acc[2] += G[2] * dv;
    acc[3] += G[3] * dv;
  }
}

function integrateSegment(s: Surface, u0: number, v0: number, u1: number, v1: number, ur: number): void {
  const dvTotal = innerAlongV ? -(u1 - u0) : v1 - v0;
  if (dvTotal === 0) return;
  // Curved surfaces: a short segment (≤ 1/16 of the face's uv box, as in sampled boundaries) gets one
  // Gauss–Legendre 4 instead of 2 × 8 — the integrand is smooth over it (error ~ (1/16)^8 of its
  // variation), and every outer node costs a whole inner integral.
  const short = s.type !== 'plane' && Math.abs(u1 - u0) <= boxU / 16 && Math.abs(v1 - v0) <= boxV / 16;
  const rule = short ? GL_SHORT : GL_OUTER;
  const sub = s.type === 'plane' || short ? 1 : 2;
  for (let j = 0; j < sub; j++) {
    const f0 = j / sub;
    const f1 = (j + 1) / sub;
    for (let i = 0; i < rule.x.length; i++) {
      const f = f0 + (f1 - f0) * rule.x[i];
      const u = u0 + (u1 - u0) * f;
      const v = v0 + (v1 - v0) * f;
      if (innerAlongV) bsplineInnerIntegral(s as BSplineSurface, 'v', ur, v, u, G);
      else innerIntegral(s, ur, u, v, G);
      const dv = dvTotal * (f1 - f0) * rule.w[i];
      acc[0] += G[0] * dv;
      acc[1] += G[1] * dv;
      acc[2] += G[2] * dv;
      acc[3] += G[3] * dv;
    }
  }
}

/**
 * Area (surface units²) and area centroid of the trimmed face into `out` = [area, cx, cy, cz].
 * Returns false when the loops give no area (then `out` is untouched).
 */
export function faceAreaCentroid(s: Surface, b: FaceUvBoundary, out: Float64Array): boolean {
  acc[0] = acc[1] = acc[2] = acc[3] = 0;
  // B-splines: integrate inside along the direction with fewer knot spans over the face (a ruled
  // surface has one span across), outside around the loops; else along u (closed forms). Not along v
  // on slivers thin in v (< 1 % of the v domain): measured there, −∮F du converged badly (3e-3 on a
  // 1e-4 mm² face of D25) where ∮G dv is exact to 1e-11.
  innerAlongV = false;
  // a B-spline periodic in one direction (its face may run across the domain's end): inside along the other
  if (s.type === 'bspline' && (b.periodU > 0) !== (b.periodV > 0)) innerAlongV = b.periodU > 0;
  else if (s.type === 'bspline' && spansIn(s.vKnots, b.box[2], b.box[3]) < spansIn(s.uKnots, b.box[0], b.box[1])) {
    const d = bsplineSurfaceDomain(s);
    innerAlongV = b.box[3] - b.box[2] >= 1e-2 * (d[3] - d[2]);
  }
  boxU = b.box[1] - b.box[0];
  boxV = b.box[3] - b.box[2];
  setOuterKnotLines(s, b);
  const k0 = innerAlongV ? 2 : 0;
  const ur = Number.isFinite(b.box[k0]) ? b.box[k0] : 0;
  for (const loop of b.loops) {
    for (let li = 0; li < loop.length; li++) {
      const p = loop[li];
      if (innerAlongV) {
        // close the sub-tolerance gap to the next piece: −∮F du needs an exactly closed loop (the
        // gaps the boundary builder leaves, < 1e-7 of the uv span, cost F·δu, visible on tiny faces)
        pieceEnd(p, true, gapA);
        pieceEnd(loop[(li + 1) % loop.length], false, gapB);
        if (gapA[0] !== gapB[0] || gapA[1] !== gapB[1]) integrateSegment(s, gapA[0], gapA[1], gapB[0], gapB[1], ur);
      }
      if (p.kind === 'pcurve' && p.curve) {
        const c = p.curve;
        if (c.type === 'bspline' || c.type === 'polyline') {
          bspline2dBreaks(c, p.ta, p.tb, breaks);
          let a = p.ta;
          for (let k = 0; k <= breaks.length; k++) {
            const e = k < breaks.length ? breaks[k] : p.tb;
            const sub = c.type === 'bspline' && c.degree > 1 ? 2 : 1;
            integrateAcrossKnotLines(s, p, a, e, sub, ur);
            a = e;
          }
        } else integrateAcrossKnotLines(s, p, p.ta, p.tb, subdivisions(s, p), ur);
      } else {
        const pts = p.poly;
        for (let i = 0; i + 3 < pts.length; i += 2) segmentAcrossKnotLines(s, pts[i], pts[i + 1], pts[i + 2], pts[i + 3], ur);
      }
    }
  }
  const A = acc[0];
  if (!(Math.abs(A) > 0) || !Number.isFinite(A)) return false;
  out[0] = Math.abs(A);
  out[1] = acc[1] / A;
  out[2] = acc[2] / A;
  out[3] = acc[3] / A;
  return true;
}
