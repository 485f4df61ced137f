/**
 * Tier 2 on a generated dev part (seed 101; test/fixtures/synthetic/convention/, mfgen/4 labels) where a rounded
 * passage runs from a stock side out through a slanted through step's face (session 10, `blend-faces.ts`,
 * `isThroughCornerRadius`): its corner radii end on a stock face square to their axis at one end and on the tilted face
 * — on the part's hull, where it replaced the stock side — at the other. They are the cutter's corners, faces of the
 * passage (docs/labelling.md), not fillets; a corner ending on a face inside the part (another feature) stays a blend.
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { isThroughCornerRadius } from '../../src/stages/recognize/tier2-heuristics/blend-faces.js';
import { isHullPlane } from '../../src/stages/recognize/tier2-heuristics/stock-faces.js';

describe('Tier 2: corner radii of a passage running out through a slanted face', () => {
  it('syn_s101_000353: the rounded passage, corner cylinders included, is one rectangular_passage (its corners were fillets)', async () => {
    const { part, result, labels } = await tier2OnConventionFixture('syn_s101_000353');
    const passage = Object.values(labels.generator.instances).find((i) => i.class === 'rectangular_passage')!;
    const corners = [2003, 2030, 2210, 2237];
    for (const id of corners) expect(passage.faces).toContain(id);
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    for (const id of passage.faces) expect(result.faces[faceOf.get(id)!].className, `face ${id}`).toBe('rectangular_passage');
    expect(new Set(passage.faces.map((id) => result.features.findIndex((f) => f.faces.includes(faceOf.get(id)!)))).size).toBe(1);

    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    const slanted = ctx.graph.faces[faceOf.get(489)!];
    // the slanted face: on the hull, neither stock nor square to the corners' axis
    expect(isHullPlane(ctx.graph, slanted)).toBe(true);
    expect(ctx.isStock[slanted.index]).toBe(false);
    for (const id of corners) {
      const f = ctx.graph.faces[faceOf.get(id)!];
      expect(Math.abs(f.axis![0] * slanted.normal![0] + f.axis![1] * slanted.normal![1] + f.axis![2] * slanted.normal![2])).toBeLessThan(0.9995);
      expect(isThroughCornerRadius(ctx.graph, ctx.isStock, f), `corner ${id}`).toBe(true);
      expect(ctx.blend[f.index], `corner ${id}`).toBeNull();
    }
    // a pocket's floor is inside the part: not a hull plane
    expect(isHullPlane(ctx.graph, ctx.graph.faces[faceOf.get(2536)!])).toBe(false);
  });
});
