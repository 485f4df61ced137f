/**
 * D31 (tinymovr servo kit): 41 rounded corners are sphere octants on a rational B-spline sphere periodic in u, bounded
 * by two meridians and a quarter of the equator, without PCURVEs and without a degenerate edge at the pole. Their uv
 * loops were wrong in two ways:
 * - inverting an edge onto the surface, Newton started from the previous sample's (u, v), which the loop unwraps a
 *   period beyond the knot domain; it was clamped to the domain's end, half a turn away, and ran into the pole and
 *   stayed there (the meridian's samples all on the pole);
 * - the loop leaves the pole a period away from where it reached it (every u is the pole): its pieces closed only
 *   modulo the period, so the face read as a ring around the sphere.
 * Three faces had no exact area (`mesh: 'auto'` tessellated the part for them) and 38 others had wrong areas (0.0002 to
 * 0.0128 mm² for 0.0020). Now every octant measures π r²/2. OpenCascade 7.6 (FreeCAD's Face.Area) on the ball below:
 * 157.07963267948915 mm² on the two octants at the seam; on the six others its repaired faces are invalid
 * (Shape.isValid() false; 30.7 to 561.4 mm²), so the reference is the exact π r²/2. On D31, 28 of the 41 faces equal
 * FreeCAD's areas within 1e-12; on the other 13 FreeCAD's own Face.Area disagrees with its own tessellation.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { projectPointOnSurface } from '../../src/geometry/surface-distance.js';
import { evaluateSurface } from '../../src/geometry/surface-eval.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';
import { SPHERE_RADIUS_MM, sphereOctantsStep } from './sphere-octant-step.js';

const OCTANT_MM2 = (Math.PI * SPHERE_RADIUS_MM ** 2) / 2;

describe('a ball of eight B-spline sphere octants without pcurves (real STEP bytes)', () => {
  const part = buildPartFromStep(readStep(new TextEncoder().encode(sphereOctantsStep())));

  it('every octant measures π r²/2 with its centroid at (±r/2, ±r/2, ±r/2); the ball 4π r²', () => {
    const { part: measured, unmeasured } = measureBrepFaces(part);
    expect(unmeasured).toEqual([]);
    expect(measured.faces).toHaveLength(8);
    for (const f of measured.faces) {
      expect(f.area / OCTANT_MM2).toBeCloseTo(1, 9);
      for (const c of f.centroid) expect(Math.abs(c)).toBeCloseTo(SPHERE_RADIUS_MM / 2, 6);
    }
    expect(new Set(measured.faces.map((f) => f.centroid.map(Math.sign).join())).size).toBe(8);
    expect(measured.summary.surfaceAreaMm2 / (4 * Math.PI * SPHERE_RADIUS_MM ** 2)).toBeCloseTo(1, 9);
  });

  it('Newton from a hint a period beyond the knot domain finds the point (it was clamped half a turn away)', () => {
    const s = part.faces[0].surface!;
    const target = evaluateSurface(s, 0.4, 2.9); // near the south pole, just past the seam
    const r = projectPointOnSurface(s, target, [0.45 + 2 * Math.PI, 2.85])!;
    expect(r.distance).toBeLessThan(1e-9);
    expect(r.u).toBeCloseTo(0.4, 9);
  });

  it("mesh: 'auto' analyses it from the exact B-Rep", async () => {
    await using analyzer = createNodeAnalyzer({ mesh: 'auto' });
    const r = await analyzer.analyze(new TextEncoder().encode(sphereOctantsStep()), { name: 'octants.step' });
    expect(r.stages.find((s) => s.name === 'parse')!.findings.map((f) => f.code)).toContain('PARSE_MESH_NOT_BUILT');
    expect(r.part!.surfaceAreaMm2 / (4 * Math.PI * SPHERE_RADIUS_MM ** 2)).toBeCloseTo(1, 9);
  });
});

describe.skipIf(!HAS_SHARED)(sharedTitle('D31: the three corner octants that had no exact area'), () => {
  it('faces 517 and 573 (r = 0.036 mm) and 1003 (r = 0.024 mm) measure π r²/2, as FreeCAD does for 573', () => {
    const part = buildPartFromStep(readStep(readFileSync(join(REALWORLD_DIR, 'parts', 'D31__tinymovr_servokit_r2.stp'))));
    const { part: measured, unmeasured } = measureBrepFaces(part);
    expect(unmeasured).toEqual([]);
    expect(measured.faces[517].area / ((Math.PI * 0.036 ** 2) / 2)).toBeCloseTo(1, 9);
    expect(measured.faces[573].area).toBeCloseTo(0.002035752039526485, 12); // FreeCAD
    expect(measured.faces[1003].area / ((Math.PI * 0.024 ** 2) / 2)).toBeCloseTo(1, 9);
  });
});
