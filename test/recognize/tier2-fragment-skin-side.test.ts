/**
 * Tier 2 on a passage that two crossing cuts took into three pieces (session 14; seed 111 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). Pieces on the same planes are tried together
 * (`merge-fragments.ts`); the group opens where any of its pieces opens. One piece reaches the outside only through a
 * slanted step's face (a tilted skin side, which `stockDirsOf` reads only for faces meeting no stock face); read for
 * the group as a whole, where another piece meets a stock face, that side was lost and the middle piece, open to no
 * side, was left `other_feature`.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';

describe('Tier 2: pieces of a passage, one opening through a tilted face', () => {
  it('syn_s111_000061: all three pieces of the triangular passage are triangular_passage', async () => {
    const { labels, classOf } = await tier2ByStepId('syn_s111_000061');
    const passage = labels.generator.instances['3'];
    expect(passage.class).toBe('triangular_passage');
    for (const id of passage.faces) expect(classOf(id), `face ${id}`).toBe('triangular_passage');
  });
});
