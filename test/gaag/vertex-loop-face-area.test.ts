/**
 * A face bounded only by a vertex loop (a whole sphere: STEP's VERTEX_LOOP at a pole, as in the balls of the OCCT
 * sample P05's bearing) is the whole surface. Its uv boundary had no loop, so its exact area read 0. Reference values
 * from OpenCascade 7.6 (FreeCAD's Part module: Face.Area, Face.CenterOfMass) on the same file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import type { Part } from '../../src/model/index.js';
import { REPO_DIR } from '../support/shared-data.js';

function load(path: string | URL): Part {
  return buildPartFromStep(readStep(new Uint8Array(readFileSync(path))));
}

describe('a sphere bounded by a vertex loop (vertex-loop-sphere.step, hand-written)', () => {
  const { part, unmeasured } = measureBrepFaces(load(new URL('../fixtures/brep-area/vertex-loop-sphere.step', import.meta.url)));

  it('is the whole sphere: area 4π·3² = 113.097335529 mm² and centroid at the centre (1, 2, 3)', () => {
    expect(part.faces[0].surface?.type).toBe('sphere');
    expect(part.faces[0].bounds.every((b) => b.coedges.length === 0)).toBe(true);
    expect(unmeasured).toEqual([]);
    expect(part.faces[0].area).toBeCloseTo(113.097335529, 6);
    part.faces[0].centroid.forEach((c, k) => expect(c).toBeCloseTo([1, 2, 3][k], 9));
  });
});

const P05 = join(REPO_DIR, '.cache', 'occt-samples', 'P05__axis_of_bearing.step');

describe.skipIf(!existsSync(P05))(`the bearing balls of OCCT sample P05${existsSync(P05) ? '' : ' — skipped: .cache/occt-samples not fetched'}`, () => {
  it('faces 23 to 34 are whole spheres of radius 2: 50.2655 mm² each, as OpenCascade measures them', () => {
    const { part } = measureBrepFaces(load(P05));
    for (let i = 23; i <= 34; i++) {
      expect(part.faces[i].surface?.type).toBe('sphere');
      expect(part.faces[i].area).toBeCloseTo(50.265482457, 5);
    }
  });
});
