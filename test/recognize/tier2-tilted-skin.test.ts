/**
 * Tier 2 on a generated part (seed 101, the dev seed; test/fixtures/synthetic/convention/, mfgen/4 labels) where a
 * slanted through step replaced a side of the stock and a later cut opens through the tilted face (session 9): the
 * cut's walls meet the tilted face where they would have met the stock side, so the opening counts as that side's
 * (`skinSideDirs`, `stockDirsOf` in rule-context.ts) — only for a cut that meets no stock face at all.
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';

describe('Tier 2: cuts opening through a slanted step\'s face', () => {
  it('syn_s101_000082: a pocket cut into the slanted face is one rectangular pocket (was other_feature and a round)', async () => {
    const { part, result, labels } = await tier2OnConventionFixture('syn_s101_000082');
    const pocket = Object.values(labels.generator.instances).find((i) => i.class === 'rectangular_pocket')!;
    expect(pocket.faces).toEqual([390, 438, 488, 536]);
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    const featureOf = (id: number) => result.features.findIndex((f) => f.faces.includes(faceOf.get(id)!));
    for (const id of pocket.faces) expect(result.faces[faceOf.get(id)!].className, `face ${id}`).toBe('rectangular_pocket');
    expect(new Set(pocket.faces.map(featureOf)).size).toBe(1);
  });

  it('syn_s101_000082: the slanted face leans towards two stock sides, and the pocket opens to the one its walls run along', async () => {
    const { part } = await tier2OnConventionFixture('syn_s101_000082');
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    const slanted = part.faces.findIndex((f) => f.stepId === 561);
    expect(ctx.skinDirs[slanted]).toHaveLength(2);
    // stock faces and every other face have none
    expect(ctx.skinDirs.filter((d) => d.length > 0)).toHaveLength(1);
    const floor = part.faces.findIndex((f) => f.stepId === 390);
    const dep = findDepressions(ctx).find((d) => d.faces.includes(floor))!;
    expect([...dep.stockDirs]).toHaveLength(1);
    expect(ctx.skinDirs[slanted]).toContain([...dep.stockDirs][0]);
  });
});
