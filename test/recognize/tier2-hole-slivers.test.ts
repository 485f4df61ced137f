/**
 * Session 15, on generated dev parts (seed 115, committed in test/fixtures/synthetic/convention/, mfgen/4 labels): a
 * strip of a blind hole's wall with its floor, parted from the rest of the hole by a later cut, is a piece of that
 * hole (same axis and radius), not a circular-end pocket. Each case failed before (the strip and its floor were
 * `circular_end_pocket`).
 */
import { describe, expect, it } from 'vitest';
import { tier2FacesOnConventionFixture } from '../support/generated-fixtures.js';

const tier2Faces = tier2FacesOnConventionFixture;

describe('Tier 2: slivers of a blind hole parted from it by later cuts', () => {
  it('syn_s115_000037: a 22° strip of a hole wall and its floor join the blind piece whose floor is in the same plane', async () => {
    const r = await tier2Faces('syn_s115_000037');
    expect(r.truthOf(4374).class).toBe('blind_hole');
    for (const id of [4374, 4401]) expect(r.faceClass.get(id)).toBe('blind_hole');
    expect(r.featureOf(4374)?.faces).toEqual(expect.arrayContaining([4340, 4368, 4374, 4401]));
  });

  it('syn_s115_000110: two pieces of one blind hole (wall strip and floor each) are one blind hole', async () => {
    const r = await tier2Faces('syn_s115_000110');
    const truth = [...r.truthOf(5140).faces].sort((a, b) => a - b);
    expect(r.truthOf(5140).class).toBe('blind_hole');
    expect(r.featureOf(5140)).toEqual({ type: 'blind_hole', faces: truth });
  });

  it('syn_s115_000097: a strip with a floor joining a through piece of the same wall makes it a blind hole', async () => {
    const r = await tier2Faces('syn_s115_000097');
    expect(r.truthOf(478).class).toBe('blind_hole');
    for (const id of [478, 1697, 3457]) expect(r.faceClass.get(id)).toBe('blind_hole');
    expect(r.featureOf(478)?.faces).toEqual([478, 1697, 3457]);
  });
});
