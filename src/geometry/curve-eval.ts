/**
 * 3-D curve evaluation (point and first derivative) and point inversion, following OpenCascade's
 * parameterisations (ElCLib): line P = O + t·D (D unit, t = arc length), circle O + R(cos t X + sin t Y),
 * ellipse O + a cos t X + b sin t Y, hyperbola O + a cosh t X + b sinh t Y, parabola O + t²/(4F) X + t Y, B-splines by de Boor, polylines with one unit of parameter per segment
 * (t ∈ [0, n-1]); trimmed curves evaluate their basis.
 */
import type { Curve, Curve2d, Vec2, Vec3 } from '../model/index.js';
import { basisFunsDer1, bsplineCurveDomain, evalBSplineCurve, findSpan, flatKnots } from './bspline.js';
import { distance3 } from './vec3.js';

const TWO_PI = 2 * Math.PI;

/**
 * Evaluates the curve at parameter t into `out` (and its first derivative into `outD` when given).
 * Unknown (`other`) curves give NaN.
 */
export function evaluateCurve(curve: Curve, t: number, out: Vec3 = [0, 0, 0], outD?: Vec3): Vec3 {
  switch (curve.type) {
    case 'line': {
      const o = curve.origin;
      const d = curve.direction;
      out[0] = o[0] + t * d[0];
      out[1] = o[1] + t * d[1];
      out[2] = o[2] + t * d[2];
      if (outD) {
        outD[0] = d[0];
        outD[1] = d[1];
        outD[2] = d[2];
      }
      return out;
    }
    case 'circle':
    case 'ellipse': {
      const f = curve.frame;
      const a = curve.type === 'circle' ? curve.radius : curve.semiAxis1;
      const b = curve.type === 'circle' ? curve.radius : curve.semiAxis2;
      const c = Math.cos(t);
      const s = Math.sin(t);
      for (let k = 0; k < 3; k++) {
        out[k] = f.origin[k] + a * c * f.x[k] + b * s * f.y[k];
        if (outD) outD[k] = -a * s * f.x[k] + b * c * f.y[k];
      }
      return out;
    }
    case 'hyperbola': {
      const f = curve.frame;
      const a = curve.semiAxis;
      const b = curve.semiImagAxis;
      const ch = Math.cosh(t);
      const sh = Math.sinh(t);
      for (let k = 0; k < 3; k++) {
        out[k] = f.origin[k] + a * ch * f.x[k] + b * sh * f.y[k];
        if (outD) outD[k] = a * sh * f.x[k] + b * ch * f.y[k];
      }
      return out;
    }
    case 'parabola': {
      const f = curve.frame;
      const q = 1 / (4 * curve.focalLength);
      for (let k = 0; k < 3; k++) {
        out[k] = f.origin[k] + t * t * q * f.x[k] + t * f.y[k];
        if (outD) outD[k] = 2 * t * q * f.x[k] + f.y[k];
      }
      return out;
    }
    case 'bspline':
      return evalBSplineCurve(curve, t, out, outD);
    case 'polyline': {
      const pts = curve.points;
      const n = pts.length;
      if (n === 0) return nan3(out, outD);
      if (n === 1) {
        out[0] = pts[0][0];
        out[1] = pts[0][1];
        out[2] = pts[0][2];
        if (outD) outD[0] = outD[1] = outD[2] = 0;
        return out;
      }
      let i = Math.floor(t);
      if (i < 0) i = 0;
      if (i > n - 2) i = n - 2;
      const f = t - i;
      const a = pts[i];
      const b = pts[i + 1];
      for (let k = 0; k < 3; k++) {
        out[k] = a[k] + f * (b[k] - a[k]);
        if (outD) outD[k] = b[k] - a[k];
      }
      return out;
    }
    case 'trimmed':
      return evaluateCurve(curve.basis, t, out, outD);
    default:
      return nan3(out, outD);
  }
}

