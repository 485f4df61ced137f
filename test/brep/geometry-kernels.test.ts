import { describe, expect, it } from 'vitest';
import type { Curve, Surface, Vec3 } from '../../src/model/index.js';
import {
  createFrame,
  curveLength,
  curveParameterOf,
  defaultXDirection,
  distanceToSurface,
  edgeParameterRange,
  elementaryParameters,
  evaluateCurve,
  evaluateSurface,
  projectPointOnSurface,
  surfaceDerivatives,
  surfaceNormal,
} from '../../src/geometry/index.js';

const close = (a: Vec3, b: Vec3, eps = 1e-9) => {
  for (let k = 0; k < 3; k++) expect(a[k]).toBeCloseTo(b[k], -Math.log10(eps));
};

/** Small seeded PRNG (mulberry32) so oracle tests are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('frames (OCCT default-X rule)', () => {
  it('Z = +z gives X = +x, Y = +y', () => {
    const f = createFrame([0, 0, 0], [0, 0, 1], null);
    close(f.x, [1, 0, 0]);
    close(f.y, [0, 1, 0]);
  });
  it('Z = +x: |B| smallest (tie), |A|>|C| → (-C,0,A) = (0,0,1)', () => {
    close(defaultXDirection([1, 0, 0]), [0, 0, 1]);
  });
  it('Z = +y: |A| smallest → |B|>|C| → (0,-C,B) = (0,0,1)', () => {
    close(defaultXDirection([0, 1, 0]), [0, 0, 1]);
  });
  it('Z = (1,2,3): |A| smallest → |B|<|C| → (0,C,-B) normalised', () => {
    const s = Math.hypot(3, 2);
    close(defaultXDirection([1, 2, 3]), [0, 3 / s, -2 / s]);
  });
  it('ref_direction is projected orthogonally to Z and parallel refs fall back', () => {
    const f = createFrame([1, 2, 3], [0, 0, 2], [1, 1, 5]);
    close(f.x, [Math.SQRT1_2, Math.SQRT1_2, 0]);
    close(f.y, [-Math.SQRT1_2, Math.SQRT1_2, 0]);
    const g = createFrame([0, 0, 0], [0, 0, 1], [0, 0, -3]);
    close(g.x, [1, 0, 0]);
  });
});

const F = createFrame([1, -2, 3], [0.3, 0.4, 0.866], [1, 0, 0]);
const analytic: Surface[] = [
  { type: 'plane', frame: F },
  { type: 'cylinder', frame: F, radius: 4 },
  { type: 'cone', frame: F, radius: 3, semiAngle: 0.4 },
  { type: 'sphere', frame: F, radius: 5 },
  { type: 'torus', frame: F, majorRadius: 10, minorRadius: 2 },
];

describe('elementary surfaces', () => {
  it('cylinder S(u,v) follows ElSLib', () => {
    const s: Surface = { type: 'cylinder', frame: createFrame([0, 0, 0], [0, 0, 1], [1, 0, 0]), radius: 2 };
    close(evaluateSurface(s, Math.PI / 2, 3), [0, 2, 3]);
    close(surfaceNormal(s, Math.PI / 2, 3), [0, 1, 0]);
  });
  it('cone radius grows with v by sin(α) and z by cos(α)', () => {
    const a = Math.PI / 6;
    const s: Surface = { type: 'cone', frame: createFrame([0, 0, 0], [0, 0, 1], [1, 0, 0]), radius: 1, semiAngle: a };
    close(evaluateSurface(s, 0, 2), [1 + 2 * Math.sin(a), 0, 2 * Math.cos(a)]);
    close(surfaceNormal(s, 0, 2), [Math.cos(a), 0, -Math.sin(a)]);
  });
  it.each(analytic.map((s) => [s.type, s] as const))('%s: inverse(S(u,v)) = (u,v), distance of offset points, normal = Su×Sv', (_t, s) => {
    const r = rng(7);
    for (let i = 0; i < 50; i++) {
      const u = r() * 2 * Math.PI * 0.999;
      const v = s.type === 'sphere' ? (r() - 0.5) * 3 : s.type === 'torus' ? r() * 2 * Math.PI * 0.999 : (r() - 0.5) * 8;
      const p = evaluateSurface(s, u, v);
      const uv = elementaryParameters(s, p)!;
      expect(uv[0]).toBeCloseTo(s.type === 'plane' ? u : u, 9);
      expect(uv[1]).toBeCloseTo(v, 9);
      const n = surfaceNormal(s, u, v);
      const pu: Vec3 = [0, 0, 0], pv: Vec3 = [0, 0, 0];
      surfaceDerivatives(s, u, v, [0, 0, 0], pu, pv);
      const c: Vec3 = [pu[1] * pv[2] - pu[2] * pv[1], pu[2] * pv[0] - pu[0] * pv[2], pu[0] * pv[1] - pu[1] * pv[0]];
      const len = Math.hypot(...c);
      close(n, [c[0] / len, c[1] / len, c[2] / len], 1e-8);
      const h = 0.25;
      const q: Vec3 = [p[0] + h * n[0], p[1] + h * n[1], p[2] + h * n[2]];
      expect(distanceToSurface(s, q)).toBeCloseTo(h, 9);
      expect(distanceToSurface(s, p)).toBeCloseTo(0, 9);
    }
  });
});

/** Exact quarter of a unit cylinder (axis z, height 2) as a rational quadratic × linear B-spline. */
const w = Math.SQRT1_2;
const ratCyl: Surface = {
  type: 'bspline',
  uDegree: 2,
  vDegree: 1,
  controlPoints: [
    [[1, 0, 0], [1, 0, 2]],
    [[1, 1, 0], [1, 1, 2]],
    [[0, 1, 0], [0, 1, 2]],
  ],
  weights: [[1, 1], [w, w], [1, 1]],
  uKnots: [0, 1],
  vKnots: [0, 1],
  uMultiplicities: [3, 3],
  vMultiplicities: [2, 2],
  uClosed: false,
  vClosed: false,
  rational: true,
};

