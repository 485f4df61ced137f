/**
 * An L bracket with an r5 fillet inside its bend (session 15; fixture test/fixtures/blend/make-bracket.py, FreeCAD).
 * Tier 2 reads the L as a block with a through step cut out and the fillet as that step's corner radius; the base-body
 * pass returns the step's two walls to the body (stock), which left the fillet alone as a one-face
 * `rectangular_through_step`. A fillet between two of the body's faces is a `round` (docs/labelling.md, "Fillets and
 * chamfers"), and the base-body pass now says so. The obround slot and the hole stay what they were.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/blend/l-bracket.step', import.meta.url)))));
/** The bend fillet: the one cylinder of radius 5. */
const fillet = part.faces.findIndex((f) => f.surface?.type === 'cylinder' && Math.abs(f.surface.radius - 5) < 1e-6);

describe('base-body pass: the fillet inside an L bracket\'s bend', () => {
  it('is a round feature of its own, the faces it blends stock', async () => {
    expect(fillet).toBeGreaterThanOrEqual(0);
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const cls = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    expect(cls.get(fillet)).toBe('round');
    const round = result.features.find((f) => f.faces.includes(fillet))!;
    expect(round.type).toBe('round');
    expect(round.faces).toEqual([fillet]);
    expect(round.parameters.radiusMm).toBeCloseTo(5, 3);
    for (const ai of part.aag.neighbours[fillet]) {
      const arc = part.aag.arcs[ai];
      const other = arc.a === fillet ? arc.b : arc.a;
      if (arc.dihedralDeg < 6) expect(cls.get(other), `blended face ${other}`).toBe('stock');
    }
    expect(result.features.filter((f) => f.type === 'rectangular_through_step')).toHaveLength(0);
    expect(result.features.filter((f) => f.type === 'rectangular_passage')).toHaveLength(1);
    expect(result.features.filter((f) => f.type === 'through_hole')).toHaveLength(1);
  });
});
