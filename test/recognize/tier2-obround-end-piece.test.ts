/**
 * Tier 2 on a circular-end pocket whose second round end another cut took most of (session 16; seed 116 dev part
 * copied to test/fixtures/synthetic/convention/, mfgen/4 labels). What is left of that end — a cylinder turning 60°,
 * tangent to one wall only, and a sliver of it by the other wall — read as corner radii that lost a wall
 * (`blend-faces.ts`, isCutShortFillet), so as rounds. Each piece touches the planes of both walls facing each other
 * across the pocket: its diameter spans the cut, which is a round end's, not a corner radius's.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: a round end cut short between two facing walls', () => {
  it('syn_s116_000011: the pieces of the circular-end pocket\'s taken end are the pocket\'s, one instance', async () => {
    const { labels, classOf, featureOf } = await tier2ByStepId('syn_s116_000011');
    const instances = Object.values(labels.generator.instances);
    const pocket = instances.find((i) => i.class === 'circular_end_pocket')!;
    expect(pocket.faces).toHaveLength(6);
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('circular_end_pocket');
    expect(new Set(pocket.faces.map(featureOf)).size).toBe(1);
    // the slots beside it keep their own class
    for (const slot of instances.filter((i) => i.class === 'h_circular_end_blind_slot'))
      for (const id of slot.faces) expect(classOf(id), `face ${id}`).toBe('h_circular_end_blind_slot');
  });
});
