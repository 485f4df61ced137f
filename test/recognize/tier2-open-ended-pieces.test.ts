/**
 * Tier 2 on pieces other cuts left open at their ends (session 14; seed 111 dev parts copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels):
 * - pieces of a passage none of which reads as a feature alone are reopened together, as a whole unexplained
 *   depression is (`reopen-depression.ts`): the far piece ends in a two-sided step's face, the group then opens there;
 * - two walls facing each other over a floor, with no wall across them, open to one side: a through slot whose ends run
 *   out into other cuts (the generator's `slot_end_taken`), not a pocket (rule `pocket (run-out)`);
 * - pieces of one slanted plane that meets another tilted plane elsewhere in the part are a two-sided step's roof, also
 *   where the pieces open to two sides (the session-13 reading, now in every branch of the through-step rule). A guard:
 *   right before session 14; the group reopen alone made the pieces a slanted step.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: pieces open at their ends', () => {
  it('syn_s111_000014: a triangular passage a blind hole parted, the far piece ending in a step face, is a passage', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s111_000014');
    const passage = labels.generator.instances['3'];
    expect(passage.class).toBe('triangular_passage');
    for (const id of passage.faces) expect(classOf(id), `face ${id}`).toBe('triangular_passage');
  });

  it('syn_s111_000068: a blind slot whose end wall a later cut took (two walls and a floor) is a through slot', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s111_000068');
    const slot = labels.generator.instances['3'];
    expect(slot.class).toBe('rectangular_through_slot');
    for (const id of slot.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_through_slot');
  });

  it('syn_s111_000047: pieces of a two-sided step roof that a pocket and a slot parted are no slanted step', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s111_000047');
    const step = labels.generator.instances['0'];
    expect(step.class).toBe('2sides_through_step');
    const classes = step.faces.map(classOf);
    expect(classes).not.toContain('slanted_through_step');
    expect(classes.filter((c) => c === '2sides_through_step').length).toBeGreaterThanOrEqual(4);
  });
});
