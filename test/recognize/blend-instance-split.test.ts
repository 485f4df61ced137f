/**
 * The blend pass (src/stages/recognize/blend-instances.ts) on generated dev parts (seed 107, committed in
 * test/fixtures/synthetic/convention/): a tier's blend feature holds together only where its faces touch. Chamfers
 * that another pass left apart — the hole pass took the countersink cone their Tier 2 chain ran through, or joined the
 * cone pieces of one edge break that a cut took apart — are one chamfer per piece, as docs/labelling.md has it ("One
 * blend operation": chains that do not meet are separate unless their sharp meetings close a loop).
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

/** Tier 2's chamfer features and the generator's (STEP face ids, sorted). */
async function chamfersOf(name: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const sorted = (xs: number[][]) => xs.map((x) => [...x].sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
  return {
    predicted: sorted(result.features.filter((f) => f.type === 'chamfer').map((f) => f.faces.map(stepId))),
    truth: sorted(Object.values(labels.generator.instances).filter((i) => i.class === 'chamfer').map((i) => i.faces)),
  };
}

describe('blend pass: a tier blend feature whose faces fell apart', () => {
  it('syn_s107_000159: four rim chamfers of a pocket whose Tier 2 chain ran through a countersink cone (now the hole\'s) are four chamfers', async () => {
    const r = await chamfersOf('syn_s107_000159');
    expect(r.truth).toEqual([[520], [725], [779], [828]]);
    // before: one chamfer of the four (the chain's two ends, left apart by the hole pass, closed a "loop" with the others)
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s107_000210: the pieces of a hole\'s edge-break cone that a cut took apart are one chamfer each; the pieces that meet stay one', async () => {
    const r = await chamfersOf('syn_s107_000210');
    expect(r.truth).toEqual([[168], [2740, 2765], [2904]]);
    // before: the hole pass made the cone's three faces one chamfer
    expect(r.predicted).toEqual(r.truth);
  });
});
