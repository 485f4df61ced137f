/**
 * A cylinder face bounded by its two end circles as separate loops, without a seam edge (as NIST's test parts write
 * it), with a cross hole through it: cadlens closes the two rings into one band, and the band must run in the sense
 * of the face's loops so that the holes' areas subtract. The band's sense was fixed (up in u, then down) whatever the
 * rings' senses, so on half such faces the holes added instead (NIST ftc 10: four faces 1.7 % too large).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

// test/fixtures/brep-area/generate-band-with-holes.py: a bar of radius 10 and height 30 with a cross hole of radius 2
const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/brep-area/band-with-holes.step', import.meta.url)))));
/**
 * OpenCascade 7.6's Face.Area of the side face on the solid before it was written (the generator prints it; its
 * reading of the rewritten file is no reference). The uncut side is 2π·10·30 = 1884.956 mm².
 */
const SIDE_AREA_MM2 = 1859.719690624;

describe('a band between two seamless rings, with a cross hole (band-with-holes.step)', () => {
  const side = part.faces.findIndex((f) => f.surface?.type === 'cylinder' && f.surface.radius === 10);

  it('the side face is bounded by the two circles as loops of their own and the two hole loops, without PCURVEs', () => {
    expect(side).toBeGreaterThanOrEqual(0);
    expect(part.faces[side].bounds.map((b) => b.coedges.length)).toEqual([1, 1, 1, 1]);
    expect(part.edges.every((e) => e.pcurves.length === 0)).toBe(true);
  });

  it('its exact area has the holes cut out, as OpenCascade measures it (within 1e-4; the holes are sampled)', () => {
    const { part: measured } = measureBrepFaces(part);
    expect(Math.abs(measured.faces[side].area / SIDE_AREA_MM2 - 1)).toBeLessThan(1e-4);
  });
});