describe('B-spline surfaces', () => {
  it('rational quadratic reproduces the circle exactly', () => {
    for (let i = 0; i <= 10; i++) {
      const p = evaluateSurface(ratCyl, i / 10, 0.3);
      expect(Math.hypot(p[0], p[1])).toBeCloseTo(1, 12);
      expect(p[2]).toBeCloseTo(0.6, 12);
      const n = surfaceNormal(ratCyl, i / 10, 0.3);
      // natural normal u×v: tangent along increasing angle × +z → outward radial
      close(n, [p[0], p[1], 0], 1e-9);
    }
  });
  it('derivatives agree with central differences', () => {
    const pu: Vec3 = [0, 0, 0], pv: Vec3 = [0, 0, 0];
    surfaceDerivatives(ratCyl, 0.37, 0.61, [0, 0, 0], pu, pv);
    const h = 1e-6;
    const a = evaluateSurface(ratCyl, 0.37 + h, 0.61);
    const b = evaluateSurface(ratCyl, 0.37 - h, 0.61);
    close(pu, [(a[0] - b[0]) / (2 * h), (a[1] - b[1]) / (2 * h), (a[2] - b[2]) / (2 * h)], 1e-6);
    const c = evaluateSurface(ratCyl, 0.37, 0.61 + h);
    const d = evaluateSurface(ratCyl, 0.37, 0.61 - h);
    close(pv, [(c[0] - d[0]) / (2 * h), (c[1] - d[1]) / (2 * h), (c[2] - d[2]) / (2 * h)], 1e-6);
  });
  it('oracle (seed 42): Newton distance equals the exact cylinder distance for points near the patch', () => {
    const r = rng(42);
    for (let i = 0; i < 200; i++) {
      const ang = 0.05 + r() * (Math.PI / 2 - 0.1);
      const rad = 0.7 + r() * 0.6;
      const z = 0.1 + r() * 1.8;
      const p: Vec3 = [rad * Math.cos(ang), rad * Math.sin(ang), z];
      expect(distanceToSurface(ratCyl, p)).toBeCloseTo(Math.abs(rad - 1), 7);
    }
  });
  it('oracle (seed 3): Newton projection matches brute-force dense sampling on a bumpy patch', () => {
    const bumpy: Surface = {
      type: 'bspline', uDegree: 3, vDegree: 2,
      controlPoints: [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3].map((j): Vec3 => [i * 2, j * 2, Math.sin(i + 2 * j)])),
      weights: null, uKnots: [0, 0.5, 1], vKnots: [0, 0.5, 1], uMultiplicities: [4, 1, 4], vMultiplicities: [3, 1, 3],
      uClosed: false, vClosed: false, rational: false,
    };
    const r = rng(3);
    for (let i = 0; i < 20; i++) {
      const p = evaluateSurface(bumpy, 0.1 + 0.8 * r(), 0.1 + 0.8 * r());
      const n = surfaceNormal(bumpy, 0, 0);
      const q: Vec3 = [p[0] + 0.05 * r(), p[1] + 0.05 * r(), p[2] + 0.05 * r()];
      let brute = Infinity;
      let ba = 0;
      let bb = 0;
      for (let a = 0; a <= 200; a++)
        for (let b = 0; b <= 200; b++) {
          const s = evaluateSurface(bumpy, a / 200, b / 200);
          const d = Math.hypot(s[0] - q[0], s[1] - q[1], s[2] - q[2]);
          if (d < brute) [brute, ba, bb] = [d, a / 200, b / 200];
        }
      // second, finer brute-force level around the best coarse sample
      for (let a = -100; a <= 100; a++)
        for (let b = -100; b <= 100; b++) {
          const uu = Math.min(1, Math.max(0, ba + a / 10000));
          const vv = Math.min(1, Math.max(0, bb + b / 10000));
          const s = evaluateSurface(bumpy, uu, vv);
          brute = Math.min(brute, Math.hypot(s[0] - q[0], s[1] - q[1], s[2] - q[2]));
        }
      const d = distanceToSurface(bumpy, q);
      expect(d).toBeLessThanOrEqual(brute + 1e-9);
      expect(brute - d).toBeLessThan(1e-4);
      void n;
    }
  });
});

