/**
 * An L bracket with an r5 fillet inside its bend (session 15; fixture test/fixtures/blend/make-bracket.py, FreeCAD).
 * Tier 2 reads the L as a block with a through step cut out and the fillet as that step's corner radius; the base-body
 * pass returns the step's two walls to the body (stock), which left the fillet alone as a one-face
 * `rectangular_through_step`. A fillet between two of the body's faces is a `round` (docs/labelling.md, "Fillets and
 * chamfers"), and the base-body pass now says so. The obround slot and the hole stay what they were.
 * Session 22: also when the walls reach the pass already stock (another tier's stock call won them in the combination,
 * as on generated profiled plates' concave outline corners) and the step the tier found is the fillet alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { applyBaseBodyStock, createHeuristicRecognizer, runRecognizers, type RecognitionOutput } from '../../src/stages/recognize/index.js';
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

  it('is a round also when its walls were stock before the pass and the step the tier found is the fillet alone', async () => {
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    // the answer a tier combination can hand the pass: the blended walls stock already, the fillet a one-face through step
    const step = { type: 'rectangular_through_step', classId: 8, faces: [fillet], bottomFaces: [], confidence: 0.6, parameters: {} };
    const handed: RecognitionOutput = {
      ...result,
      faces: result.faces.map((f) => (f.faceIndex === fillet ? { ...f, classId: 8, className: 'rectangular_through_step', probability: 0.6 } : f)),
      features: [...result.features.filter((f) => !f.faces.includes(fillet)), step],
    };
    const out = applyBaseBodyStock(part, handed);
    expect(out.faces.find((f) => f.faceIndex === fillet)!.className).toBe('round');
    const round = out.features.find((f) => f.faces.includes(fillet))!;
    expect(round.type).toBe('round');
    expect(round.parameters.radiusMm).toBeCloseTo(5, 3);
  });
});
