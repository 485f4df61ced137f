/**
 * Tier 2 on slanted through steps that later cuts reached (session 13; seed 109 dev parts copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). A slanted step's face is one tilted plane across a side of
 * the stock. Where another cut took its concave corner, its edges are all convex; where a cut parted it, it is in
 * pieces; where another slanted step cut its far end, it opens to one side only. Before, the pieces read as a
 * two-sided step and the one-sided face as a V slot (`through-slot-rule.ts`: a V needs two walls), and the base-body
 * pass then turned the all-convex face to stock (`stock-skin.ts`, `convexFaceStockFaces`), though it lies on the
 * convex hull tilted against the stock's frame: a slanted cut across the stock, not its skin.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: a slanted through step cut by later features', () => {
  it('syn_s109_000240: two slanted steps on adjacent sides, each running into the other: both slanted steps', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s109_000240');
    for (const k of ['0', '2']) {
      const step = labels.generator.instances[k];
      expect(step.class).toBe('slanted_through_step');
      for (const id of step.faces) expect(classOf(id), `face ${id}`).toBe('slanted_through_step');
    }
  });

  it('syn_s109_000018: a slanted step face in two pieces, parted by later cuts: one slanted step, not a two-sided one, and not stock', async () => {
    const { labels, classOf, featureOf } = await tier2ByStepId('syn_s109_000018');
    const step = labels.generator.instances['0'];
    expect(step.class).toBe('slanted_through_step');
    expect(step.faces).toHaveLength(2);
    for (const id of step.faces) expect(classOf(id), `face ${id}`).toBe('slanted_through_step');
    expect(new Set(step.faces.map(featureOf)).size).toBe(1);
  });
});
