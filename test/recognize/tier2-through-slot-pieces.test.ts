/**
 * Session 15, on generated dev parts (seed 113, committed in test/fixtures/synthetic/convention/, mfgen/4 labels):
 * - a through slot that a deeper crossing slot parted into two pieces on the same surfaces is one slot (one tool pass,
 *   docs/labelling.md "Where a feature ends"); until session 15 Tier 2 kept such pieces apart;
 * - a floor and one square wall open at one end of their run and to both sides they face, the other end running into a
 *   slanted step, is a rectangular through step (rule `through-step (run-out)`): a blind step would have an end wall.
 * - a rounded-rectangle passage that runs out through a two-sided step's roof (3° off square to its corner radii) keeps
 *   its corner radii (the cutter's), instead of calling them fillets.
 * Each case failed before (two instances; `rectangular_blind_step`; four `round` faces).
 */
import { describe, expect, it } from 'vitest';
import { tier2InstancesOnConventionFixture } from '../support/generated-fixtures.js';

const tier2Instances = tier2InstancesOnConventionFixture;

describe('Tier 2: through slots in pieces, steps that run out into another cut', () => {
  it('syn_s113_000010: a circular through slot parted by a crossing slot (two cylinder pieces of one axis) is one slot', async () => {
    const r = await tier2Instances('syn_s113_000010', 'circular_through_slot');
    expect(r.truth).toEqual([[2249, 3074]]);
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s113_000036: a rectangular through slot in two three-faced pieces on the same planes is one slot; the whole slot beside it stays its own', async () => {
    const r = await tier2Instances('syn_s113_000036', 'rectangular_through_slot');
    expect(r.truth).toEqual([[1637, 1770, 1797], [2335, 2362, 2389, 2610, 2637, 2664]]);
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s113_000062: a corner step (floor and one wall) whose far end a slanted step took is a rectangular through step', async () => {
    const r = await tier2Instances('syn_s113_000062', 'rectangular_through_step');
    expect(r.truth).toEqual([[526, 618]]);
    expect(r.predicted).toEqual(r.truth);
    expect(r.faceClass.get(768)).toBe('slanted_through_step');
  });

  it('syn_s113_000138: the same run-out step in three faces (a floor in two pieces) is one rectangular through step', async () => {
    const r = await tier2Instances('syn_s113_000138', 'rectangular_through_step');
    expect(r.truth).toEqual([[1139, 1462, 1673]]);
    expect(r.predicted).toEqual(r.truth);
  });

  it('syn_s113_000054: a rounded-rectangle passage ending on a slightly tilted step roof keeps its four corner radii', async () => {
    const r = await tier2Instances('syn_s113_000054', 'rectangular_passage');
    expect(r.truth).toEqual([[702, 776, 829, 886, 933, 980, 1037, 1094]]);
    expect(r.predicted).toEqual(r.truth);
  });
});
