import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep, edgeParameterRangeOf } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { evaluateCurve } from '../../src/geometry/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import type { Curve, Part, PartEdge, Vec3 } from '../../src/model/index.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';
import { conicSheetsStep } from './conic-step.js';

// HYPERBOLA and PARABOLA edges (ISO 10303-42 conics; D07's countersunk screw head has hyperbolas where a plane cuts
// the cone of its hex). The reference numbers are OpenCascade's: FreeCAD's Part module read the same STEP text
// (Part.Shape().read) and printed each edge's ParameterRange, valueAt, derivative1At and Length, and each face's Area
// and CenterOfMass.

const basisOf = (e: PartEdge): Curve => (e.curve.type === 'trimmed' ? e.curve.basis : e.curve);
const edgeOfType = (part: Part, type: Curve['type']) => part.edges.find((e) => basisOf(e).type === type)!;
const near = (a: readonly number[], b: readonly number[], digits: number) => b.forEach((v, k) => expect(a[k]).toBeCloseTo(v, digits));

/** FreeCAD / OpenCascade, per edge: parameter range, [t, point, first derivative] at t = first + 0.3 (last − first), length. */
const OCCT = {
  hyperbola: {
    range: [-0.9999999999999997, 1.0],
    at: [-0.3999999999999998, [2.1621447436769095, -0.4107523258028153, 0], [-0.8215046516056306, 1.0810723718384547, 0]],
    lengthMm: 3.307892464526634,
  },
  parabola: {
    range: [-2.0, 2.0],
    at: [-0.8, [0.32000000000000006, -0.8, 5], [-0.8, 1.0, 0]],
    lengthMm: 5.915771430190823,
  },
} as const;

describe('STEP HYPERBOLA and PARABOLA curves (real STEP bytes; OpenCascade reference values)', () => {
  const part = buildPartFromStep(readStep(new TextEncoder().encode(conicSheetsStep())));

  it('both are modelled (no PARSE_UNSUPPORTED_ENTITY), the hyperbola with its 2-D pcurve on the plane', () => {
    expect(part.unsupported).toEqual([]);
    expect(part.faces.length).toBe(2);
    const hyperbola = edgeOfType(part, 'hyperbola');
    expect(hyperbola.pcurves.map((p) => p.curve.type)).toEqual(['hyperbola']);
    expect(basisOf(edgeOfType(part, 'parabola'))).toMatchObject({ type: 'parabola', focalLength: 0.5 });
  });

  for (const type of ['hyperbola', 'parabola'] as const) {
    it(`${type}: the edge's parameter range, a point and its derivative, and its length are OpenCascade's`, () => {
      const edge = edgeOfType(part, type);
      const ref = OCCT[type];
      near(edgeParameterRangeOf(part, edge), ref.range, 12);
      const p: Vec3 = [0, 0, 0], d: Vec3 = [0, 0, 0];
      evaluateCurve(edge.curve, ref.at[0], p, d);
      near(p, ref.at[1], 12);
      near(d, ref.at[2], 12);
      expect(edge.lengthMm).toBeCloseTo(ref.lengthMm, 9);
    });
  }

  it("the faces' exact areas and centroids from their uv loops: OpenCascade's (ab(sinh 1 cosh 1 − 1) and 16/3)", () => {
    const { part: measured, unmeasured } = measureBrepFaces(part);
    expect(unmeasured).toEqual([]);
    const [hyperbolic, parabolic] = measured.faces;
    expect(hyperbolic.area).toBeCloseTo(1.626860407847019, 10);
    expect(hyperbolic.area).toBeCloseTo(2 * (Math.sinh(1) * Math.cosh(1) - 1), 10);
    near(hyperbolic.centroid, [2.6604500772012956, 0, 0], 9);
    expect(parabolic.area).toBeCloseTo(16 / 3, 10);
    near(parabolic.centroid, [1.2, 0, 5], 9);
  });

  it("mesh: 'auto' analyses the sheets from the exact B-Rep", async () => {
    await using analyzer = createNodeAnalyzer({ mesh: 'auto' });
    const r = await analyzer.analyze(new TextEncoder().encode(conicSheetsStep()), { name: 'conics.step' });
    const parse = r.stages.find((s) => s.name === 'parse')!.findings.map((f) => f.code);
    expect(parse).toContain('PARSE_MESH_NOT_BUILT');
    expect(parse).not.toContain('PARSE_UNSUPPORTED_ENTITY');
    expect(r.part!.surfaceAreaMm2).toBeCloseTo(16 / 3 + 1.626860407847019, 9);
  });
});

describe.skipIf(!HAS_SHARED)(sharedTitle('D07 (countersunk screw): its hyperbolic hex edges against OpenCascade'), () => {
  it("the four hyperbola edges' ranges and lengths, the faces they bound and the part's area are OpenCascade's; 'auto' needs no mesh", async () => {
    const file = join(REALWORLD_DIR, 'parts', 'D07__M6-1x12-countersunk-screw.step');
    const part = buildPartFromStep(readStep(readFileSync(file)));
    expect(part.unsupported).toEqual([]);
    const hyperbolas = part.edges.filter((e) => basisOf(e).type === 'hyperbola');
    expect(hyperbolas.length).toBe(4);
    for (const e of hyperbolas) {
      const [a, b] = edgeParameterRangeOf(part, e);
      // FreeCAD: [2.228932860911925, 2.505183972713897] or its negation, length 1.7348615753043157 each
      near([Math.abs(a), Math.abs(b)].sort(), [2.228932860911925, 2.505183972713897], 10);
      expect(e.lengthMm).toBeCloseTo(1.7348615753043157, 9);
    }
    const { part: measured, unmeasured } = measureBrepFaces(part);
    expect(unmeasured).toEqual([]);
    // The two flats of the hex the hyperbolas bound (FreeCAD: 14.674455277491608 and 14.674456202299497) and the cone
    // they cut (77.33833940496778); the whole part 465.6340004256301 mm².
    const areaOf = (stepId: number) => measured.faces.find((f) => f.stepId === stepId)!.area;
    expect(areaOf(250)).toBeCloseTo(14.674455, 5);
    expect(areaOf(3625)).toBeCloseTo(14.674455, 5);
    expect(areaOf(336) / 77.33833940496778).toBeCloseTo(1, 6);
    expect(measured.summary.surfaceAreaMm2 / 465.6340004256301).toBeCloseTo(1, 6);
    await using analyzer = createNodeAnalyzer({ mesh: 'auto' });
    const r = await analyzer.analyze(readFileSync(file), { name: 'D07.step' });
    expect(r.stages.find((s) => s.name === 'parse')!.findings.map((f) => f.code)).toContain('PARSE_MESH_NOT_BUILT');
  });
});
