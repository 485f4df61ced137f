import { describe, expect, it } from 'vitest';
import { evalBSplineSurface } from '../../src/geometry/bspline.js';
import { createBSplineIsoline, evalBSplineIsoline, evalBSplineIsolineAtNode, isolineSpanTable, setBSplineIsoline } from '../../src/geometry/bspline-isoline.js';
import type { BSplineSurfaceData, Vec3 } from '../../src/model/index.js';

/** Small deterministic PRNG (mulberry32). */
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

/** A random clamped (rational or not) B-spline surface with interior knots of multiplicity 1–2. */
function randomSurface(r: () => number, rational: boolean): BSplineSurfaceData {
  const mk = (deg: number) => {
    const inner = 1 + Math.floor(r() * 4);
    const knots = [0];
    const mults = [deg + 1];
    let k = 0;
    for (let i = 0; i < inner; i++) {
      k += 0.2 + r();
      knots.push(k);
      mults.push(1 + Math.floor(r() * 2));
    }
    knots.push(k + 0.2 + r());
    mults.push(deg + 1);
    const poles = mults.reduce((a, b) => a + b, 0) - deg - 1;
    return { knots, mults, poles };
  };
  const uDegree = 1 + Math.floor(r() * 5);
  const vDegree = 1 + Math.floor(r() * 3);
  const U = mk(uDegree);
  const V = mk(vDegree);
  const controlPoints: Vec3[][] = [];
  const weights: number[][] = [];
  for (let i = 0; i < U.poles; i++) {
    controlPoints.push([]);
    weights.push([]);
    for (let j = 0; j < V.poles; j++) {
      controlPoints[i].push([i + r(), j + r(), 3 * r()]);
      weights[i].push(rational ? 0.5 + r() : 1);
    }
  }
  return { uDegree, vDegree, controlPoints, weights: rational ? weights : null, uKnots: U.knots, vKnots: V.knots, uMultiplicities: U.mults, vMultiplicities: V.mults, uClosed: false, vClosed: false, rational };
}

describe('B-spline isolines vs evalBSplineSurface (oracle, seeded)', () => {
  for (const seed of [1, 7, 42, 2024]) {
    it(`seed ${seed}: point, ∂u, ∂v equal along u and along v, rational and not`, () => {
      const r = rng(seed);
      const iso = createBSplineIsoline();
      const P: Vec3 = [0, 0, 0], U: Vec3 = [0, 0, 0], V: Vec3 = [0, 0, 0];
      const p: Vec3 = [0, 0, 0], t: Vec3 = [0, 0, 0], x: Vec3 = [0, 0, 0];
      for (const rational of [false, true]) {
        const s = randomSurface(r, rational);
        const u1 = s.uKnots[s.uKnots.length - 1];
        const v1 = s.vKnots[s.vKnots.length - 1];
        let worst = 0;
        for (let k = 0; k < 200; k++) {
          // include exact knots and out-of-domain values (both clamp)
          const u = k % 17 === 0 ? s.uKnots[k % s.uKnots.length] : -0.1 + r() * (u1 + 0.2);
          const v = k % 13 === 0 ? s.vKnots[k % s.vKnots.length] : -0.1 + r() * (v1 + 0.2);
          evalBSplineSurface(s, u, v, P, U, V);
          setBSplineIsoline(iso, s, 'u', v);
          evalBSplineIsoline(iso, u, p, t, x);
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(p[c] - P[c]), Math.abs(t[c] - U[c]), Math.abs(x[c] - V[c]));
          setBSplineIsoline(iso, s, 'v', u);
          evalBSplineIsoline(iso, v, p, t, x);
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(p[c] - P[c]), Math.abs(t[c] - V[c]), Math.abs(x[c] - U[c]));
        }
        expect(worst).toBeLessThan(1e-9);
        // cached span-node tables and a restricted pole range give the same values
        const nodes = new Float64Array([0.1, 0.5, 0.9]);
        let worstTable = 0;
        for (let k = 1; k + 1 < s.uKnots.length; k++) {
          const a = s.uKnots[k - 1], b = s.uKnots[k];
          const v = r() * v1;
          setBSplineIsoline(iso, s, 'u', v, a, b);
          const table = isolineSpanTable(iso, s, nodes, a, b);
          for (let i = 0; i < nodes.length; i++) {
            evalBSplineIsolineAtNode(iso, table, i, p, t, x);
            evalBSplineSurface(s, a + (b - a) * nodes[i], v, P, U, V);
            for (let c = 0; c < 3; c++) worstTable = Math.max(worstTable, Math.abs(p[c] - P[c]), Math.abs(t[c] - U[c]), Math.abs(x[c] - V[c]));
          }
        }
        expect(worstTable).toBeLessThan(1e-9);
      }
    });
  }
});
