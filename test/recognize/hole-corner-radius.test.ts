/**
 * Holes whose floor or shoulder edge has a corner radius (docs/recognition.md, "Session 14"): an end mill leaves a torus
 * between a flat-bottomed hole's wall and its floor, or between a counterbore's wall and its shoulder. The corner is a
 * face of the hole (docs/labelling.md: "corner radii produced by the cutter that made a feature stay in that feature").
 * Before, the torus cut the stack apart: the wall read as a through hole, the floor as a blind hole of depth 0, the
 * torus as a round. Fixture: test/fixtures/holes/make-fixtures.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const ctx = testRecognizeContext;
const plate = (): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/holes/filleted-holes.step', import.meta.url)))));
const radius = (part: Part, i: number) => {
  const s = part.faces[i].surface;
  return s?.type === 'cylinder' ? s.radius : s?.type === 'torus' ? s.minorRadius : null;
};

describe('holes with a corner radius at the floor or shoulder', () => {
  it('reads the flat-bottomed hole as one blind hole: wall, corner radius and floor, 10 mm deep', async () => {
    const part = plate();
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
    const wall = part.faces.find((f) => radius(part, f.index) === 5)!;
    const hole = result.features.find((f) => f.faces.includes(wall.index))!;
    expect(hole.type).toBe('blind_hole');
    expect(hole.faces).toHaveLength(3);
    expect(hole.faces.some((i) => part.faces[i].surface?.type === 'torus')).toBe(true);
    expect(hole.parameters.diameterMm).toBeCloseTo(10, 6);
    expect(hole.parameters.depthMm).toBeCloseTo(10, 6);
    for (const i of hole.faces) expect(result.faces.find((f) => f.faceIndex === i)?.className).toBe('blind_hole');
  });

  it('reads the counterbored hole as one counterbored through hole with its corner radius in the counterbore', async () => {
    const part = plate();
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
    const drill = part.faces.find((f) => radius(part, f.index) === 4)!;
    const hole = result.features.find((f) => f.faces.includes(drill.index))!;
    expect(hole.type).toBe('counterbored_hole');
    expect(hole.parameters.diameterMm).toBeCloseTo(8, 6);
    expect(hole.parameters.counterboreDiameterMm).toBeCloseTo(16, 6);
    expect(hole.parameters.counterboreDepthMm).toBeCloseTo(8, 6);
    const corner = part.faces.find((f) => f.surface?.type === 'torus' && radius(part, f.index) === 1)!;
    expect(hole.composite?.segments.find((s) => s.kind === 'counterbore')?.faces).toContain(corner.index);
    expect(result.features.filter((f) => f.type === 'round')).toHaveLength(0);
  });
});
