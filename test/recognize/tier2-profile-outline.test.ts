/**
 * A through step's walls on a thin plate's outline: an L profile's inner walls (the part reaches far beyond them: the
 * other arm) are the profile's outline, stock; a step cut at a corner (the part reaches little beyond) stays a step
 * (`MIN_PROFILE_CUTAWAY_SHARE` in base-body-stock.ts; docs/labelling.md, "Profiled plates"). Fixtures:
 * test/fixtures/outline/generate-profiled-plates.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

// with the exact face measures, as the pipeline recognizes
const fixture = (name: string): Part =>
  measureBrepFaces(buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/outline/${name}`, import.meta.url)))))).part;

async function tier2Classes(part: Part): Promise<Map<number, string>> {
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
  return new Map(result.faces.map((f) => [f.faceIndex, f.className]));
}

/** The two walls of the cut-away corner: planes square to the plate, meeting each other concavely at x = 50, y = 40 (L) or x = 92, y = 74 (corner step). */
const innerWalls = (part: Part, x: number, y: number) =>
  part.faces.filter((f) => {
    const s = f.surface;
    if (s?.type !== 'plane') return false;
    const { z, origin } = s.frame;
    return (Math.abs(Math.abs(z[0]) - 1) < 1e-9 && Math.abs(origin[0] - x) < 1e-6) || (Math.abs(Math.abs(z[1]) - 1) < 1e-9 && Math.abs(origin[1] - y) < 1e-6);
  });

describe('Tier 2: through steps on a plate outline', () => {
  it('calls the inner walls of an L profile stock and its holes through holes', async () => {
    const part = fixture('l-plate.step');
    const classes = await tier2Classes(part);
    const walls = innerWalls(part, 50, 40);
    expect(walls).toHaveLength(2);
    for (const f of walls) expect(classes.get(f.index)).toBe('stock');
    const holes = part.faces.filter((f) => f.surface?.type === 'cylinder');
    expect(holes).toHaveLength(2);
    for (const f of holes) expect(classes.get(f.index)).toBe('through_hole');
  });

  it('keeps a step cut at a plate corner a through step', async () => {
    const part = fixture('corner-step-plate.step');
    const classes = await tier2Classes(part);
    const walls = innerWalls(part, 92, 74);
    expect(walls).toHaveLength(2);
    for (const f of walls) expect(classes.get(f.index)).toBe('rectangular_through_step');
  });
});
