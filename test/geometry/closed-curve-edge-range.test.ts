/**
 * An edge ending at the closure point of a closed, non-periodic curve (a B-spline loop, such as where a drilled hole
 * crosses a slot's half-cylinder) covers its own arc, not the rest of the loop: on hand-built closed curves, and on a
 * generated part whose two such faces read 13 % and 9 % too small before (areas checked against OpenCascade 7.6).
 */
import { describe, expect, it } from 'vitest';
import { edgeParameterRange } from '../../src/geometry/curve-eval.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import type { Curve, Vec3 } from '../../src/model/index.js';
import { conventionFixtureStep } from '../support/generated-fixtures.js';

/** A closed square loop as a polyline: parameter 0 and 4 are the same corner. */
const square: Curve = { type: 'polyline', points: [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 0]] };
/** A closed degree-1 B-spline over the same square, domain [0, 1]. */
const squareSpline: Curve = {
  type: 'bspline',
  degree: 1,
  controlPoints: [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 0]],
  weights: null,
  knots: [0, 0.25, 0.5, 0.75, 1],
  multiplicities: [2, 1, 1, 1, 2],
} as Curve;
const corner: Vec3 = [0, 0, 0];

describe('edgeParameterRange on a closed curve that is not periodic', () => {
  it('an edge running with the curve into the closure point ends at the domain end', () => {
    expect(edgeParameterRange(square, [0, 1, 0], corner, true, false)).toEqual([3, 4]);
    const [a, b] = edgeParameterRange(squareSpline, [0, 1, 0], corner, true, false);
    expect(a).toBeCloseTo(0.75, 9);
    expect(b).toBe(1);
  });

  it('an edge running with the curve out of the closure point starts at the domain start', () => {
    expect(edgeParameterRange(square, corner, [1, 0, 0], true, false)).toEqual([0, 1]);
  });

  it('an edge running against the curve: from the closure point back (domain end) and into it (domain start)', () => {
    // against the curve from the corner to (0, 1, 0): the last side, parameters 4 → 3
    expect(edgeParameterRange(square, corner, [0, 1, 0], false, false)).toEqual([3, 4]);
    // against the curve from (1, 0, 0) to the corner: the first side, parameters 1 → 0
    expect(edgeParameterRange(square, [1, 0, 0], corner, false, false)).toEqual([0, 1]);
  });

  it('an open curve keeps the plain range', () => {
    const open: Curve = { type: 'polyline', points: [[0, 0, 0], [1, 0, 0], [1, 1, 0]] };
    expect(edgeParameterRange(open, [1, 1, 0], [0, 0, 0], true, false)).toEqual([0, 2]);
  });
});

describe('exact face measures where a hole crosses a slot end (syn_s116_000010, generated)', () => {
  const { part } = measureBrepFaces(buildPartFromStep(readStep(conventionFixtureStep('syn_s116_000010'))));

  // OpenCascade 7.6 (FreeCAD's Part module, Face.Area and Face.BoundBox) on the same file; faces 21 and 23 share the
  // two B-spline edges where the hole (r 1.62) meets the slot's end cylinder (r 8.75).
  it.each([
    [21, 247.0173, 18.384],
    [23, 254.0924, 16.837],
  ])('face %i: area %f mm² and top z %f mm as OpenCascade measures them', (index, area, zMax) => {
    const face = part.faces[index];
    expect(face.surface?.type).toBe('cylinder');
    expect(face.area).toBeCloseTo(area, 2);
    expect(face.bbox.max[2]).toBeCloseTo(zMax, 2);
  });
});