describe('extrusion, revolution, offset', () => {
  const circle: Curve = { type: 'circle', frame: createFrame([0, 0, 0], [0, 0, 1], [1, 0, 0]), radius: 3 };
  it('extrusion of a circle is a cylinder', () => {
    const s: Surface = { type: 'extrusion', sweptCurve: circle, direction: [0, 0, 1] };
    close(evaluateSurface(s, Math.PI / 2, 5), [0, 3, 5]);
    expect(distanceToSurface(s, [5, 0, 7])).toBeCloseTo(2, 8);
    expect(distanceToSurface(s, [0, -1, -4])).toBeCloseTo(2, 8);
  });
  it('revolution of a line parallel to the axis is a cylinder', () => {
    const line: Curve = { type: 'line', origin: [2, 0, 0], direction: [0, 0, 1] };
    const s: Surface = { type: 'revolution', sweptCurve: line, axisOrigin: [0, 0, 0], axisDirection: [0, 0, 1] };
    close(evaluateSurface(s, Math.PI / 2, 4), [0, 2, 4]);
    expect(distanceToSurface(s, [0, -5, 1])).toBeCloseTo(3, 7);
    const proj = projectPointOnSurface(s, [0, -5, 1])!;
    expect(proj.u).toBeCloseTo((3 * Math.PI) / 2, 6);
    expect(proj.v).toBeCloseTo(1, 6);
  });
  it('offset of a sphere is a sphere', () => {
    const s: Surface = { type: 'offset', basis: { type: 'sphere', frame: createFrame([0, 0, 0], null, null), radius: 2 }, distance: 1, selfIntersect: false };
    expect(distanceToSurface(s, [0, 0, 5])).toBeCloseTo(2, 9);
    expect(distanceToSurface(s, [3, 4, 0])).toBeCloseTo(2, 9);
    expect(distanceToSurface(s, [0.6, 0.8, 0])).toBeCloseTo(2, 9);
    close(evaluateSurface(s, 0, 0), [3, 0, 0]);
  });
});

describe('curves', () => {
  const frame = createFrame([0, 0, 0], [0, 0, 1], [1, 0, 0]);
  it('circle arc length is R·Δθ and the edge range unwraps across the seam', () => {
    const c: Curve = { type: 'circle', frame, radius: 2 };
    const range = edgeParameterRange(c, [0, -2, 0], [0, 2, 0], true, false);
    expect(range[0]).toBeCloseTo((3 * Math.PI) / 2, 12);
    expect(range[1]).toBeCloseTo((5 * Math.PI) / 2, 12);
    expect(curveLength(c, range[0], range[1])).toBeCloseTo(2 * Math.PI, 12);
    const rev = edgeParameterRange(c, [0, -2, 0], [0, 2, 0], false, false);
    expect(rev[0]).toBeCloseTo(Math.PI / 2, 12);
    expect(rev[1]).toBeCloseTo((3 * Math.PI) / 2, 12);
    const full = edgeParameterRange(c, [2, 0, 0], [2, 0, 0], true, true);
    expect(full[1] - full[0]).toBeCloseTo(2 * Math.PI, 12);
  });
  it('ellipse circumference matches Ramanujan', () => {
    const e: Curve = { type: 'ellipse', frame, semiAxis1: 5, semiAxis2: 3 };
    const h = ((5 - 3) / (5 + 3)) ** 2;
    const ram = Math.PI * (5 + 3) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
    expect(curveLength(e, 0, 2 * Math.PI)).toBeCloseTo(ram, 4);
    expect(curveParameterOf(e, evaluateCurve(e, 1.2))).toBeCloseTo(1.2, 12);
  });
  it('rational B-spline quarter circle: length π/2·R and inversion', () => {
    const c: Curve = {
      type: 'bspline', degree: 2, controlPoints: [[2, 0, 0], [2, 2, 0], [0, 2, 0]], weights: [1, w, 1],
      knots: [0, 1], multiplicities: [3, 3], closed: false, rational: true,
    };
    expect(curveLength(c, 0, 1)).toBeCloseTo(Math.PI, 9);
    const p = evaluateCurve(c, 0.3);
    expect(Math.hypot(p[0], p[1])).toBeCloseTo(2, 12);
    expect(curveParameterOf(c, p)).toBeCloseTo(0.3, 9);
  });
  it('polyline length and parameters', () => {
    const c: Curve = { type: 'polyline', points: [[0, 0, 0], [3, 4, 0], [3, 4, 2]] };
    expect(curveLength(c, 0, 2)).toBeCloseTo(7, 12);
    close(evaluateCurve(c, 1.5), [3, 4, 1]);
  });
});
