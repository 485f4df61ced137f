/**
 * 2-D (pcurve) domains, quadrature breaks and the box rules of `BndLib_Add2dCurve` (exact for lines
 * and conics, control-pole box of the segment for B-splines). Evaluation itself is
 * `evaluateCurve2d` (src/geometry/curve-eval.ts), shared with the rest of the library.
 *
 * @internal
 */
import type { Curve2d, Vec2 } from '../../model/index.js';
import { flatKnots } from '../../geometry/bspline.js';
import { evaluateCurve2d } from '../../geometry/curve-eval.js';

const TWO_PI = 2 * Math.PI;

type BSpline2d = Extract<Curve2d, { type: 'bspline' }>;

/** Natural parameter domain of a 2-D curve. */
export function curve2dDomain(c: Curve2d): [number, number] {
  switch (c.type) {
    case 'line':
      return [-Infinity, Infinity];
    case 'circle':
    case 'ellipse':
    case 'hyperbola':
    case 'parabola':
      return [-Infinity, Infinity];
    case 'bspline': {
      const flat = flatKnots(c.knots, c.multiplicities);
      return [flat[c.degree], flat[c.controlPoints.length]];
    }
    case 'polyline':
      return [0, Math.max(0, c.points.length - 1)];
    default:
      return [NaN, NaN];
  }
}

/** Distinct interior knots of a B-spline 2-D curve strictly inside (a, b) (for quadrature splits). */
export function bspline2dBreaks(c: Curve2d, a: number, b: number, out: number[]): number[] {
  out.length = 0;
  const lo = Math.min(a, b), hi = Math.max(a, b);
  if (c.type === 'bspline') {
    for (const k of c.knots) if (k > lo && k < hi) out.push(k);
  } else if (c.type === 'polyline') {
    for (let k = Math.ceil(lo); k < hi; k++) if (k > lo) out.push(k);
  }
  if (a > b) out.reverse();
  return out;
}

/** Adds the curve's point at parameter t to `box` (through the shared scratch point: boxes are built per coedge). */
function addCurvePoint(c: Curve2d, t: number, box: Float64Array): void {
  evaluateCurve2d(c, t, sA);
  addPt(box, sA[0], sA[1]);
}

/**
 * Adds the box of the curve piece t ∈ [a, b] to `box` = [umin, umax, vmin, vmax], with
 * `BndLib_Add2dCurve`'s rules: lines by their end points, circles and ellipses exactly (end points plus
 * the axis extremes inside the range; hyperbolas and parabolas the same way, exact too), B-splines by the control poles of the segment [a, b].
 */
export function addCurve2dBox(c: Curve2d, a: number, b: number, box: Float64Array): void {
  const lo = Math.min(a, b), hi = Math.max(a, b);
  switch (c.type) {
    case 'line':
      addCurvePoint(c, lo, box);
      addCurvePoint(c, hi, box);
      return;
    case 'circle':
    case 'ellipse': {
      addCurvePoint(c, lo, box);
      addCurvePoint(c, hi, box);
      const ra = c.type === 'circle' ? c.radius : c.semiAxis1;
      const rb = c.type === 'circle' ? c.radius : c.semiAxis2;
      const xl = Math.hypot(c.xAxis[0], c.xAxis[1]) || 1;
      const xx = c.xAxis[0] / xl, xy = c.xAxis[1] / xl;
      // coordinate k: a cos t X_k + b sin t Y_k, extremes at t = atan2(b Y_k, a X_k) (+π)
      for (let k = 0; k < 2; k++) {
        const X = k === 0 ? xx : xy;
        const Y = k === 0 ? -xy : xx;
        const t0 = Math.atan2(rb * Y, ra * X);
        for (let m = 0; m < 2; m++) {
          let t = t0 + m * Math.PI;
          // first representative ≥ lo
          t = t - Math.floor((t - lo) / TWO_PI) * TWO_PI;
          if (t <= hi) addCurvePoint(c, t, box);
        }
      }
      return;
    }
    case 'hyperbola':
    case 'parabola': {
      addCurvePoint(c, lo, box);
      addCurvePoint(c, hi, box);
      const xl = Math.hypot(c.xAxis[0], c.xAxis[1]) || 1;
      const xx = c.xAxis[0] / xl, xy = c.xAxis[1] / xl;
      for (let k = 0; k < 2; k++) {
        const X = k === 0 ? xx : xy;
        const Y = k === 0 ? -xy : xx;
        // coordinate k: a cosh t X_k + b sinh t Y_k (one extreme where tanh t = −b Y_k / (a X_k), when below 1 in size);
        // t²/(4F) X_k + t Y_k (one at t = −2F Y_k / X_k)
        let t = NaN;
        if (c.type === 'hyperbola') {
          const r = (-c.semiImagAxis * Y) / (c.semiAxis * X);
          if (Math.abs(r) < 1) t = Math.atanh(r);
        } else if (X !== 0) t = (-2 * c.focalLength * Y) / X;
        if (t > lo && t < hi) {
          addCurvePoint(c, t, box);
        }
      }
      return;
    }
    case 'bspline':
      addBSplineSegmentPoles(c, lo, hi, box);
      return;
    case 'polyline': {
      addCurvePoint(c, lo, box);
      addCurvePoint(c, hi, box);
      for (let k = Math.ceil(lo); k < hi; k++) {
        const p = c.points[k];
        if (p) addPt(box, p[0], p[1]);
      }
      return;
    }
    default:
      return;
  }
}

