/**
 * A convex curved face that meets every neighbour convexly is a piece of the part's outer skin (a bar's, a boss's, an
 * arc of a profile's outline), never the face of a cut: a groove's floor meets its walls concavely. Pieces of such a
 * skin on one surface, parted by a cut, used to be joined as fragments of one feature (O-rings and passages on OCCT
 * P04's turned bodies). Fixture: test/fixtures/outline/generate-bulged-plate.py (FreeCAD) — a plate whose outline
 * bulges as an r25 arc, parted by a notch cut through the plate. The notch opens the way the arc faces where it cuts
 * it (`stockDirsOf` in rule-context.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

// with the exact face measures, as the pipeline recognizes
const part = measureBrepFaces(buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/outline/bulged-plate.step', import.meta.url)))))).part;

describe('Tier 2: pieces of a convex outer skin', () => {
  it('calls both pieces of the bulged outline stock, not fragments of an O-ring, and the notch through them a through slot', async () => {
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const byFace = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    const arcs = part.faces.filter((f) => f.surface?.type === 'cylinder');
    expect(arcs).toHaveLength(2);
    for (const f of arcs) expect(byFace.get(f.index)).toBe('stock');
    expect(result.features.some((f) => f.type === 'Oring')).toBe(false);
    // the notch: two walls facing each other across 6 mm and its floor, square to the plate
    const notch = part.faces.filter((f) => f.surface?.type === 'plane' && f.area < 700);
    expect(notch).toHaveLength(3);
    // it opens through the arc pieces (no stock plane there): a through slot, not a passage closed on every side
    for (const f of notch) expect(byFace.get(f.index)).toBe('rectangular_through_slot');
  });
});
