/**
 * Tier 2 on generated dev parts (seed 101; test/fixtures/synthetic/convention/, mfgen/4 labels): a concave cylinder
 * tangent to one plane and to convex tori — edge rounds on its rim turning round it — is not a blend of two faces
 * (session 10, `blend-faces.ts`, `isRoundCylinder`). It is a corner radius that lost a wall only when no stock side
 * along its axis meets it; a quarter-round slot end meets the stock side it opens to. A concave torus (a bull-nose
 * pocket's corner) is a blend the corner cylinder runs on into, and still counts as a face it blends.
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';

describe('Tier 2: a quarter-round slot end with rounded rims', () => {
  it('syn_s101_000124: the h slot whose rim rounds turn round its quarter-round ends is one h_circular_end_blind_slot (its ends were fillets)', async () => {
    const { part, result, labels } = await tier2OnConventionFixture('syn_s101_000124');
    const slot = Object.values(labels.generator.instances).find((i) => i.class === 'h_circular_end_blind_slot')!;
    expect(slot.faces).toEqual([17, 217, 994, 1118]);
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    for (const id of slot.faces) expect(result.faces[faceOf.get(id)!].className, `face ${id}`).toBe('h_circular_end_blind_slot');
    expect(new Set(slot.faces.map((id) => result.features.findIndex((f) => f.faces.includes(faceOf.get(id)!)))).size).toBe(1);
    // the two quarter-round ends: concave cylinders tangent to the slot's floor and to convex tori only, no blends
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    for (const id of [17, 1118]) {
      const f = ctx.graph.faces[faceOf.get(id)!];
      expect(f.kind).toBe('cylinder');
      expect(f.inward).toBe(true);
      expect(ctx.blend[f.index], `face ${id}`).toBeNull();
    }
    // the rim rounds themselves stay rounds, each one instance
    for (const inst of Object.values(labels.generator.instances).filter((i) => i.class === 'round')) {
      for (const id of inst.faces) expect(result.faces[faceOf.get(id)!].className, `round face ${id}`).toBe('round');
      expect(new Set(inst.faces.map((id) => result.features.findIndex((f) => f.faces.includes(faceOf.get(id)!)))).size).toBe(1);
    }
  });

  it('syn_s101_000070: a bull-nose pocket\'s corner cylinders tangent to one wall and a concave torus stay blends: the pocket stays rectangular', async () => {
    const { part, result, labels } = await tier2OnConventionFixture('syn_s101_000070');
    const pocket = Object.values(labels.generator.instances).find((i) => i.class === 'rectangular_pocket' && i.faces.includes(2003))!;
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    const corner = ctx.graph.faces[faceOf.get(2392)!];
    expect(corner.kind).toBe('cylinder');
    expect(ctx.blend[corner.index]).toBe('round');
    for (const id of pocket.faces) expect(result.faces[faceOf.get(id)!].className, `face ${id}`).toBe('rectangular_pocket');
  });
});
