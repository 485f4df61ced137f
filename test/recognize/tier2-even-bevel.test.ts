/**
 * Session 15, on a generated dev part (seed 115, committed in test/fixtures/synthetic/convention/, mfgen/4 labels): an
 * equal-distance chamfer of an edge that is not square — here a two-sided step's 77° edge, the bevel 38.5° to each
 * face — is a chamfer, also where a later pocket cut into it. Before, only 30°, 45° and 60° bevels were chamfers, and
 * the pocket rule took this one as a sixth wall (the pocket read `6sides_pocket`).
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

describe('Tier 2: an even bevel of an edge that is not square', () => {
  it('syn_s115_000057: a 38.5° chamfer a pocket cut into is a chamfer, and the pocket stays rectangular', async () => {
    const { part, result } = await tier2OnConventionFixture('syn_s115_000057');
    const stepId = (i: number) => part.faces[i].stepId!;
    const faceClass = new Map(result.faces.map((f) => [stepId(f.faceIndex), f.className]));
    expect(faceClass.get(424)).toBe('chamfer');
    const pocket = result.features.find((f) => f.faces.some((i) => stepId(i) === 605));
    expect(pocket?.type).toBe('rectangular_pocket');
    expect(pocket?.faces.map(stepId).sort((a, b) => a - b)).toEqual([605, 826, 1251, 1300, 1412, 2358, 2581]);
  });
});