function nan3(out: Vec3, outD?: Vec3): Vec3 {
  out[0] = out[1] = out[2] = NaN;
  if (outD) outD[0] = outD[1] = outD[2] = NaN;
  return out;
}

/** The period of a periodic curve (2π for circles and ellipses), or 0. */
export function curvePeriod(curve: Curve): number {
  if (curve.type === 'circle' || curve.type === 'ellipse') return TWO_PI;
  if (curve.type === 'trimmed') return curvePeriod(curve.basis);
  return 0;
}

/** The natural parameter domain of a curve (infinite for lines). */
export function curveDomain(curve: Curve): [number, number] {
  switch (curve.type) {
    case 'line':
    case 'hyperbola':
    case 'parabola':
      return [-Infinity, Infinity];
    case 'circle':
    case 'ellipse':
      return [0, TWO_PI];
    case 'bspline':
      return bsplineCurveDomain(curve);
    case 'polyline':
      return [0, Math.max(0, curve.points.length - 1)];
    case 'trimmed':
      return curveDomain(curve.basis);
    default:
      return [NaN, NaN];
  }
}

const tmpP: Vec3 = [0, 0, 0];
const tmpD: Vec3 = [0, 0, 0];

/**
 * Parameter of the curve point closest to `p` (exact for lines, circles and ellipses up to the usual
 * atan2 form; sampling + Newton for B-splines and polylines). For periodic curves the result is in [0, 2π).
 */
export function curveParameterOf(curve: Curve, p: Vec3): number {
  switch (curve.type) {
    case 'line': {
      const o = curve.origin;
      const d = curve.direction;
      const dd = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      return ((p[0] - o[0]) * d[0] + (p[1] - o[1]) * d[1] + (p[2] - o[2]) * d[2]) / (dd || 1);
    }
    case 'circle':
    case 'ellipse': {
      const f = curve.frame;
      const dx = p[0] - f.origin[0];
      const dy = p[1] - f.origin[1];
      const dz = p[2] - f.origin[2];
      const x = dx * f.x[0] + dy * f.x[1] + dz * f.x[2];
      const y = dx * f.y[0] + dy * f.y[1] + dz * f.y[2];
      let t: number;
      if (curve.type === 'circle') t = Math.atan2(y, x);
      else t = Math.atan2(y / curve.semiAxis2, x / curve.semiAxis1);
      if (t < 0) t += TWO_PI;
      if (t >= TWO_PI) t -= TWO_PI;
      return t;
    }
    case 'hyperbola':
    case 'parabola': {
      // Exact for points on the curve (an edge's vertices): the branch's Y coordinate fixes t (b sinh t, or t itself).
      const f = curve.frame;
      const y = (p[0] - f.origin[0]) * f.y[0] + (p[1] - f.origin[1]) * f.y[1] + (p[2] - f.origin[2]) * f.y[2];
      return curve.type === 'parabola' ? y : Math.asinh(y / curve.semiImagAxis);
    }
    case 'trimmed':
      return curveParameterOf(curve.basis, p);
    case 'polyline': {
      const pts = curve.points;
      let best = 0;
      let bestD = Infinity;
      for (let i = 0; i + 1 < pts.length; i++) {
        const a = pts[i];
        const b = pts[i + 1];
        let ab2 = 0;
        let ap = 0;
        for (let k = 0; k < 3; k++) {
          ab2 += (b[k] - a[k]) ** 2;
          ap += (p[k] - a[k]) * (b[k] - a[k]);
        }
        let f = ab2 > 0 ? ap / ab2 : 0;
        f = Math.min(1, Math.max(0, f));
        let d2 = 0;
        for (let k = 0; k < 3; k++) d2 += (a[k] + f * (b[k] - a[k]) - p[k]) ** 2;
        if (d2 < bestD) {
          bestD = d2;
          best = i + f;
        }
      }
      return best;
    }
    case 'bspline':
      return newtonCurveParameter(curve, p, bsplineCurveDomain(curve));
    default:
      return NaN;
  }
}

