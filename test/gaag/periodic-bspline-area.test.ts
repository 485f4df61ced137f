/**
 * Faces of a B-spline surface that OpenCascade reads as periodic (declared closed, first and last rows of poles
 * equal) and that run across the surface's domain end: the seam's two pcurves sit a period apart (v = 1 and
 * v = 1 + 2π), beyond the knots. cadlens evaluated such surfaces clamped to the domain, so the far seam side and the
 * arcs past 2π failed their on-surface check and both seam sides took one pcurve: the face read a sliver of its area
 * (FreeCAD's IDF capacitor CAP_50SGV_8_10.stp: 2.3 and 0.03 mm² for OpenCascade's 19.5 and 21.7). Now a closed
 * direction is periodic (evaluation, isolines, the uv boundary's periods) and the area integrates across the seam.
 * Found by the face-area audit (tools/geometry-audit). Reference values: OpenCascade 7.6 (FreeCAD's Part module) —
 * a fine mesh of the face (deflection 1e-4), since OpenCascade's default Face.Area is itself 2e-3 off on the fixture.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { bsplineSurfacePeriods, evalBSplineSurface } from '../../src/geometry/bspline.js';
import type { Part, Vec3 } from '../../src/model/index.js';
import { measuredStepPart, relativeDifference } from '../support/exact-measures.js';

const measured = measuredStepPart;
const relative = relativeDifference;

describe('a face of a periodic B-spline surface across its domain end', () => {
  const FIXTURE = new URL('../fixtures/brep-area/periodic-bspline-band.step', import.meta.url);

  it('periodic-bspline-band.step (generate-periodic-bspline-band.py): the side is 2πrh, as OpenCascade measures it', () => {
    const part = measured(FIXTURE);
    expect(part.faces.map((f) => f.surfaceType)).toEqual(['bspline', 'plane', 'plane']);
    const exact = [2 * Math.PI * 4 * 5, Math.PI * 16, Math.PI * 16];
    const occtFineMesh = [125.663676, 50.265434, 50.265434];
    part.faces.forEach((f, i) => {
      expect(relative(f.area, exact[i])).toBeLessThan(1e-9);
      expect(relative(f.area, occtFineMesh[i])).toBeLessThan(1e-6);
    });
    // centroid on the axis, half way up
    const c = part.faces[0].centroid;
    expect(Math.hypot(c[0], c[1])).toBeLessThan(1e-9);
    expect(c[2]).toBeCloseTo(2.5, 9);
  });

  it('the surface is periodic in v only, and evaluates a period on as at the same place', () => {
    const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(FIXTURE))));
    const s = part.faces[0].surface;
    if (s?.type !== 'bspline') throw new Error('expected a B-spline side');
    const [pu, pv] = bsplineSurfacePeriods(s);
    expect(pu).toBe(0);
    expect(pv).toBeCloseTo(2 * Math.PI, 12);
    const a: Vec3 = [0, 0, 0];
    const b: Vec3 = [0, 0, 0];
    evalBSplineSurface(s, 0.3, 7.0, a);
    evalBSplineSurface(s, 0.3, 7.0 - pv, b);
    expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeLessThan(1e-12);
    expect(Math.hypot(a[0], a[1])).toBeCloseTo(4, 12);
  });
});

// FreeCAD's IDF library (Debian freecad-common): where FreeCAD is installed, the file the audit found
const CAP = '/usr/share/freecad/Mod/Idf/Idflibs/CAP_50SGV_8_10.stp';
const capMissing = existsSync(CAP) ? null : `no ${CAP} (FreeCAD's IDF library)`;

describe.skipIf(capMissing !== null)(`FreeCAD's IDF capacitor${capMissing ? ` (skipped: ${capMissing})` : ''}`, () => {
  it.each([
    [19, 19.5171],
    [21, 21.7282],
  ])('face %i: %f mm² as OpenCascade measures it (to its integration error)', (index, area) => {
    const part = measured(CAP);
    expect(part.faces[index].surfaceType).toBe('bspline');
    expect(relative(part.faces[index].area, area)).toBeLessThan(5e-4);
  });
});

describe('faces of C1 B-splines: the quadrature splits at the knots', () => {
  it('c1-bspline-block.step (generate-c1-bspline-block.py): the top and the extruded sides as OpenCascade measures them', () => {
    const part = measured(new URL('../fixtures/brep-area/c1-bspline-block.step', import.meta.url));
    expect(part.faces.map((f) => f.surfaceType)).toEqual(['extrusion', 'extrusion', 'extrusion', 'extrusion', 'bspline', 'bspline']);
    // the sides along the curves: 10 × (y1 − y0) exactly; the top: |S_u × S_v| on OpenCascade's surface evaluation,
    // Gauss–Legendre per knot span (OpenCascade's default Face.Area, 99.2523 and 119.9227, is 4e-3 and 5e-4 off)
    const reference = [98.840682353, 100, 98.840682353, 100, 119.860242586, 119.860242586];
    part.faces.forEach((f, i) => expect(relative(f.area, reference[i]), `face ${i}: ${f.area}`).toBeLessThan(1e-7));
  });
});

// a B-spline dome (generated plate, --plates seed 204n part 9): a face of a surface periodic in u whose seam runs from
// its rim to the pole and back, the two sides a period apart; with the period, the loop closing at the pole read as a
// ring around the period (no area)
describe('a periodic B-spline face whose seam runs from its rim to a pole and back', () => {
  it('periodic-bspline-cone.step (generate-periodic-bspline-cone.py): the side is π r s, the base π r²', () => {
    const part = measured(new URL('../fixtures/brep-area/periodic-bspline-cone.step', import.meta.url));
    expect(part.faces.map((f) => f.surfaceType)).toEqual(['bspline', 'plane']);
    const exact = [Math.PI * 4 * Math.hypot(4, 5), Math.PI * 16];
    part.faces.forEach((f, i) => expect(relative(f.area, exact[i]), `face ${i}: ${f.area}`).toBeLessThan(1e-9));
  });
});
