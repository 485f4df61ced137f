import { describe, expect, it } from 'vitest';
import { evaluateCurve2d } from '../../src/geometry/curve-eval.js';
import type { Curve2d, Vec2 } from '../../src/model/index.js';

/** One 2-D evaluator serves the gAAG and everything else: values and derivatives on each curve kind. */
const curves: [string, Curve2d, number][] = [
  ['line', { type: 'line', origin: [1, 2], direction: [0.6, 0.8] }, 1.7],
  ['circle', { type: 'circle', origin: [1, -1], xAxis: [0, 1], radius: 2 }, 0.9],
  ['ellipse', { type: 'ellipse', origin: [0, 0], xAxis: [Math.SQRT1_2, Math.SQRT1_2], semiAxis1: 3, semiAxis2: 1 }, 2.2],
  ['hyperbola', { type: 'hyperbola', origin: [1, 0], xAxis: [0, 1], semiAxis: 2, semiImagAxis: 0.5 }, -0.7],
  ['parabola', { type: 'parabola', origin: [0, 2], xAxis: [-1, 0], focalLength: 0.25 }, 1.3],
  ['polyline', { type: 'polyline', points: [[0, 0], [2, 0], [2, 3]] }, 1.25],
  [
    'rational bspline (quarter circle)',
    { type: 'bspline', degree: 2, controlPoints: [[1, 0], [1, 1], [0, 1]], weights: [1, Math.SQRT1_2, 1], knots: [0, 1], multiplicities: [3, 3] },
    0.4,
  ],
];

describe('evaluateCurve2d', () => {
  for (const [name, curve, t] of curves) {
    it(`${name}: the derivative matches a central difference`, () => {
      const p: Vec2 = [0, 0], d: Vec2 = [0, 0], a: Vec2 = [0, 0], b: Vec2 = [0, 0];
      evaluateCurve2d(curve, t, p, d);
      const h = 1e-6;
      evaluateCurve2d(curve, t - h, a);
      evaluateCurve2d(curve, t + h, b);
      expect(d[0]).toBeCloseTo((b[0] - a[0]) / (2 * h), 6);
      expect(d[1]).toBeCloseTo((b[1] - a[1]) / (2 * h), 6);
      expect(evaluateCurve2d(curve, t)).toEqual(p); // outD does not change the point
    });
  }

  it('known points: a hyperbola at t is origin + a cosh t·X + b sinh t·Y, a parabola origin + t²/(4F)·X + t·Y (Y = X turned +90°)', () => {
    const h = evaluateCurve2d(curves[3]![1], -0.7);
    expect(h[0]).toBeCloseTo(1 - 0.5 * Math.sinh(-0.7), 12);
    expect(h[1]).toBeCloseTo(2 * Math.cosh(-0.7), 12);
    const p = evaluateCurve2d(curves[4]![1], 1.3);
    expect(p[0]).toBeCloseTo(-(1.3 * 1.3), 12);
    expect(p[1]).toBeCloseTo(2 - 1.3, 12);
  });

  it('known points: circle at t = π/2 is origin + R·Y (Y = X turned +90°); the rational quarter circle stays on the unit circle', () => {
    const c = evaluateCurve2d(curves[1]![1], Math.PI / 2);
    expect(c[0]).toBeCloseTo(1 - 2, 12);
    expect(c[1]).toBeCloseTo(-1, 12);
    for (const t of [0, 0.3, 0.5, 1]) expect(Math.hypot(...evaluateCurve2d(curves[6]![1], t))).toBeCloseTo(1, 12);
  });
});
