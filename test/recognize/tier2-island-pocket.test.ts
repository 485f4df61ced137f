/**
 * A pocket with an island (docs/recognition.md, "Session 14"): material the cutter went round stands in the pocket, its
 * wall a convex cylinder. The island does not give the pocket's outline a round end: the pocket is rectangular, as its
 * walls are. Fixture: test/fixtures/pocket/make-fixtures.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const ctx = testRecognizeContext;

describe('Tier 2: a pocket with an island', () => {
  it('is one rectangular pocket holding its walls, floor and the island\'s wall', async () => {
    const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/pocket/island-pocket.step', import.meta.url)))));
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
    const island = part.faces.find((f) => f.surface?.type === 'cylinder')!;
    const pocket = result.features.find((f) => f.faces.includes(island.index))!;
    expect(pocket.type).toBe('rectangular_pocket');
    expect(pocket.faces).toHaveLength(6); // four walls, the floor, the island's wall
    expect(pocket.parameters.depthMm).toBeCloseTo(10, 6);
    expect(result.faces.filter((f) => f.className === 'circular_end_pocket')).toHaveLength(0);
  });
});
