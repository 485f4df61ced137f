/**
 * B-splines whose STEP record carries no knot list (UNIFORM_CURVE, QUASI_UNIFORM_CURVE, BEZIER_CURVE and the
 * surface forms): the implied knot vector has poles + degree + 1 entries (ISO 10303-42). Until session 20 the
 * uniform and quasi-uniform forms were one knot short, so every such curve was refused as malformed — I-DEAS writes
 * its straight edges as degree-1 quasi-uniform curves, and the CAx-IF part dm1-id-214 (shipped in occt-import-js's
 * test files) failed to build at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPartFromStep } from '../../src/brep/index.js';
import { impliedKnotVector } from '../../src/brep/curves.js';
import { readStep } from '../../src/formats/step/index.js';
import { evaluateCurve } from '../../src/geometry/curve-eval.js';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('implied knot vectors', () => {
  it('have poles + degree + 1 knots counted with multiplicity, for every form and size', () => {
    for (const form of ['bezier', 'uniform', 'quasi_uniform'] as const) {
      for (let degree = 1; degree <= 5; degree++) {
        const poles = form === 'bezier' ? [degree + 1] : [degree + 1, degree + 2, degree + 7];
        for (const p of poles) {
          const { knots, multiplicities } = impliedKnotVector(form, degree, p - 1);
          expect(sum(multiplicities), `${form} degree ${degree}, ${p} poles`).toBe(p + degree + 1);
          for (let i = 1; i < knots.length; i++) expect(knots[i]).toBeGreaterThan(knots[i - 1]);
        }
      }
    }
  });

  it('quasi-uniform: clamped at both ends, evenly spaced inside', () => {
    expect(impliedKnotVector('quasi_uniform', 1, 1)).toEqual({ knots: [0, 1], multiplicities: [2, 2] });
    expect(impliedKnotVector('quasi_uniform', 3, 5)).toEqual({ knots: [0, 1, 2, 3], multiplicities: [4, 1, 1, 4] });
    expect(impliedKnotVector('uniform', 2, 3)).toEqual({ knots: [-2, -1, 0, 1, 2, 3, 4], multiplicities: [1, 1, 1, 1, 1, 1, 1] });
  });

  it('a degree-1 quasi-uniform curve runs through its poles, first to last', () => {
    const { knots, multiplicities } = impliedKnotVector('quasi_uniform', 1, 2);
    const controlPoints: [number, number, number][] = [[0, 0, 0], [10, 0, 5], [10, 20, 5]];
    const curve = { type: 'bspline' as const, degree: 1, controlPoints, weights: null, knots, multiplicities, closed: false, rational: false };
    expect(evaluateCurve(curve, knots[0])).toEqual([0, 0, 0]);
    expect(evaluateCurve(curve, 1)).toEqual([10, 0, 5]);
    expect(evaluateCurve(curve, knots[knots.length - 1])).toEqual([10, 20, 5]);
  });
});

const DM1_ID = fileURLToPath(new URL('../../node_modules/occt-import-js/test/testfiles/cax-if/dm1-id-214.stp', import.meta.url));

describe.skipIf(!existsSync(DM1_ID))('CAx-IF dm1-id-214 (I-DEAS; occt-import-js test file)', () => {
  it('builds: three solids whose straight edges are quasi-uniform curves', () => {
    const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(DM1_ID))));
    expect(part.solids.length).toBe(3);
    expect(part.faces.length).toBe(24);
    expect(part.edges.some((e) => e.curve?.type === 'bspline')).toBe(true);
  });
});
