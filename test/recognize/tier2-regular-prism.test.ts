/**
 * Sides of a regular polygonal prism (docs/recognition.md, "Session 14: hexagon flats"): a hexagon nut's or bar's flats
 * turn by 60° and an octagon's by 45°, both chamfer angles, so flats turned from the frame the largest planes set read
 * as chamfers (and, once not chamfers, as slanted through steps). Alike sides all on the hull are the bar's outline:
 * stock. A block whose corners carry chamfers has a ring of sides that are not alike: its chamfers stay chamfers.
 * Fixtures: test/fixtures/prism/make-fixtures.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { regularPrismRing } from '../../src/stages/recognize/tier2-heuristics/regular-prism-ring.js';

const ctx = testRecognizeContext;
const fixture = (name: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/prism/${name}`, import.meta.url)))));

async function tier2Classes(part: Part): Promise<string[]> {
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
  const byFace = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
  return part.faces.map((f) => byFace.get(f.index) ?? 'none');
}

const planarSides = (part: Part) => {
  const g = buildFeatureGraphFromPart(part);
  return { g, sides: g.faces.filter((f) => f.kind === 'plane' && f.normal && Math.abs(f.normal[2]) < 1e-6) };
};

describe('Tier 2: sides of a regular polygonal prism', () => {
  it('finds the six flats of a hexagon nut as one ring, from any flat', () => {
    const { g, sides } = planarSides(fixture('hex-nut.step'));
    expect(sides).toHaveLength(6);
    for (const f of sides) expect(new Set(regularPrismRing(g, f)?.map((o) => o.index))).toEqual(new Set(sides.map((o) => o.index)));
  });

  it('calls every flat of the nut stock, none a chamfer or a slanted step; the bore stays a through hole', async () => {
    const part = fixture('hex-nut.step');
    const classes = await tier2Classes(part);
    const { sides } = planarSides(part);
    for (const f of sides) expect(classes[f.index]).toBe('stock');
    const bore = part.faces.find((f) => f.surface?.type === 'cylinder')!;
    expect(classes[bore.index]).toBe('through_hole');
  });

  it('calls the octagon bar\'s sides stock, the two flats with the cross hole\'s openings too; the holes stay holes', async () => {
    const part = fixture('octagon-bar.step');
    const classes = await tier2Classes(part);
    const { g, sides } = planarSides(part);
    expect(sides).toHaveLength(8);
    for (const f of sides) expect(regularPrismRing(g, f)).toHaveLength(8);
    for (const f of sides) expect(classes[f.index]).toBe('stock');
    const holes = part.faces.filter((f) => f.surface?.type === 'cylinder');
    expect(holes.length).toBeGreaterThanOrEqual(2);
    for (const f of holes) expect(classes[f.index]).toBe('through_hole');
  });

  it('keeps the corner chamfers of a block: its ring of eight sides is not alike', async () => {
    const part = fixture('chamfered-block.step');
    const { g, sides } = planarSides(part);
    expect(sides).toHaveLength(8);
    for (const f of sides) expect(regularPrismRing(g, f)).toBeNull();
    const classes = await tier2Classes(part);
    expect(classes.filter((c) => c === 'chamfer')).toHaveLength(4);
  });
});
