/**
 * Tier 2 on generated parts it was not tuned on (session 11; seed 105 dev parts, and seed 101 for the guard, copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels):
 * - the enclosed-pocket fallback, facing a pocket remnant with a wall missing (another cut took it), has two
 *   directions whose faces fit a floor and walls; it takes the one whose floor meets the walls all alike (all sharp or
 *   all filleted): a wall taken for the floor meets the true floor sharply and the walls through the corner radii
 *   (`enclosed-pocket-rule.ts`);
 * - a slot cut in from a side a slanted or two-sided step took, open to a stock side too, opens through the tilted
 *   face as the reopened depression's last variant (`depression-split-caps.ts`; tilted faces on the hull or not);
 * - a concave corner radius tangent to one wall whose other piece is a whole corner radius (another cut went through
 *   the corner across its length) turns the corner's angle once, not the sum of its pieces: a cut-short fillet, not a
 *   pocket's round end (`blend-faces.ts`); pieces of a round end with no whole corner among them are added up as before.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';

/** The Tier 2 answer of a fixture, read by STEP face id. */
const answers = tier2ByStepId;

describe('Tier 2: a pocket remnant with a wall gone (enclosed-pocket floor)', () => {
  it('syn_s105_000102: a pocket a two-sided step cut down to a floor and three walls is a rectangular pocket, its corner radii with it', async () => {
    const { labels, classOf, featureOf } = await answers('syn_s105_000102');
    const pocket = labels.generator.instances['4'];
    expect(pocket.class).toBe('rectangular_pocket');
    expect(pocket.faces).toEqual([372, 446, 666, 863, 987, 1202]);
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_pocket');
    expect(new Set(pocket.faces.map(featureOf)).size).toBe(1);
  });

  it('syn_s105_000104: a pocket a through hole cut in two, entered through a slot\'s round end: both pieces rectangular pocket', async () => {
    const { labels, classOf } = await answers('syn_s105_000104');
    const pocket = labels.generator.instances['6'];
    expect(pocket.class).toBe('rectangular_pocket');
    expect(pocket.faces).toHaveLength(12);
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_pocket');
  });
});

describe('Tier 2: a slot cut in through a tilted step face and open to a stock side', () => {
  it('syn_s105_000063: an h slot entered through a slanted through step\'s face (on the hull)', async () => {
    const { labels, classOf, featureOf } = await answers('syn_s105_000063');
    const slot = labels.generator.instances['2'];
    expect(slot.class).toBe('h_circular_end_blind_slot');
    expect(slot.faces).toEqual([838, 888, 937, 972]);
    for (const id of slot.faces) expect(classOf(id), `face ${id}`).toBe('h_circular_end_blind_slot');
    expect(new Set(slot.faces.map(featureOf)).size).toBe(1);
  });

  it('syn_s105_000164: an h slot entered through a face of a V-shaped two-sided step (not on the hull)', async () => {
    const { labels, classOf } = await answers('syn_s105_000164');
    const slot = labels.generator.instances['1'];
    expect(slot.class).toBe('h_circular_end_blind_slot');
    // 778 is the other quarter-round end, cut short by an edge round: still a fillet (not changed here)
    for (const id of [579, 751, 805]) expect(classOf(id), `face ${id}`).toBe('h_circular_end_blind_slot');
  });

  it('syn_s105_000256: a v slot entered through a slanted step face tilted 2.3° (too little for the hull skin test)', async () => {
    const { labels, classOf } = await answers('syn_s105_000256');
    const slot = labels.generator.instances['3'];
    expect(slot.class).toBe('v_circular_end_blind_slot');
    expect(slot.faces).toEqual([898, 947, 997, 1026]);
    for (const id of slot.faces) expect(classOf(id), `face ${id}`).toBe('v_circular_end_blind_slot');
  });
});

describe('Tier 2: a corner radius cut through across its length', () => {
  it('syn_s105_000035: the piece of a corner radius beside a whole one is a cut-short fillet; the pocket stays rectangular', async () => {
    const { part, labels, classOf, faceOf } = await answers('syn_s105_000035');
    const pocket = labels.generator.instances['4'];
    expect(pocket.class).toBe('rectangular_pocket');
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    // 3039: the piece tangent to one wall; 1841: the whole corner of the same cylinder
    expect(ctx.blend[faceOf.get(3039)!]).toBe('round');
    expect(ctx.blend[faceOf.get(1841)!]).toBe('round');
    // every face but that piece (it does not reach the floor, so the pocket does not take it back) is the pocket's
    for (const id of pocket.faces.filter((x) => x !== 3039)) expect(classOf(id), `face ${id}`).toBe('rectangular_pocket');
  });

  it('syn_s101_000136 (guard): two pieces of a circular-end pocket\'s round end at one angle, no whole corner among them, stay the pocket\'s', async () => {
    const { part, labels, classOf, faceOf } = await answers('syn_s101_000136');
    const pocket = labels.generator.instances['6'];
    expect(pocket.class).toBe('circular_end_pocket');
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    expect(ctx.blend[faceOf.get(2488)!]).toBeNull();
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('circular_end_pocket');
  });
});
