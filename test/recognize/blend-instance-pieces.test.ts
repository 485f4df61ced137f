/**
 * The blend pass (src/stages/recognize/blend-instances.ts) on generated dev parts (seed 101, committed in
 * test/fixtures/synthetic/convention/): a fillet loop round a pocket floor that a later cut broke — its pieces on one
 * cylinder, each meeting the cut along sharp edges — is still one `round` instance (docs/labelling.md, "Where a feature
 * ends": pieces on the same surface stay one instance), while coaxial fillet pieces that meet no common cut (only a
 * blend between them) stay apart. A free-form corner patch links the fillets it meets within 8°.
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

/** Tier 2's features as STEP face ids, and the generator's round instances (STEP face ids). */
async function roundsOf(name: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const features = result.features.map((f) => ({ type: f.type, faces: f.faces.map(stepId).sort((a, b) => a - b) }));
  const truth = Object.values(labels.generator.instances).filter((i) => i.class === 'round').map((i) => [...i.faces].sort((a, b) => a - b));
  const holder = (id: number) => features.find((f) => f.faces.includes(id));
  return { features, truth, holder };
}

describe('blend pass: pieces of one fillet a later cut took apart', () => {
  it('syn_s101_000284: the floor fillet loop of a pocket, broken by a hexagonal pocket (5 cylinders, 4 mitres), is one round', async () => {
    const r = await roundsOf('syn_s101_000284');
    const loop = r.truth.find((t) => t.includes(2509))!;
    expect(loop).toEqual([2416, 2509, 2777, 2869, 2907]);
    // before: five one-face rounds (the loop is open where the cut took a corner, so the mitres alone close no loop)
    expect(r.holder(2509)).toEqual({ type: 'round', faces: loop });
  });

  it('syn_s101_000148: a floor fillet loop crossed by a through hole is one round of its six faces', async () => {
    const r = await roundsOf('syn_s101_000148');
    const loop = r.truth.find((t) => t.includes(2541))!;
    expect(loop).toHaveLength(6);
    expect(r.holder(2541)).toEqual({ type: 'round', faces: loop });
  });

  it('syn_s101_000339: a floor fillet loop whose free-form corner patch meets the next fillet at about 7° is one round', async () => {
    const r = await roundsOf('syn_s101_000339');
    const loop = r.truth.find((t) => t.includes(1793))!;
    expect(loop).toEqual([1134, 1289, 1397, 1643, 1793, 1833]);
    // before: the patch 1397 and fillet 1793 were two chains (> 6°), so the mitres closed no loop: three rounds
    expect(r.holder(1793)).toEqual({ type: 'round', faces: loop });
  });

  it('syn_s101_000097: two coaxial fillet pieces with only a blend between them (no common cut) stay two instances, as labelled', async () => {
    const r = await roundsOf('syn_s101_000097');
    expect(r.truth).toContainEqual([3194, 3533]);
    expect(r.truth).toContainEqual([4455, 4489]);
    expect(r.holder(3194)).toEqual({ type: 'round', faces: [3194, 3533] });
    expect(r.holder(4489)).toEqual({ type: 'round', faces: [4455, 4489] });
  });
});
