/**
 * Tier 2 on generated dev parts (seed 101; test/fixtures/synthetic/convention/, mfgen/4 labels) where a triangular
 * blind step — a corner cut off by a slanted plane down to a floor — opens to two stock sides only, because another cut
 * took the stock on its third side (session 10, `blind-step-rule.ts`, rule `blind-step (two sides)`). Before, no open
 * rule took a depression with a slanted wall and two open sides, and the enclosed-pocket guess called it a pocket.
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { describeDepression } from '../../src/stages/recognize/tier2-heuristics/depression-shape.js';
import { blindStepRule } from '../../src/stages/recognize/tier2-heuristics/blind-step-rule.js';

/** Tier 2's answer for the true instance `faces` (step ids): every face's class, and how many features hold them. */
async function answerFor(name: string, faces: number[]) {
  const { part, result } = await tier2OnConventionFixture(name);
  const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
  const classes = faces.map((id) => result.faces[faceOf.get(id)!].className);
  const features = new Set(faces.map((id) => result.features.findIndex((f) => f.faces.includes(faceOf.get(id)!))));
  return { part, classes, features };
}

describe('Tier 2: a triangular blind step open to two sides only', () => {
  it('syn_s101_000055: a step cut where an earlier step\'s slanted face took its third side is one triangular blind step (was a rectangular pocket)', async () => {
    const { classes, features, part } = await answerFor('syn_s101_000055', [344, 816]);
    expect(classes).toEqual(['triangular_blind_step', 'triangular_blind_step']);
    expect(features.size).toBe(1);
    // its shape: a floor facing one of the two open sides, and one slanted wall standing on it
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    const floor = part.faces.findIndex((f) => f.stepId === 344);
    const dep = findDepressions(ctx).find((d) => d.faces.includes(floor))!;
    expect(dep.faces.map((i) => part.faces[i].stepId).sort((a, b) => a! - b!)).toEqual([344, 816]);
    const s = describeDepression(ctx, dep);
    expect(s.openDirs).toHaveLength(2);
    expect(s.throughAxes).toEqual([]);
    expect(s.bottoms).toEqual([floor]);
    const m = blindStepRule(ctx, dep)!;
    expect(m.rule).toBe('blind-step (two sides)');
    expect(m.bottomFaces).toEqual([floor]);
    // the step it opens into keeps its own three open sides
    const other = await answerFor('syn_s101_000055', [220, 883]);
    expect(other.classes).toEqual(['triangular_blind_step', 'triangular_blind_step']);
  });

  it('syn_s101_000317: a step whose top a later two-sided step took (open to the two sides its slanted wall faces between) is one triangular blind step', async () => {
    const { classes, features, part } = await answerFor('syn_s101_000317', [674, 701]);
    expect(classes).toEqual(['triangular_blind_step', 'triangular_blind_step']);
    expect(features.size).toBe(1);
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    const floor = part.faces.findIndex((f) => f.stepId === 674);
    const dep = findDepressions(ctx).find((d) => d.faces.includes(floor))!;
    const s = describeDepression(ctx, dep);
    // the floor faces neither open side: the stock above it is gone
    expect(s.openDirs).toHaveLength(2);
    expect(s.openDirs).not.toContain(s.dir.get(floor));
    expect(blindStepRule(ctx, dep)?.rule).toBe('blind-step (two sides)');
  });

  it('a depression of square faces open to two sides is not taken by the two-sides branch (syn_s101_000055\'s blind slot)', async () => {
    const { part } = await tier2OnConventionFixture('syn_s101_000055');
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    for (const dep of findDepressions(ctx)) {
      const m = blindStepRule(ctx, dep);
      if (m?.rule !== 'blind-step (two sides)') continue;
      // every match has a slanted face
      expect(describeDepression(ctx, dep).slanted.length).toBeGreaterThan(0);
    }
    const slot = part.faces.findIndex((f) => f.stepId === 391);
    const dep = findDepressions(ctx).find((d) => d.faces.includes(slot))!;
    expect(blindStepRule(ctx, dep)).toBeNull();
  });
});