const sA: Vec2 = [0, 0];

function addPt(box: Float64Array, u: number, v: number): void {
  if (!Number.isFinite(u) || !Number.isFinite(v)) return;
  if (u < box[0]) box[0] = u;
  if (u > box[1]) box[1] = u;
  if (v < box[2]) box[2] = v;
  if (v > box[3]) box[3] = v;
}

/**
 * Pole box of the B-spline segment [lo, hi] (OCCT's `BndLib_Box2dCurve` segments a copy, then boxes
 * the poles). Segmenting = knot insertion at lo and hi up to multiplicity `degree`, in homogeneous
 * coordinates for rational curves.
 */
function addBSplineSegmentPoles(c: BSpline2d, lo: number, hi: number, box: Float64Array): void {
  const p = c.degree;
  const n = c.controlPoints.length;
  const flat = flatKnots(c.knots, c.multiplicities);
  const d0 = flat[p], d1 = flat[n];
  const eps = 1e-12 * Math.max(1, Math.abs(d1 - d0));
  if (lo <= d0 + eps && hi >= d1 - eps) {
    for (const P of c.controlPoints) addPt(box, P[0], P[1]);
    return;
  }
  if (lo < d0) lo = d0;
  if (hi > d1) hi = d1;
  // homogeneous copy
  let knots = Array.from(flat);
  let pw: number[][] = c.controlPoints.map((P, i) => {
    const w = c.weights ? c.weights[i] : 1;
    return [P[0] * w, P[1] * w, w];
  });
  for (const t of [lo, hi]) {
    let mult = 0;
    for (const k of knots) if (Math.abs(k - t) <= eps) mult++;
    for (let r = mult; r < p; r++) {
      const res = insertKnot(knots, pw, p, t);
      knots = res.knots;
      pw = res.pw;
    }
  }
  // poles whose support lies in [lo, hi]: indices i with knots[i] >= lo-eps and knots[i+p+1] <= hi+eps
  for (let i = 0; i < pw.length; i++) {
    if (knots[i + 1] >= lo - eps && knots[i + p] <= hi + eps) {
      const w = pw[i][2];
      addPt(box, pw[i][0] / w, pw[i][1] / w);
    }
  }
}

/** Boehm single knot insertion (homogeneous 2-D poles). */
function insertKnot(knots: number[], pw: number[][], p: number, t: number): { knots: number[]; pw: number[][] } {
  const n = pw.length;
  let k = p;
  while (k < n - 1 && t >= knots[k + 1]) k++;
  const out: number[][] = [];
  for (let i = 0; i <= n; i++) {
    if (i <= k - p) out.push(pw[i].slice());
    else if (i > k) out.push(pw[i - 1].slice());
    else {
      const den = knots[i + p] - knots[i];
      const a = den === 0 ? 0 : (t - knots[i]) / den;
      out.push([0, 1, 2].map((j) => a * pw[i][j] + (1 - a) * pw[i - 1][j]));
    }
  }
  const nk = knots.slice(0, k + 1);
  nk.push(t);
  for (let i = k + 1; i < knots.length; i++) nk.push(knots[i]);
  return { knots: nk, pw: out };
}
