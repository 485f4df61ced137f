/**
 * Tier 2 on a passage whose ring of walls another cut reached (session 16; seed 116 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). The hexagonal passage runs from a stock face down into a
 * pocket's wall, and a circular blind step cut across the edge between two of its walls: the step's floors meet the
 * passage there, so the reopened depression is open across its axis as well as through it, and the through-step rule
 * read the six walls as a two-sided step. Its walls surround the axis — every side is closed by its own wall — which no
 * step's or slot's faces do (docs/labelling.md, "when a side is closed").
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: a passage whose ring of walls another cut reached', () => {
  it('syn_s116_000022: the six walls are one 6sides_passage; the two-sided through step beside it stays a step', async () => {
    const { labels, classOf, featureOf } = await tier2ByStepId('syn_s116_000022');
    const instances = Object.values(labels.generator.instances);
    const passage = instances.find((i) => i.class === '6sides_passage')!;
    expect(passage.faces).toHaveLength(6);
    for (const id of passage.faces) expect(classOf(id), `face ${id}`).toBe('6sides_passage');
    expect(new Set(passage.faces.map(featureOf)).size).toBe(1);
    // a step's two roof planes face the side it opens to: they leave a half-turn free and stay a step
    const step = instances.find((i) => i.class === '2sides_through_step')!;
    for (const id of step.faces) expect(classOf(id), `face ${id}`).toBe('2sides_through_step');
  });
});
