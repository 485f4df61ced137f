/**
 * A drill point that breaks out through a wall (test/fixtures/brep-area/drill-point-cone.step, generated plate
 * `--plates` seed 203 part 72): the wall cuts the cone along a hyperbola, so the cone's apex is gone and it meets the
 * wall along a convex edge. Since the STEP reader reads HYPERBOLA edges (session 24) that edge has a convexity, and
 * Tier 2's hole rule took such a cone for an entry countersink (`chamfer`) and the hole for a through hole; the hole
 * pass took it for an exit chamfer. A drill point narrows from the drill's radius; a countersink widens from it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { isDrillPoint } from '../../src/features/parameters/hole-axis.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';

const file = new URL('../fixtures/brep-area/drill-point-cone.step', import.meta.url);
/** The two drill-point cones whose apex the plate's wall took (face indices of the built Part). */
const DRILL_POINTS = [20, 22];

describe('a drill point breaking out through a wall closes a blind hole', () => {
  it('isDrillPoint: a cone narrowing from the drill radius is one; a cone widening from it (a countersink) is not', () => {
    expect(isDrillPoint({ rMin: 1.2, rMax: 3 }, 3, 0.01)).toBe(true);
    expect(isDrillPoint({ rMin: 0, rMax: 3 }, 3, 0.01)).toBe(true);
    expect(isDrillPoint({ rMin: 3, rMax: 5 }, 3, 0.01)).toBe(false);
    expect(isDrillPoint({ rMin: 3.5, rMax: 5 }, 3, 0.01)).toBe(false);
  });

  it("Tier 2's path: the cones and their holes are blind holes, no chamfer", async () => {
    const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(file))));
    for (const i of DRILL_POINTS) expect(part.faces[i].surfaceType).toBe('cone');
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const classOf = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    for (const i of DRILL_POINTS) expect(classOf.get(i), `face ${i}`).toBe('blind_hole');
    for (const i of DRILL_POINTS) {
      const hole = result.features.find((f) => f.faces.includes(i));
      expect(hole?.type, `feature of face ${i}`).toBe('blind_hole');
      expect(hole!.faces.some((fi) => part.faces[fi].surfaceType === 'cylinder')).toBe(true);
    }
  });

  const analyzer = createNodeAnalyzer({ mesh: 'never' });
  afterAll(() => analyzer.dispose());
  it('the default pipeline says the same', async () => {
    const { result } = await analyzer.analyzeDetailed(new Uint8Array(readFileSync(file)), { name: 'drill-point-cone.step' });
    const classOf = new Map(result.recognition!.faces.map((f) => [f.faceIndex, f.className]));
    for (const i of DRILL_POINTS) expect(classOf.get(i), `face ${i}`).toBe('blind_hole');
  });
});
