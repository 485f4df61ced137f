/**
 * Free-form blends (docs/recognition.md, "Session 13"): fillets made as B-spline surfaces — variable-radius fillets, and
 * cast or printed parts' fillets as many CAD tools export them — are blends to Tier 2 like cylinder and torus fillets:
 * a free-form face tangent to its neighbours along (nearly) all its boundary is a `round`, hollow on its outer side
 * (`hollow`) when it fills a concave edge, and it joins or opens a depression as an analytic fillet would. A free-form
 * skin, which meets its neighbours along sharp edges, is not a blend. On a FreeCAD-built L-block with variable-radius
 * fillets (test/fixtures/blend/make-fixtures.py) and on a real part with B-spline stock faces (D11, shared data).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { isFreeformBlend, isHollowFreeformBlend } from '../../src/stages/recognize/tier2-heuristics/blend-faces.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
const load = (bytes: Uint8Array): Part => buildPartFromStep(readStep(bytes));
const fixture = () => load(new Uint8Array(readFileSync(new URL('../fixtures/blend/freeform-blends.step', import.meta.url))));

async function tier2Classes(part: Part): Promise<Map<number, string>> {
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
  return new Map(result.faces.map((f) => [f.stepId ?? -1, f.className]));
}

describe('Tier 2: blends made as free-form surfaces', () => {
  it('reads the variable-radius fillets of an L-block as blends: the concave one hollow outside, the convex one not', () => {
    const part = fixture();
    const g = buildFeatureGraphFromPart(part);
    const bsplines = part.faces.filter((f) => f.surface?.type === 'bspline').map((f) => g.faces[f.index]);
    expect(bsplines).toHaveLength(2);
    for (const f of bsplines) expect(isFreeformBlend(g, f)).toBe(true);
    // the fillet in the L's inner corner sits above the base top (z = 20); the round on the base's end edge below it
    const meanZ = (f: (typeof bsplines)[number]) => {
      let z = 0;
      for (let i = 2; i < f.boundary!.length; i += 3) z += f.boundary![i];
      return z / (f.boundary!.length / 3);
    };
    const concave = bsplines.find((f) => meanZ(f) > 20)!;
    const convex = bsplines.find((f) => meanZ(f) < 20)!;
    expect(concave.hollow).toBe(1);
    expect(convex.hollow).toBe(-1);
    expect(isHollowFreeformBlend(g, concave)).toBe(true);
    expect(isHollowFreeformBlend(g, convex)).toBe(false);
  });

  it('answers the L-block as it answers the same block with constant-radius (cylinder) fillets: a through step and a round', async () => {
    const part = fixture();
    const classes = await tier2Classes(part);
    const bspline = new Set(part.faces.filter((f) => f.surface?.type === 'bspline').map((f) => f.stepId));
    const g = buildFeatureGraphFromPart(part);
    const convex = part.faces.find((f) => bspline.has(f.stepId) && g.faces[f.index].hollow === -1)!;
    expect(classes.get(convex.stepId!)).toBe('round');
    // the base top, the upright's inner wall and the fillet between them: the step the upright leaves (the fillet is its
    // corner radius, as a cylinder fillet there is); the six faces on the block's hull stay stock
    const counts: Record<string, number> = {};
    for (const c of classes.values()) counts[c] = (counts[c] ?? 0) + 1;
    expect(counts).toEqual({ stock: 6, rectangular_through_step: 3, round: 1 });
    expect([...classes.values()]).not.toContain('other_feature');
  });

  describe.skipIf(!HAS_SHARED)(sharedTitle("a real part's free-form skin stays stock"), () => {
    it('D11: the four B-spline faces of the gripper jaw (labelled stock) are not blends and not rounds', async () => {
      const dir = join(REALWORLD_DIR, 'parts');
      const file = readdirSync(dir).find((f) => f.startsWith('D11__'))!;
      const part = load(new Uint8Array(readFileSync(join(dir, file))));
      const g = buildFeatureGraphFromPart(part);
      const skin = part.faces.filter((f) => f.surface?.type === 'bspline');
      expect(skin.map((f) => f.stepId).sort((a, b) => a! - b!)).toEqual([568, 1010, 1034, 1839]);
      for (const f of skin) expect(isFreeformBlend(g, g.faces[f.index])).toBe(false);
      const classes = await tier2Classes(part);
      for (const f of skin) expect(classes.get(f.stepId!)).not.toBe('round');
    });
  });
});
