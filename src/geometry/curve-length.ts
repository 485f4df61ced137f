/**
 * Arc length of curves and edges: exact for lines (vertex distance) and circles (R·Δθ); Gauss–Legendre
 * quadrature of |C'(t)| over subdivided intervals for ellipses, hyperbolas, parabolas and B-splines; polylines by their segments.
 */
import type { Curve, Vec3 } from '../model/index.js';
import { evaluateCurve } from './curve-eval.js';
import { distance3 } from './vec3.js';

// 8-point Gauss–Legendre nodes and weights on [-1, 1].
const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498, 0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

const p: Vec3 = [0, 0, 0];
const d: Vec3 = [0, 0, 0];

/**
 * Length (mm) of `curve` between parameters t0 and t1 (|t1 − t0| as a positive length).
 *
 * @param intervals - number of equal sub-intervals for the numeric rule. @defaultValue 16
 */
export function curveLength(curve: Curve, t0: number, t1: number, intervals = 16): number {
  if (t1 < t0) [t0, t1] = [t1, t0];
  switch (curve.type) {
    case 'line': {
      const dir = curve.direction;
      return (t1 - t0) * Math.hypot(dir[0], dir[1], dir[2]);
    }
    case 'circle':
      return curve.radius * (t1 - t0);
    case 'trimmed':
      return curveLength(curve.basis, t0, t1, intervals);
    case 'polyline': {
      let len = 0;
      const pts = curve.points;
      let prev: Vec3 = [0, 0, 0];
      evaluateCurve(curve, t0, prev);
      const next: Vec3 = [0, 0, 0];
      for (let i = Math.floor(t0) + 1; i < t1; i++) {
        if (i >= pts.length) break;
        len += distance3(prev, pts[i]);
        prev = [pts[i][0], pts[i][1], pts[i][2]];
      }
      evaluateCurve(curve, t1, next);
      return len + distance3(prev, next);
    }
    case 'bspline': {
      // Gauss–Legendre per knot span (the integrand is smooth inside a span), two halves per span
      const breaks: number[] = [t0];
      for (const k of curve.knots) if (k > t0 && k < t1) breaks.push(k);
      breaks.push(t1);
      let sum = 0;
      for (let i = 0; i + 1 < breaks.length; i++) {
        const a = breaks[i];
        const h = (breaks[i + 1] - a) / 2;
        for (let half = 0; half < 2; half++) {
          const mid = a + h * half + h / 2;
          for (let g = 0; g < 8; g++) {
            evaluateCurve(curve, mid + (h / 2) * GL_X[g], p, d);
            sum += GL_W[g] * Math.hypot(d[0], d[1], d[2]) * (h / 2);
          }
        }
      }
      return sum;
    }
    case 'ellipse':
    case 'hyperbola':
    case 'parabola': {
      const h = (t1 - t0) / intervals;
      let sum = 0;
      for (let k = 0; k < intervals; k++) {
        const a = t0 + k * h;
        const mid = a + h / 2;
        for (let g = 0; g < 8; g++) {
          evaluateCurve(curve, mid + (h / 2) * GL_X[g], p, d);
          sum += GL_W[g] * Math.hypot(d[0], d[1], d[2]) * (h / 2);
        }
      }
      return sum;
    }
    default:
      return NaN;
  }
}

/**
 * Length (mm) of an edge: the vertex distance for a line, R·Δθ for a circle arc, numeric otherwise.
 * `range` is the edge's parameter range on the curve (see `edgeParameterRange`).
 */
export function edgeLength(curve: Curve, range: [number, number], start: Vec3, end: Vec3): number {
  const base = curve.type === 'trimmed' ? curve.basis : curve;
  if (base.type === 'line') return distance3(start, end);
  return curveLength(curve, range[0], range[1]);
}