/** Closest-point parameter on [t0, t1] by sampling then Newton on (C(t)-p)·C'(t) = 0. */
function newtonCurveParameter(curve: Curve, p: Vec3, [t0, t1]: [number, number]): number {
  // Edge vertices usually sit on the curve's ends: check those first.
  const d0 = distance3(evaluateCurve(curve, t0, tmpP), p);
  const d1 = distance3(evaluateCurve(curve, t1, tmpP), p);
  const tol = 1e-9 * (1 + Math.abs(p[0]) + Math.abs(p[1]) + Math.abs(p[2]));
  if (d0 <= tol && d0 <= d1) return t0;
  if (d1 <= tol) return t1;
  // Enough samples to see every bend: a many-turn helix (a modelled thread) has turns closer together than
  // a coarse sampling's step along the curve, and Newton would settle on the wrong turn.
  const samples = curve.type === 'bspline' ? Math.max(64, 8 * curve.controlPoints.length) : 64;
  let best = t0;
  let bestD = Infinity;
  for (let i = 0; i <= samples; i++) {
    const t = t0 + ((t1 - t0) * i) / samples;
    const d = distance3(evaluateCurve(curve, t, tmpP), p);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  let t = best;
  const h = (t1 - t0) * 1e-6;
  for (let it = 0; it < 30; it++) {
    evaluateCurve(curve, t, tmpP, tmpD);
    const rx = tmpP[0] - p[0];
    const ry = tmpP[1] - p[1];
    const rz = tmpP[2] - p[2];
    const f = rx * tmpD[0] + ry * tmpD[1] + rz * tmpD[2];
    const dx = tmpD[0], dy = tmpD[1], dz = tmpD[2];
    // f' ≈ |C'|² + (C-p)·C''; C'' by finite difference
    evaluateCurve(curve, Math.min(t1, t + h), tmpP, tmpD);
    const ddx = (tmpD[0] - dx) / h, ddy = (tmpD[1] - dy) / h, ddz = (tmpD[2] - dz) / h;
    const fp = dx * dx + dy * dy + dz * dz + rx * ddx + ry * ddy + rz * ddz;
    if (!(Math.abs(fp) > 1e-300)) break;
    let next = t - f / fp;
    if (next < t0) next = t0;
    if (next > t1) next = t1;
    if (Math.abs(next - t) < 1e-12 * Math.max(1, Math.abs(t1 - t0))) {
      t = next;
      break;
    }
    t = next;
  }
  return t;
}

/**
 * Parameter range [first, last] of an edge on its curve, from its start and end vertices, with
 * `first < last` whenever possible. For an edge running against its curve (`sameSense = false`) the edge goes
 * from `last` back to `first`. Periodic curves unwrap so that the range covers the edge's arc; a closed
 * edge (start = end) covers the full period.
 */
export function edgeParameterRange(curve: Curve, start: Vec3, end: Vec3, sameSense: boolean, closed: boolean): [number, number] {
  if (curve.type === 'trimmed' && typeof curve.trim1 === 'number' && typeof curve.trim2 === 'number') {
    const a = curve.trim1;
    let b = curve.trim2;
    const period = curvePeriod(curve);
    if (period > 0) {
      if (curve.senseAgreement) {
        while (b <= a) b += period;
      } else {
        while (b >= a) b -= period;
      }
    }
    return a <= b ? [a, b] : [b, a];
  }
  const period = curvePeriod(curve);
  let ts = curveParameterOf(curve, start);
  let te = curveParameterOf(curve, end);
  if (period > 0) {
    // A vertex at the curve's origin whose rounding puts it a hair below it reads as 2π − 1e-15: the edge's range
    // (and every pcurve evaluated on it) would then sit a whole period away from its seam (FreeCAD's tool bits).
    ts = atPeriodStart(ts, period);
    te = atPeriodStart(te, period);
    if (closed) {
      return [ts, ts + period];
    }
    if (sameSense) {
      while (te <= ts) te += period;
      return [ts, te];
    }
    while (ts <= te) ts += period;
    return [te, ts];
  }
  if (closed && curve.type === 'bspline') return bsplineCurveDomain(curve);
  [ts, te] = unwrapAtClosure(curve, ts, te, sameSense);
  return ts <= te ? [ts, te] : [te, ts];
}

/** A parameter within 1e-12 of a period's end is that period's start (0). */
function atPeriodStart(t: number, period: number): number {
  return t > period * (1 - 1e-12) ? t - period : t;
}

/**
 * On a closed curve that is not periodic (a B-spline loop: the intersection of two cylinders, say), a vertex at the
 * closure point has two parameters, the domain's start and its end, and the nearest-point search returns the start.
 * An edge from inside the domain to that vertex then read as the complement of its arc (the rest of the loop). The
 * edge's sense decides: running with the curve, its end parameter is after its start; against it, before.
 */
function unwrapAtClosure(curve: Curve, ts: number, te: number, sameSense: boolean): [number, number] {
  if (curve.type !== 'bspline' && curve.type !== 'polyline') return [ts, te];
  const [d0, d1] = curveDomain(curve);
  if (!(d1 > d0)) return [ts, te];
  const a = evaluateCurve(curve, d0, [0, 0, 0]);
  const b = evaluateCurve(curve, d1, [0, 0, 0]);
  const size = 1 + Math.max(Math.abs(a[0]), Math.abs(a[1]), Math.abs(a[2]));
  if (!(distance3(a, b) <= 1e-6 * size)) return [ts, te];
  const atStart = (t: number) => Math.abs(t - d0) <= 1e-9 * (d1 - d0);
  const atEnd = (t: number) => Math.abs(t - d1) <= 1e-9 * (d1 - d0);
  if (sameSense && te <= ts) {
    if (atStart(te)) te = d1;
    else if (atEnd(ts)) ts = d0;
  } else if (!sameSense && ts <= te) {
    if (atStart(ts)) ts = d1;
    else if (atEnd(te)) te = d0;
  }
  return [ts, te];
}

/**
 * Evaluates a 2-D parameter-space curve (a PCURVE's geometry) at t into `out` (u, v), and its
 * derivative into `outD` when given. OpenCascade's 2-D parameterisations (ElCLib): lines O + t·D (D unit,
 * t = distance in the scaled (u, v) plane), circles O + R(cos t X + sin t Y) and ellipses
 * O + a cos t X + b sin t Y with Y = X rotated by +90°, hyperbolas and parabolas likewise (as in 3-D), polylines one unit of parameter per segment,
 * (rational) B-splines by their basis functions, t clamped to the knot domain. Unknown curves give NaN.
 * The gAAG extraction's golden tests against OpenCascade run through this function.
 */
export function evaluateCurve2d(curve: Curve2d, t: number, out: Vec2 = [0, 0], outD?: Vec2): Vec2 {
  switch (curve.type) {
    case 'line':
      out[0] = curve.origin[0] + t * curve.direction[0];
      out[1] = curve.origin[1] + t * curve.direction[1];
      if (outD) {
        outD[0] = curve.direction[0];
        outD[1] = curve.direction[1];
      }
      return out;
    case 'circle':
    case 'ellipse': {
      const a = curve.type === 'circle' ? curve.radius : curve.semiAxis1;
      const b = curve.type === 'circle' ? curve.radius : curve.semiAxis2;
      const xl = Math.hypot(curve.xAxis[0], curve.xAxis[1]) || 1;
      const xx = curve.xAxis[0] / xl, xy = curve.xAxis[1] / xl;
      const yx = -xy, yy = xx;
      const co = Math.cos(t), si = Math.sin(t);
      out[0] = curve.origin[0] + a * co * xx + b * si * yx;
      out[1] = curve.origin[1] + a * co * xy + b * si * yy;
      if (outD) {
        outD[0] = -a * si * xx + b * co * yx;
        outD[1] = -a * si * xy + b * co * yy;
      }
      return out;
    }
    case 'hyperbola':
    case 'parabola': {
      const xl = Math.hypot(curve.xAxis[0], curve.xAxis[1]) || 1;
      const xx = curve.xAxis[0] / xl, xy = curve.xAxis[1] / xl;
      const yx = -xy, yy = xx;
      // Along X and Y: a cosh t, b sinh t (hyperbola); t²/(4F), t (parabola).
      let cx: number, cy: number, dcx: number, dcy: number;
      if (curve.type === 'hyperbola') {
        cx = curve.semiAxis * Math.cosh(t);
        cy = curve.semiImagAxis * Math.sinh(t);
        dcx = curve.semiAxis * Math.sinh(t);
        dcy = curve.semiImagAxis * Math.cosh(t);
      } else {
        cx = (t * t) / (4 * curve.focalLength);
        cy = t;
        dcx = t / (2 * curve.focalLength);
        dcy = 1;
      }
      out[0] = curve.origin[0] + cx * xx + cy * yx;
      out[1] = curve.origin[1] + cx * xy + cy * yy;
      if (outD) {
        outD[0] = dcx * xx + dcy * yx;
        outD[1] = dcx * xy + dcy * yy;
      }
      return out;
    }
    case 'bspline':
      return evalBSpline2d(curve, t, out, outD);
    case 'polyline': {
      const pts = curve.points;
      const n = pts.length;
      if (n === 0) {
        out[0] = out[1] = NaN;
        if (outD) outD[0] = outD[1] = NaN;
        return out;
      }
      let i = Math.floor(t);
      if (i < 0) i = 0;
      if (i > n - 2) i = Math.max(0, n - 2);
      const f = t - i;
      const a = pts[i], b = pts[Math.min(n - 1, i + 1)];
      out[0] = a[0] + f * (b[0] - a[0]);
      out[1] = a[1] + f * (b[1] - a[1]);
      if (outD) {
        outD[0] = b[0] - a[0];
        outD[1] = b[1] - a[1];
      }
      return out;
    }
    default:
      out[0] = out[1] = NaN;
      if (outD) outD[0] = outD[1] = NaN;
      return out;
  }
}

const MAX_DEGREE_2D = 32;
const bN2 = new Float64Array(MAX_DEGREE_2D + 1);
const bD2 = new Float64Array(MAX_DEGREE_2D + 1);

/** evalBSplineCurve's algorithm in two dimensions, with scratch basis arrays instead of a lifted 3-D copy. */
function evalBSpline2d(c: Extract<Curve2d, { type: 'bspline' }>, t: number, out: Vec2, outD?: Vec2): Vec2 {
  const p = c.degree;
  const n = c.controlPoints.length;
  const flat = flatKnots(c.knots, c.multiplicities);
  if (t < flat[p]) t = flat[p];
  else if (t > flat[n]) t = flat[n];
  const span = findSpan(flat, p, n, t);
  basisFunsDer1(flat, span, t, p, bN2, bD2);
  let x = 0, y = 0, w = 0, dx = 0, dy = 0, dw = 0;
  const W = c.weights;
  for (let j = 0; j <= p; j++) {
    const idx = span - p + j;
    const P = c.controlPoints[idx];
    const wt = W ? W[idx] : 1;
    const a = bN2[j] * wt;
    const b = bD2[j] * wt;
    x += a * P[0];
    y += a * P[1];
    w += a;
    dx += b * P[0];
    dy += b * P[1];
    dw += b;
  }
  const px = x / w, py = y / w;
  out[0] = px;
  out[1] = py;
  if (outD) {
    outD[0] = (dx - dw * px) / w;
    outD[1] = (dy - dw * py) / w;
  }
  return out;
}
