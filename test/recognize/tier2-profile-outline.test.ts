/**
 * A through step's walls on a thin plate's outline: an L profile's inner walls (the part reaches far beyond them: the
 * other arm) are the profile's outline, stock; a step cut at a corner (the part reaches little beyond) stays a step
 * (`MIN_PROFILE_CUTAWAY_SHARE` in base-body-stock.ts; docs/labelling.md, "Profiled plates"). Fixtures:
 * test/fixtures/outline/generate-profiled-plates.py and generate-edge-broken-plates.py (FreeCAD).
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

  it('calls the inner walls of an L profile stock when its outline edges are broken (chamfered on top, rounded below)', async () => {
    const part = fixture('l-plate-edge-break.step');
    const classes = await tier2Classes(part);
    const walls = innerWalls(part, 50, 40);
    expect(walls).toHaveLength(2);
    for (const f of walls) expect(classes.get(f.index)).toBe('stock');
    // the breaks themselves stay edge breaks
    const kinds = part.faces.map((f) => f.surface?.type);
    expect(kinds.filter((k) => k === 'cylinder')).toHaveLength(6);
    for (const f of part.faces) if (f.surface?.type === 'cylinder') expect(classes.get(f.index)).toBe('round');
  });

  it('calls a notch cut into an L profile\'s inner wall a through slot, its inner wall the floor', async () => {
    const part = fixture('l-plate-notch.step');
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const classes = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    const sides = innerWalls(part, 70, -1).concat(innerWalls(part, 80, -1));
    const floor = innerWalls(part, -1, 32);
    expect(sides).toHaveLength(2);
    expect(floor).toHaveLength(1);
    const notch = result.features.find((f) => f.faces.includes(floor[0].index));
    expect(notch?.type).toBe('rectangular_through_slot');
    expect([...notch!.faces].sort()).toEqual([...sides, ...floor].map((f) => f.index).sort());
    expect(notch!.bottomFaces).toEqual([floor[0].index]);
    // the two pieces of the inner wall either side of the notch, and the L's other inner wall, stay the outline
    const wallPieces = innerWalls(part, 50, 40);
    expect(wallPieces).toHaveLength(3);
    for (const f of wallPieces) expect(classes.get(f.index)).toBe('stock');
  });

  it('calls a 45° corner cut of the outline a chamfer when a round of the top outline edge runs over it', async () => {
    const part = fixture('chamfered-corner-plate.step');
    const classes = await tier2Classes(part);
    const cuts = part.faces.filter((f) => f.surface?.type === 'plane' && Math.abs(Math.abs(f.surface.frame.z[0]) - Math.SQRT1_2) < 1e-6);
    expect(cuts).toHaveLength(1);
    expect(classes.get(cuts[0].index)).toBe('chamfer');
    const rounds = part.faces.filter((f) => f.surface?.type === 'cylinder');
    expect(rounds).toHaveLength(5);
    for (const f of rounds) expect(classes.get(f.index)).toBe('round');
  });
});
