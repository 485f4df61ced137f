/**
 * B-spline faces that end on a pole of their surface (a side of the patch collapsed to one point), in files without
 * PCURVEs: the edges are inverted onto the surface sample by sample. Newton warm-started on the pole stopped there (its
 * 2 × 2 system is singular), so the rest of the edge stayed on the pole, and the end sample on the pole kept whatever
 * free parameter the inversion gave it, so the closing segment cut across the face. The boundary builder now starts
 * Newton off the pole (startOffPole) and gives the end samples their neighbour's free parameter. Areas are checked against
 * OpenCascade 7.6 (FreeCAD's Part module, Face.Area) on the same files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { projectPointOnSurface } from '../../src/geometry/surface-distance.js';
import { startOffPole } from '../../src/features/gaag/pole-ends.js';
import { evaluateSurface } from '../../src/geometry/surface-eval.js';
import type { Part } from '../../src/model/index.js';
import { REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

function load(path: string | URL): Part {
  return buildPartFromStep(readStep(new Uint8Array(readFileSync(path))));
}

// test/fixtures/brep-area/generate-pole-patches.py: a sphere octant (radius 10) on the sphere's B-spline, with the
// pole along u (face 0) and, on a copy with u and v exchanged, along v (face 1)
const fixture = load(new URL('../fixtures/brep-area/pole-patches.step', import.meta.url));
/** OpenCascade 7.6's Face.Area of both faces (the generator prints it; π·10²/2 = 157.0796327). */
const OCTANT_AREA_MM2 = 157.079632693;

describe('B-spline faces ending on a pole, without PCURVEs (pole-patches.step)', () => {
  it('the fixture carries no PCURVEs and its surfaces are B-splines', () => {
    expect(fixture.faces.map((f) => f.surface?.type)).toEqual(['bspline', 'bspline']);
    expect(fixture.edges.every((e) => e.pcurves.length === 0)).toBe(true);
  });

  it.each([0, 1])('face %i: exact area as OpenCascade measures it (within 1e-6)', (index) => {
    const { part, unmeasured } = measureBrepFaces(fixture);
    expect(unmeasured).toEqual([]);
    expect(Math.abs(part.faces[index].area / OCTANT_AREA_MM2 - 1)).toBeLessThan(1e-6);
  });

  // (From the pole itself Newton's first step is huge along the free parameter: clamped to the domain it stayed on the
  // pole; since session 24 a periodic B-spline's parameter wraps instead, and where it lands is arbitrary.)
  it.each([0, 1])('face %i: Newton from a start off the pole finds the point', (index) => {
    const s = fixture.faces[index].surface!;
    if (s.type !== 'bspline') throw new Error('expected a B-spline');
    // the pole: the collapsed side of the patch (v = π/2 for face 0, u = π/2 for face 1), at any value of the other
    const pole: [number, number] = index === 0 ? [0.3, Math.PI / 2] : [Math.PI / 2, 0.3];
    const target: [number, number] = index === 0 ? [1.2, 1.4] : [1.4, 1.2];
    const p = evaluateSurface(s, target[0], target[1]);
    const pr = projectPointOnSurface(s, p, startOffPole(s, p, pole, [0, 0]));
    expect(pr).not.toBeNull();
    expect(pr!.distance).toBeLessThan(1e-9);
  });
});

describe.skipIf(!existsSync(REALWORLD_DIR))(sharedTitle('B-spline faces ending on a pole in real parts'), () => {
  // OpenCascade 7.6 (FreeCAD's Face.Area) on the same faces; before the fix cadlens read 0.0001 and 0.5386 mm²
  it.each([
    ['D25__lower_leg_structure_base.STEP', [136, 138], 24.7218],
    ['D33__sensor-assembly.step', [353, 354, 355], 0.8233],
  ])('%s faces %j: exact area %f mm²', (file, faces, area) => {
    const { part } = measureBrepFaces(load(join(REALWORLD_DIR, 'parts', file)));
    for (const i of faces) expect(Math.abs(part.faces[i].area / area - 1), `face ${i}: ${part.faces[i].area}`).toBeLessThan(1e-4);
  });
});
