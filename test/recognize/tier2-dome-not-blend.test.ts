/**
 * A sphere or torus tangent to a neighbour is a blend only when it is fillet-sized for its part (docs/recognition.md,
 * "Session 14"): a cast cover's dome meets its base fillet tangentially, as a corner ball meets its fillets, but it is
 * the body. Fixture: test/fixtures/blend/make-fixtures.py (`dome-cover.step`, FreeCAD): a flange with a r35 dome whose
 * base is filleted r3.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const ctx = testRecognizeContext;

describe('Tier 2: a dome is not a blend', () => {
  it('reads the cover\'s base fillet as a round and its dome as no round', async () => {
    const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/blend/dome-cover.step', import.meta.url)))));
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
    const classOf = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    const dome = part.faces.filter((f) => f.surface?.type === 'sphere');
    const fillet = part.faces.filter((f) => f.surface?.type === 'bspline');
    expect(dome).toHaveLength(1);
    expect(fillet).toHaveLength(1);
    expect(classOf.get(dome[0].index)).not.toBe('round');
    expect(classOf.get(fillet[0].index)).toBe('round');
    // the round feature holds the fillet alone
    const rounds = result.features.filter((x) => x.type === 'round');
    expect(rounds.map((x) => x.faces)).toEqual([[fillet[0].index]]);
  });
});
