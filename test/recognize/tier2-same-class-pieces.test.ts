/**
 * Tier 2 on generated dev parts (seed 101, committed in test/fixtures/synthetic/convention/): pieces of one pocket or
 * blind step that a crossing cut split, each of which already reads as the feature's class, are one instance
 * (docs/labelling.md, "Where a feature ends": pieces on the same surfaces stay one instance). Only through slots in
 * line across a cut stay apart, as the real labels count them (real tune D05).
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

async function instancesOf(name: string, cls: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const features = result.features.map((f) => ({ type: f.type, faces: f.faces.map(stepId).sort((a, b) => a - b) }));
  const truth = Object.values(labels.generator.instances).filter((i) => i.class === cls).map((i) => [...i.faces].sort((a, b) => a - b));
  return { truth, holder: (id: number) => features.find((f) => f.faces.includes(id)) };
}

describe('Tier 2: same-class pieces of one feature split by a crossing cut', () => {
  it('syn_s101_000006: a rectangular pocket whose two pieces each read as a pocket is one pocket of its twelve faces', async () => {
    const r = await instancesOf('syn_s101_000006', 'rectangular_pocket');
    const pocket = r.truth.find((t) => t.includes(1778))!;
    expect(pocket).toHaveLength(12);
    // before: two rectangular pockets of six faces each
    expect(r.holder(1778)).toEqual({ type: 'rectangular_pocket', faces: pocket });
  });

  it('syn_s101_000255: two circular blind steps, each in two pieces that read as steps, are one instance each', async () => {
    const r = await instancesOf('syn_s101_000255', 'circular_blind_step');
    expect(r.truth).toEqual([
      [2062, 2424, 2451],
      [2697, 2725, 2760, 2788],
    ]);
    for (const t of r.truth) expect(r.holder(t[0])).toEqual({ type: 'circular_blind_step', faces: t });
  });

  it('syn_s105_000004: a circular-end pocket whose two pieces each read as a circular-end pocket is one pocket', async () => {
    const r = await instancesOf('syn_s105_000004', 'circular_end_pocket');
    const pocket = r.truth.find((t) => t.length === 7)!;
    expect(pocket).toBeDefined();
    // before: two circular-end pockets (two faces and five), kept apart as a pocket beside a round-ended feature
    expect(r.holder(pocket[0])).toEqual({ type: 'circular_end_pocket', faces: pocket });
  });
});
